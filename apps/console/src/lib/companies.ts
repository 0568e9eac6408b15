import type { BadgeVariant } from '#lib/components/ui/badge/index.ts';

type Kind = 'vendor' | 'tier1' | 'tier2' | 'customer';
type Type = 'distributor' | 'isp' | 'msp' | 'reseller' | null;
type Status = 'active' | 'suspended' | 'canceled' | 'enabled' | 'disabled';

const TYPE_LABELS: Record<NonNullable<Type>, string> = {
  distributor: 'Distributor',
  isp: 'ISP',
  msp: 'MSP',
  reseller: 'Reseller',
};

/** "Customer", "MSP", "Reseller", "Tier-1 · ISP" … as the console shows a company's place in the tree. */
export function companyTypeLabel(company: { kind: Kind; type: Type }): string {
  if (company.kind === 'customer') return 'Customer';
  if (company.kind === 'vendor') return 'Vendor';
  const type = company.type ? TYPE_LABELS[company.type] : undefined;
  if (company.kind === 'tier1') return type ? `Tier-1 · ${type}` : 'Tier-1';
  return type ?? 'Tier-2';
}

const STATUS_LABELS: Record<Status, string> = {
  active: 'Active',
  suspended: 'Suspended',
  canceled: 'Canceled',
  enabled: 'Enabled',
  disabled: 'Disabled',
};

const STATUS_VARIANTS: Record<Status, BadgeVariant> = {
  active: 'success',
  enabled: 'success',
  suspended: 'warning',
  canceled: 'destructive',
  disabled: 'muted',
};

export function statusLabel(status: Status): string {
  return STATUS_LABELS[status];
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
