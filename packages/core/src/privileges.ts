import type { CompanyKind, CompanyType, UserRole } from '@keyway/db';

/**
 * The tier a company acts as. Tier-1 kinds (distributor, ISP) share one set of rights; tier-2 rights
 * differ between MSPs and resellers (DESIGN §1).
 */
export type Tier = 'vendor' | 'tier1' | 'msp' | 'reseller' | 'customer';

export function tierOf(company: { kind: CompanyKind; type: CompanyType | null }): Tier {
  if (company.kind === 'tier2') return company.type === 'reseller' ? 'reseller' : 'msp';
  return company.kind;
}

const PARTNER_TIERS = ['tier1', 'msp', 'reseller'] as const satisfies Tier[];
const ALL_STAFF = [
  'admin',
  'customer_account_manager',
  'partner_account_manager',
  'license_manager',
  'support_manager',
  'support_engineer',
  'billing_manager',
] as const satisfies UserRole[];
const SUMMARY_READERS = [
  'admin',
  'customer_account_manager',
  'license_manager',
  'support_manager',
  'support_engineer',
  'billing_manager',
] as const satisfies UserRole[];

interface Rule {
  /** Tiers whose companies may do this at all. */
  tiers: readonly Tier[];
  /** Roles that may do it inside such a company. */
  roles: readonly UserRole[];
}

/**
 * What a user may do = what its company's tier allows ∩ what its role allows. This one table is
 * enforced by every procedure (`requires`) and drives the console's navigation bar.
 */
export const PRIVILEGES = {
  'dashboard.view': { tiers: ['vendor', ...PARTNER_TIERS], roles: ALL_STAFF },

  'partners.view': { tiers: ['vendor', 'tier1'], roles: ['admin', 'partner_account_manager'] },
  // The vendor's tier-1s hold its stock: their stock per product and its ledger. License managers
  // keep it; partner account managers and support read it (they open the tier-1's page anyway).
  'tier1Stock.view': {
    tiers: ['vendor'],
    roles: ['admin', 'license_manager', 'partner_account_manager', 'support_manager', 'support_engineer'],
  },
  'tier1Stock.modify': { tiers: ['vendor'], roles: ['admin', 'license_manager'] },
  'partners.create': { tiers: ['vendor', 'tier1'], roles: ['admin', 'partner_account_manager'] },
  'partners.modify': { tiers: ['vendor', 'tier1'], roles: ['admin', 'partner_account_manager'] },

  // The vendor reads the whole tree's customers; only their partners change them.
  'customers.view': { tiers: ['vendor', ...PARTNER_TIERS], roles: ['admin', 'customer_account_manager'] },
  'customers.create': { tiers: PARTNER_TIERS, roles: ['admin', 'customer_account_manager'] },
  'customers.modify': { tiers: ['tier1', 'msp'], roles: ['admin', 'customer_account_manager'] },
  'customers.summary': { tiers: PARTNER_TIERS, roles: SUMMARY_READERS },

  'licensePool.view': { tiers: ['tier1', 'msp'], roles: ['admin', 'license_manager'] },
  'licensePool.modify': { tiers: ['tier1', 'msp'], roles: ['admin', 'license_manager'] },
  'licensePool.requestFromVendor': { tiers: ['tier1'], roles: ['admin', 'license_manager'] },
  'licensePool.assignToPartner': { tiers: ['tier1'], roles: ['admin', 'license_manager'] },

  'servicePlans.view': { tiers: ['tier1', 'msp'], roles: ['admin', 'license_manager'] },
  'servicePlans.modify': { tiers: ['tier1', 'msp'], roles: ['admin', 'license_manager'] },

  'registrationKeys.view': {
    tiers: PARTNER_TIERS,
    roles: ['admin', 'customer_account_manager', 'license_manager'],
  },
  'registrationKeys.generate': {
    tiers: PARTNER_TIERS,
    roles: ['admin', 'customer_account_manager', 'license_manager'],
  },
  'registrationKeys.void': { tiers: PARTNER_TIERS, roles: ['admin', 'license_manager'] },

  'usageReports.view': {
    tiers: ['tier1', 'msp'],
    roles: ['admin', 'support_manager', 'support_engineer', 'billing_manager'],
  },
  'usageReports.modify': { tiers: ['tier1', 'msp'], roles: ['admin', 'billing_manager'] },
  'usageReports.approve': { tiers: ['tier1'], roles: ['admin', 'billing_manager'] },

  // Billing is between a tier-1 and the vendor: the tier-1 runs and submits its bills, the vendor
  // takes them in (completes or returns them). Partners and customers never see a bill.
  'billingReports.view': {
    tiers: ['vendor', 'tier1'],
    roles: ['admin', 'support_manager', 'support_engineer', 'billing_manager'],
  },
  'billingReports.run': { tiers: ['tier1'], roles: ['admin', 'billing_manager'] },
  'billingReports.intake': { tiers: ['vendor'], roles: ['admin', 'billing_manager'] },

  // The vendor's price list; a tier-1 reads its own prices, margins and currency.
  'priceLists.view': {
    tiers: ['vendor', 'tier1'],
    roles: ['admin', 'support_manager', 'support_engineer', 'billing_manager'],
  },
  'priceLists.modify': { tiers: ['vendor'], roles: ['admin', 'billing_manager'] },
  'promoCodes.view': {
    tiers: ['vendor'],
    roles: ['admin', 'support_manager', 'support_engineer', 'billing_manager'],
  },
  'promoCodes.modify': { tiers: ['vendor'], roles: ['admin', 'billing_manager'] },

  'account.self': { tiers: ['vendor', ...PARTNER_TIERS, 'customer'], roles: ALL_STAFF },

  // Administration is the Administrator's; support staff open the company's accounts to reset
  // passwords. Everyone else manages only their own account (DESIGN §1).
  'company.view': {
    tiers: ['vendor', ...PARTNER_TIERS, 'customer'],
    roles: ['admin', 'support_manager', 'support_engineer'],
  },
  'company.modify': { tiers: ['vendor', ...PARTNER_TIERS, 'customer'], roles: ['admin'] },
  'company.accounts': { tiers: ['vendor', ...PARTNER_TIERS, 'customer'], roles: ['admin'] },
  // API keys let a product back end act for the company's subtree, so only Administrators hold
  // them, and only partners and the vendor: a customer has no back end reporting for others.
  'company.apiKeys': { tiers: ['vendor', ...PARTNER_TIERS], roles: ['admin'] },
  'company.resetPasswords': {
    tiers: ['vendor', ...PARTNER_TIERS, 'customer'],
    roles: ['admin', 'support_manager', 'support_engineer'],
  },

  'branding.modify': { tiers: ['vendor', 'tier1', 'msp'], roles: ['admin'] },

  'emails.templates': { tiers: ['vendor', 'tier1', 'msp'], roles: ['admin'] },
  'emails.sent': { tiers: ['vendor', 'tier1', 'msp'], roles: ['admin'] },
  'emails.scheduled': { tiers: ['vendor', ...PARTNER_TIERS], roles: ['admin'] },

  'transactions.view': { tiers: PARTNER_TIERS, roles: SUMMARY_READERS },

  // The vendor's products: partners read them through their pools, plans and price lists.
  'catalog.view': {
    tiers: ['vendor'],
    roles: ['admin', 'license_manager', 'support_manager', 'support_engineer', 'billing_manager'],
  },
  'catalog.modify': { tiers: ['vendor'], roles: ['admin', 'license_manager'] },

  'portal.use': { tiers: ['customer'], roles: ['admin'] },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PRIVILEGES;

export const PERMISSIONS = Object.keys(PRIVILEGES) as Permission[];

/** Roles a company of this tier can give its users. */
export function rolesForTier(tier: Tier): UserRole[] {
  if (tier === 'customer') return ['admin'];
  if (tier === 'msp' || tier === 'reseller')
    return ALL_STAFF.filter((role) => role !== 'partner_account_manager');
  return [...ALL_STAFF];
}

export interface Actor {
  role: UserRole;
  tier: Tier;
}

export function can(actor: Actor, permission: Permission): boolean {
  const rule: Rule = PRIVILEGES[permission];
  return rule.tiers.includes(actor.tier) && rule.roles.includes(actor.role);
}

export function permissionsOf(actor: Actor): Permission[] {
  return PERMISSIONS.filter((permission) => can(actor, permission));
}

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: 'Administrator',
  customer_account_manager: 'Customer Account Manager',
  partner_account_manager: 'Partner Account Manager',
  license_manager: 'License Manager',
  support_manager: 'Support Manager',
  support_engineer: 'Support Engineer',
  billing_manager: 'Billing Manager',
};

export const TIER_LABELS: Record<Tier, string> = {
  vendor: 'Vendor',
  tier1: 'Tier-1 distributor',
  msp: 'MSP',
  reseller: 'Reseller',
  customer: 'Customer',
};
