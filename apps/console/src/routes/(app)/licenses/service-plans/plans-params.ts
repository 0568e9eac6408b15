import { ZListServicePlansInput } from '@keyway/core/service-plans';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';

/** The service plans list's filters and sort as they stand in the address (`?status=locked&nfr=yes`). */
export const plansList = defineListParams(ZListServicePlansInput, {
  q: { path: 'filters.query' },
  product: { path: 'filters.productId' },
  type: { path: 'filters.versionType' },
  status: {
    aliases: {
      enabled: { 'filters.enabled': true },
      disabled: { 'filters.enabled': false },
      locked: { 'filters.locked': true },
    },
  },
  nfr: { aliases: { yes: { 'filters.nfr': true }, no: { 'filters.nfr': false } } },
  ...sortParams(),
});
