import type { BadgeVariant } from '#lib/components/ui/badge/index.ts';
import { formatCalendarDay } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';

export type LicenseStatus = 'pending' | 'active' | 'grace' | 'expired' | 'suspended' | 'discontinued';

/** A license status in words, in the page's language; never the raw value. */
export const LICENSE_STATUS_LABELS: Record<LicenseStatus, () => string> = {
  active: m.license_status_active,
  pending: m.license_status_pending,
  grace: m.license_status_grace,
  expired: m.license_status_expired,
  suspended: m.license_status_suspended,
  discontinued: m.license_status_discontinued,
};

export const statusOptions = (): { value: '' | LicenseStatus; label: string }[] => [
  { value: '', label: m.common_all_statuses() },
  ...(['active', 'pending', 'grace', 'expired', 'suspended', 'discontinued'] as const).map((value) => ({
    value,
    label: LICENSE_STATUS_LABELS[value](),
  })),
];

/** The status as the table shows it: colour and words, "expiring soon" inside the notice window. */
export function licenseBadge(license: { status: LicenseStatus; expiringSoon: boolean }): { label: string; variant: BadgeVariant } {
  switch (license.status) {
    case 'active':
      return license.expiringSoon ? { label: m.license_status_expiring_soon(), variant: 'warning' } : { label: m.license_status_active(), variant: 'success' };
    case 'pending':
      return { label: m.license_status_pending(), variant: 'muted' };
    case 'grace':
      return { label: m.license_status_grace(), variant: 'warning' };
    case 'expired':
      return { label: m.license_status_expired(), variant: 'destructive' };
    case 'suspended':
      return { label: m.license_status_suspended(), variant: 'destructive' };
    case 'discontinued':
      return { label: m.license_status_discontinued(), variant: 'muted' };
  }
}

/**
 * A license's start and expiry as every page shows them: one pending its first sign-in has
 * neither yet (its period starts when the customer first signs in), whatever dates it was stored with.
 */
export function licenseDays(license: { status: string; startsOn: string | null; expiresOn: string | null }): { starts: string; expires: string } {
  if (license.status === 'pending') return { starts: m.license_starts_at_first_sign_in(), expires: m.license_not_yet() };
  return { starts: formatCalendarDay(license.startsOn), expires: formatCalendarDay(license.expiresOn) };
}
