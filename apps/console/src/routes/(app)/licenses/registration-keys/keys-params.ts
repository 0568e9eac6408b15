import { ZListBatchesInput, ZListKeysInput } from '@keyway/core/registration-keys';
import { defineListParams } from '#lib/components/list/list-params.ts';

/** The Registration Keys page's address: its key filters, and the plan the generate form opens on. */
export const keysList = defineListParams(ZListKeysInput, {
  plan: { path: 'filters.planId' },
  batch: { path: 'filters.batchId' },
  status: { path: 'filters.status' },
  q: { path: 'filters.query' },
  /** A plan id: the Generate keys form opens with it chosen. */
  generate: { path: 'filters.planId', kind: 'transient' },
});

/** The latest batches above the keys: no filters of their own. */
export const batchesList = defineListParams(ZListBatchesInput, {});
