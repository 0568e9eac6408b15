/** Results per page of the dashboard search. */
export const SEARCH_PAGE_SIZE = 20;

/** The API accepts 1–100 characters. */
export const SEARCH_MAX_LENGTH = 100;

export type SearchKind = 'customer' | 'partner';

export function parseKind(value: string | null): SearchKind | undefined {
  return value === 'customer' || value === 'partner' ? value : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SearchLicenseStatus = 'normal' | 'expiring-soon' | 'expired';

/** `?product=`: a product's id, or nothing. */
export function parseProduct(value: string | null): string {
  return value && UUID.test(value) ? value.toLowerCase() : '';
}

/** `?license=`: a license status the search filters by, or nothing. */
export function parseLicenseStatus(value: string | null): SearchLicenseStatus | '' {
  return value === 'normal' || value === 'expiring-soon' || value === 'expired' ? value : '';
}

export function normalizeQuery(value: string | null): string {
  return (value ?? '').trim().slice(0, SEARCH_MAX_LENGTH);
}

/** The search covers customers and partners; it needs the right to view at least one of them. */
export function canSearch(permissions: readonly string[]): boolean {
  return permissions.includes('customers.view') || permissions.includes('partners.view');
}
