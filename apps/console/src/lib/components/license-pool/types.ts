import type { RouterOutputs } from '#lib/trpc.ts';
import { m } from '#lib/paraglide/messages.js';

/** One product's line of a pool table, as `licensePool.list` and `partners.licenses.list` answer it. */
export type PoolLine = RouterOutputs['licensePool']['list']['items'][number];
export type LicenseRequestRow = RouterOutputs['licensePool']['requests']['list']['items'][number];
export type VersionType = 'trial' | 'full';

/** "Trial", "Full" in the page's language. */
export const VERSION_LABELS: Record<VersionType, () => string> = { trial: m.version_trial, full: m.version_full };

/** License requests the pool page shows at first and adds with each "Load more". */
export const REQUESTS_PAGE_SIZE = 50;

/** A whole number typed into a form, or null when it is not one. */
export function wholeNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(String(value ?? '').trim());
  return String(value ?? '').trim() !== '' && Number.isSafeInteger(n) ? n : null;
}
