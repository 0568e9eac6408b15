import type { ApiKeyScope } from '@keyway/core/auth';
import type { Currency } from '@keyway/core/price-lists';
import type { Tier } from '@keyway/core/privileges';
import type { PromoCodeAllows, TransactionType, UserRole } from '@keyway/db';
import type { EmailEvent } from '@keyway/email';
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

/*
 * Codes the server sends with an English label (a transaction's type, an API key's scope, what a
 * promo code allows, a currency, a mail event): the console names each code itself. Every code
 * the server can send has a message (labels.test.ts), so a new one fails a test until it has one.
 */
export const TRANSACTION_TYPES: Record<TransactionType, () => string> = {
  'new-purchase': m.transactions_type_new_purchase,
  'license-change': m.transactions_type_license_change,
  conversion: m.transactions_type_conversion,
  discontinue: m.transactions_type_discontinue,
  'suite-composition-change': m.transactions_type_suite_composition_change,
};

export const API_KEY_SCOPES: Record<ApiKeyScope, () => string> = {
  'usage:write': m.api_keys_scope_usage_write,
};

export const PROMO_CODE_ALLOWS: Record<PromoCodeAllows, () => string> = {
  unit_price: m.price_lists_allows_unit_price,
  margin: m.price_lists_allows_margin,
};

export const CURRENCY_NAMES: Record<Currency, () => string> = {
  USD: m.price_lists_currency_usd,
  EUR: m.price_lists_currency_eur,
  CHF: m.price_lists_currency_chf,
  GBP: m.price_lists_currency_gbp,
  JPY: m.price_lists_currency_jpy,
  KWD: m.price_lists_currency_kwd,
};

export const EMAIL_EVENTS: Record<EmailEvent, { label: () => string; description: () => string }> = {
  'account-created': { label: m.email_event_account_created, description: m.email_event_account_created_description },
  'reset-password': { label: m.email_event_reset_password, description: m.email_event_reset_password_description },
  'license-added': { label: m.email_event_license_added, description: m.email_event_license_added_description },
  'license-modified': { label: m.email_event_license_modified, description: m.email_event_license_modified_description },
  'license-discontinued': { label: m.email_event_license_discontinued, description: m.email_event_license_discontinued_description },
  'registration-required': { label: m.email_event_registration_required, description: m.email_event_registration_required_description },
  'registration-confirmation': {
    label: m.email_event_registration_confirmation,
    description: m.email_event_registration_confirmation_description,
  },
  'license-expiring': { label: m.email_event_license_expiring, description: m.email_event_license_expiring_description },
  'usage-report-ready': { label: m.email_event_usage_report_ready, description: m.email_event_usage_report_ready_description },
  'usage-report-reminder': { label: m.email_event_usage_report_reminder, description: m.email_event_usage_report_reminder_description },
  'usage-report-rejected': { label: m.email_event_usage_report_rejected, description: m.email_event_usage_report_rejected_description },
  'billing-report-ready': { label: m.email_event_billing_report_ready, description: m.email_event_billing_report_ready_description },
  'billing-report-returned': { label: m.email_event_billing_report_returned, description: m.email_event_billing_report_returned_description },
  'billing-report-completed': {
    label: m.email_event_billing_report_completed,
    description: m.email_event_billing_report_completed_description,
  },
  'license-request-received': {
    label: m.email_event_license_request_received,
    description: m.email_event_license_request_received_description,
  },
  'license-request-decided': {
    label: m.email_event_license_request_decided,
    description: m.email_event_license_request_decided_description,
  },
};

/**
 * What each `{{variable}}` of a mail holds, by variable name; `event/name` where one event's
 * variable means something else than the same name elsewhere.
 */
export const EMAIL_VARIABLES: Record<string, () => string> = {
  recipientName: m.email_var_recipient_name,
  companyName: m.email_var_company_name,
  accountName: m.email_var_account_name,
  'reset-password/accountName': m.email_var_reset_password_account_name,
  signInUrl: m.email_var_sign_in_url,
  setPasswordUrl: m.email_var_set_password_url,
  senderName: m.email_var_sender_name,
  resetUrl: m.email_var_reset_url,
  validForHours: m.email_var_valid_for_hours,
  customerName: m.email_var_customer_name,
  productName: m.email_var_product_name,
  planName: m.email_var_plan_name,
  units: m.email_var_units,
  'license-request-received/units': m.email_var_requested_units,
  'license-request-decided/units': m.email_var_requested_units,
  'license-modified/units': m.email_var_license_modified_units,
  unitType: m.email_var_unit_type,
  startDate: m.email_var_start_date,
  expiryDate: m.email_var_expiry_date,
  'license-modified/expiryDate': m.email_var_license_modified_expiry_date,
  'license-discontinued/expiryDate': m.email_var_license_discontinued_expiry_date,
  licenseStatus: m.email_var_license_status,
  portalUrl: m.email_var_portal_url,
  previousUnits: m.email_var_previous_units,
  previousExpiryDate: m.email_var_previous_expiry_date,
  registrationKey: m.email_var_registration_key,
  'registration-confirmation/registrationKey': m.email_var_registration_confirmation_registration_key,
  keyValidUntil: m.email_var_key_valid_until,
  registrationUrl: m.email_var_registration_url,
  activationCode: m.email_var_activation_code,
  daysLeft: m.email_var_days_left,
  partnerName: m.email_var_partner_name,
  'license-request-received/partnerName': m.email_var_license_request_received_partner_name,
  'license-request-decided/partnerName': m.email_var_license_request_decided_partner_name,
  cycle: m.email_var_cycle,
  submitBy: m.email_var_submit_by,
  'usage-report-reminder/submitBy': m.email_var_usage_report_reminder_submit_by,
  customerCount: m.email_var_customer_count,
  reportUrl: m.email_var_report_url,
  reviewerName: m.email_var_reviewer_name,
  'billing-report-returned/reviewerName': m.email_var_billing_report_returned_reviewer_name,
  rejectionComment: m.email_var_rejection_comment,
  invoiceTotal: m.email_var_invoice_total,
  lineCount: m.email_var_line_count,
  purchaseOrder: m.email_var_purchase_order,
  returnComment: m.email_var_return_comment,
  versionType: m.email_var_version_type,
  requestNote: m.email_var_request_note,
  requestsUrl: m.email_var_requests_url,
  parentName: m.email_var_parent_name,
  decision: m.email_var_decision,
  rejectionReason: m.email_var_rejection_reason,
  poolUrl: m.email_var_pool_url,
};

/** A code's name in the page's language; a code this console does not know yet shows as it is. */
const named = <C extends string>(names: Record<C, () => string>) => (code: string) => names[code as C]?.() ?? code;

export const transactionTypeLabel = named(TRANSACTION_TYPES);
export const apiKeyScopeLabel = named(API_KEY_SCOPES);
export const promoCodeAllowsLabel = named(PROMO_CODE_ALLOWS);
export const currencyName = named(CURRENCY_NAMES);
export const emailEventLabel = (event: string) => EMAIL_EVENTS[event as EmailEvent]?.label() ?? event;
export const emailEventDescription = (event: string) => EMAIL_EVENTS[event as EmailEvent]?.description() ?? '';
/** What a mail event's `{{variable}}` holds, in the page's language; `fallback` (the server's) for one not listed. */
export const emailVariableDescription = (event: string, name: string, fallback = '') =>
  (EMAIL_VARIABLES[`${event}/${name}`] ?? EMAIL_VARIABLES[name])?.() ?? fallback;
