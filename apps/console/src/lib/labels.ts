import type { Tier } from '@keyway/core/privileges';
import type { UserRole } from '@keyway/db';
import { m } from '#lib/paraglide/messages.js';

/*
 * Words the server hands the console in English (the navigation bar's labels, a tier's and a role's
 * name), shown in the page's language. The navigation is keyed by its English label, which is the
 * one table (packages/core/src/navigation.ts) the bar and the privileges come from; a label without
 * a message here shows as it is, and a unit test fails until it has one.
 */
export const NAV_LABELS: Record<string, () => string> = {
  Dashboard: m.nav_dashboard,
  'My Products': m.nav_my_products,
  'Users & Licenses': m.nav_users_licenses,
  Partners: m.nav_partners,
  Customers: m.nav_customers,
  'License Pool': m.nav_license_pool,
  'Service Plans': m.nav_service_plans,
  'Registration Keys': m.nav_registration_keys,
  Reports: m.nav_reports,
  'Usage Reports': m.nav_usage_reports,
  'Billing Reports': m.nav_billing_reports,
  Administration: m.nav_administration,
  'Account Information': m.nav_account_information,
  'Company Information': m.nav_company_information,
  'Branding Settings': m.nav_branding_settings,
  'Email Notifications': m.nav_email_notifications,
  'Customer Transactions': m.nav_customer_transactions,
  'Price Lists': m.nav_price_lists,
  'Product Catalog': m.nav_product_catalog,
};

export const navLabel = (label: string) => NAV_LABELS[label]?.() ?? label;

const TIERS: Record<Tier, () => string> = {
  vendor: m.tier_vendor,
  tier1: m.tier_tier1,
  msp: m.tier_msp,
  reseller: m.tier_reseller,
  customer: m.tier_customer,
};

const ROLES: Record<UserRole, () => string> = {
  admin: m.role_admin,
  customer_account_manager: m.role_customer_account_manager,
  partner_account_manager: m.role_partner_account_manager,
  license_manager: m.role_license_manager,
  support_manager: m.role_support_manager,
  support_engineer: m.role_support_engineer,
  billing_manager: m.role_billing_manager,
};

export const tierLabel = (tier: Tier) => TIERS[tier]();
export const roleLabel = (role: UserRole) => ROLES[role]();

/**
 * Message functions read as plain strings (`labels.sent`, `noun.one`): each value is looked up as
 * it is read, so a table made once at load still speaks the page's language.
 */
export function liveLabels<K extends string>(messages: Record<K, () => string>): Record<K, string> {
  const labels = {} as Record<K, string>;
  for (const [key, message] of Object.entries(messages) as [K, () => string][]) {
    Object.defineProperty(labels, key, { get: message, enumerable: true });
  }
  return labels;
}
