import type { BadgeVariant } from '#lib/components/ui/badge/index.ts';

export type LicenseStatus = 'pending' | 'active' | 'grace' | 'expired' | 'suspended' | 'discontinued';

export const STATUS_OPTIONS: readonly { value: '' | LicenseStatus; label: string }[] = [
  { value: '', label: 'All statuses' },
  { value: 'active', label: 'Active' },
  { value: 'pending', label: 'Pending first sign-in' },
  { value: 'grace', label: 'Grace period' },
  { value: 'expired', label: 'Expired' },
  { value: 'suspended', label: 'Suspended' },
  { value: 'discontinued', label: 'Discontinued' },
];

/** The status as the table shows it: colour and words, "expiring soon" inside the notice window. */
export function licenseBadge(license: { status: LicenseStatus; expiringSoon: boolean }): { label: string; variant: BadgeVariant } {
  switch (license.status) {
    case 'active':
      return license.expiringSoon ? { label: 'Expiring soon', variant: 'warning' } : { label: 'Active', variant: 'success' };
    case 'pending':
      return { label: 'Pending first sign-in', variant: 'muted' };
    case 'grace':
      return { label: 'Grace period', variant: 'warning' };
    case 'expired':
      return { label: 'Expired', variant: 'destructive' };
    case 'suspended':
      return { label: 'Suspended', variant: 'destructive' };
    case 'discontinued':
      return { label: 'Discontinued', variant: 'muted' };
  }
}

/** "1 Oct 2026" for a calendar day, whatever the viewer's time zone. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/**
 * A license's start and expiry as every page shows them: one pending its first sign-in has
 * neither yet (its period starts when the customer first signs in), whatever dates it was stored with.
 */
export function licenseDays(license: { status: string; startsOn: string | null; expiresOn: string | null }): { starts: string; expires: string } {
  if (license.status === 'pending') return { starts: 'Starts at first sign-in', expires: 'Not yet' };
  return { starts: formatDay(license.startsOn), expires: formatDay(license.expiresOn) };
}
