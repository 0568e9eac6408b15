import type { Permission } from './privileges.ts';

export interface NavItem {
  label: string;
  href: string;
  /** Shown when the user holds any of these. */
  anyOf: Permission[];
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

/**
 * The console's navigation bar (DESIGN §2). Each item names the privileges that open it, so the
 * bar is derived from the same table the server enforces.
 */
export const NAVIGATION: NavGroup[] = [
  {
    label: 'Dashboard',
    items: [{ label: 'Dashboard', href: '/dashboard', anyOf: ['dashboard.view'] }],
  },
  // A customer's home: first in its bar, as Dashboard is in a partner's.
  {
    label: 'My Products',
    items: [{ label: 'My Products', href: '/portal', anyOf: ['portal.use'] }],
  },
  {
    label: 'Users & Licenses',
    items: [
      // A vendor's license manager opens its tier-1s for their stock only.
      { label: 'Partners', href: '/licenses/partners', anyOf: ['partners.view', 'tier1Stock.view'] },
      { label: 'Customers', href: '/licenses/customers', anyOf: ['customers.view'] },
      { label: 'License Pool', href: '/licenses/pool', anyOf: ['licensePool.view'] },
      { label: 'Product Catalog', href: '/licenses/catalog', anyOf: ['catalog.view'] },
      { label: 'Service Plans', href: '/licenses/service-plans', anyOf: ['servicePlans.view'] },
      {
        label: 'Registration Keys',
        href: '/licenses/registration-keys',
        anyOf: ['registrationKeys.view'],
      },
    ],
  },
  {
    label: 'Reports',
    items: [
      { label: 'Usage Reports', href: '/reports/usage', anyOf: ['usageReports.view'] },
      { label: 'Billing Reports', href: '/reports/billing', anyOf: ['billingReports.view'] },
    ],
  },
  {
    label: 'Administration',
    items: [
      { label: 'Account Information', href: '/admin/account', anyOf: ['account.self'] },
      { label: 'Company Information', href: '/admin/company', anyOf: ['company.view'] },
      { label: 'Branding Settings', href: '/admin/branding', anyOf: ['branding.modify'] },
      {
        label: 'Email Notifications',
        href: '/admin/email-notifications',
        anyOf: ['emails.templates', 'emails.sent', 'emails.scheduled'],
      },
      { label: 'Customer Transactions', href: '/admin/transactions', anyOf: ['transactions.view'] },
      // The vendor's; a tier-1 reads its own prices on its billing reports.
      { label: 'Price Lists', href: '/admin/price-lists', anyOf: ['priceLists.modify'] },
    ],
  },
];

/** The groups and items a user with these permissions sees; empty groups are dropped. */
export function navigationFor(permissions: readonly Permission[]): NavGroup[] {
  const held = new Set(permissions);
  return NAVIGATION.map((group) => ({
    ...group,
    items: group.items.filter((item) => item.anyOf.some((p) => held.has(p))),
  })).filter((group) => group.items.length > 0);
}
