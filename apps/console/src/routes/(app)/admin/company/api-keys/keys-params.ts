import { ZListApiKeysInput } from '@keyway/core/company';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';

/** The API keys list's status filter and sort as they stand in the address (`?status=revoked&sort=name`). */
export const keysList = defineListParams(ZListApiKeysInput, {
  status: { path: 'filters.status' },
  ...sortParams('sort.field'),
});
