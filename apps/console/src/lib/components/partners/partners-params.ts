import { ZListPartnersInput } from '@keyway/core/partners';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';

/**
 * The partners list's address (`?status=active&sort=createdAt&dir=desc`), read on the server
 * against the procedure's input schema.
 */
export const partnersList = defineListParams(ZListPartnersInput, {
  q: { path: 'filters.query' },
  status: { path: 'filters.status' },
  type: { path: 'filters.type' },
  /** A product's id: partners selling it (with a license status: whose customers' licenses of it are in it). */
  product: { path: 'filters.productId' },
  /** normal | expiring-soon | expired: partners whose customers have a license in that status. */
  license: { path: 'filters.licenseStatus' },
  ...sortParams(),
});

export type PartnersParams = ReturnType<typeof partnersList.read>;

export const readPartnersParams = (url: URL) => partnersList.read(url);

/** The API's input: the first page, or the one after `cursor` for "Load more". */
export const partnersListInput = (params: PartnersParams, cursor?: string) => partnersList.input(params, { cursor, limit: 25 });

/** The query string for these params, defaults left out. */
export const partnersSearch = (params: PartnersParams) => partnersList.search(params);
