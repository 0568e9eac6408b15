import {
  addMoreLicenses,
  approveLicenseRequest,
  createLicenseRequest,
  listLicenseRequests,
  listPools,
  refillPool,
  rejectLicenseRequest,
  setAutoRefill,
  setMinimum,
  ZAddMoreInput,
  ZApproveLicenseRequestInput,
  ZCreateLicenseRequestInput,
  ZListLicenseRequestsInput,
  ZListPoolsInput,
  ZRefillInput,
  ZRejectLicenseRequestInput,
  ZSetAutoRefillInput,
  ZSetMinimumInput,
} from '@keyway/core/license-pool';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('licensePool.view'));
const modify = companyProcedure.use(requires('licensePool.modify'));
/** Tier-1 only: stock from the vendor. */
const fromVendor = companyProcedure.use(requires('licensePool.requestFromVendor'));
/** Tier-1 only: units to partners, which includes deciding their requests. */
const toPartner = companyProcedure.use(requires('licensePool.assignToPartner'));

export const licensePoolRouter = router({
  list: view.input(ZListPoolsInput).query(({ ctx, input }) => listPools(ctx.db, ctx.actor, input)),
  addMore: fromVendor.input(ZAddMoreInput).mutation(({ ctx, input }) => addMoreLicenses(ctx.db, ctx.actor, input)),
  setAutoRefill: fromVendor
    .input(ZSetAutoRefillInput)
    .mutation(({ ctx, input }) => setAutoRefill(ctx.db, ctx.jobs, ctx.actor, input)),
  setMinimum: modify.input(ZSetMinimumInput).mutation(({ ctx, input }) => setMinimum(ctx.db, ctx.actor, input)),
  refill: modify.input(ZRefillInput).mutation(({ ctx, input }) => refillPool(ctx.db, ctx.jobs, ctx.actor, input)),
  requests: router({
    list: view.input(ZListLicenseRequestsInput).query(({ ctx, input }) => listLicenseRequests(ctx.db, ctx.actor, input)),
    // A tier-2 asks its parent. Resellers hold no license-pool privilege (DESIGN §1), so MSPs ask.
    create: modify
      .input(ZCreateLicenseRequestInput)
      .mutation(({ ctx, input }) => createLicenseRequest(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
    approve: toPartner
      .input(ZApproveLicenseRequestInput)
      .mutation(({ ctx, input }) => approveLicenseRequest(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
    reject: toPartner
      .input(ZRejectLicenseRequestInput)
      .mutation(({ ctx, input }) => rejectLicenseRequest(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  }),
});
