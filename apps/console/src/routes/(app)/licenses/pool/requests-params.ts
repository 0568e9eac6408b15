import { ZListLicenseRequestsInput } from '@keyway/core/license-pool';
import { defineListParams } from '#lib/components/list/list-params.ts';

/** License requests below the pool: no filters of their own yet. */
export const requestsList = defineListParams(ZListLicenseRequestsInput, {});
