import type { BadgeVariant } from '#lib/components/ui/badge/index.ts';
import { m } from '#lib/paraglide/messages.js';

type Kind = 'vendor' | 'tier1' | 'tier2' | 'customer';
type Type = 'distributor' | 'isp' | 'msp' | 'reseller' | null;
type Status = 'active' | 'suspended' | 'canceled' | 'enabled' | 'disabled';

const TYPE_LABELS: Record<NonNullable<Type>, () => string> = {
  distributor: m.company_type_distributor,
  isp: m.company_type_isp,
  msp: m.company_type_msp,
  reseller: m.company_type_reseller,
};

/** "Customer", "MSP", "Reseller", "Tier-1 · ISP" … as the console shows a company's place in the tree. */
export function companyTypeLabel(company: { kind: Kind; type: Type }): string {
  if (company.kind === 'customer') return m.company_type_customer();
  if (company.kind === 'vendor') return m.company_type_vendor();
  const type = company.type ? TYPE_LABELS[company.type]() : undefined;
  if (company.kind === 'tier1') return type ? `${m.company_type_tier1()} · ${type}` : m.company_type_tier1();
  return type ?? m.company_type_tier2();
}

const STATUS_LABELS: Record<Status, () => string> = {
  active: m.company_status_active,
  suspended: m.company_status_suspended,
  canceled: m.company_status_canceled,
  enabled: m.company_status_enabled,
  disabled: m.company_status_disabled,
};

const STATUS_VARIANTS: Record<Status, BadgeVariant> = {
  active: 'success',
  enabled: 'success',
  suspended: 'warning',
  canceled: 'destructive',
  disabled: 'muted',
};

export function statusLabel(status: Status): string {
  return STATUS_LABELS[status]();
}

export function statusVariant(status: Status): BadgeVariant {
  return STATUS_VARIANTS[status];
}

/** The company's page: customers under Customers, tier-1 and tier-2 companies under Partners. */
export function companyPath(company: { id: string; kind: Kind }): string {
  return company.kind === 'customer'
    ? `/licenses/customers/${company.id}`
    : `/licenses/partners/${company.id}`;
}
