import { z } from 'zod';
import { ZListEndpointsInput } from '@keyway/core/branding';
import { ZListLegalDocumentsInput } from '@keyway/core/branding';
import { defineListParams } from '#lib/components/list/list-params.ts';

export const BRANDING_TABS = ['legal', 'data-centers', 'regional-services'] as const;

/** The Branding page's address: its tab, and the legal documents' filters. */
export const legalList = defineListParams(ZListLegalDocumentsInput, {
  tab: { schema: z.enum(BRANDING_TABS), kind: 'view' },
  kind: { path: 'filters.kind' },
  product: { path: 'filters.productId' },
  language: { path: 'filters.language' },
  status: { path: 'filters.status' },
});

/** Data centers and regional services: no filters of their own. */
export const endpointsList = defineListParams(ZListEndpointsInput, {});
