import {
  cancelPartner,
  createPartner,
  getPartner,
  listPartners,
  reactivatePartner,
  suspendPartner,
  updatePartner,
  ZCancelPartnerInput,
  ZCreatePartnerInput,
  ZListPartnersInput,
  ZPartnerIdInput,
  ZSuspendPartnerInput,
  ZUpdatePartnerInput,
} from '@keyway/core';
import { companyProcedure, requires, router } from '../trpc.ts';
import { partnerLicensesRouter } from './license-pool.ts';

const view = companyProcedure.use(requires('partners.view'));
const create = companyProcedure.use(requires('partners.create'));
const modify = companyProcedure.use(requires('partners.modify'));

export const partnersRouter = router({
  list: view.input(ZListPartnersInput).query(({ ctx, input }) => listPartners(ctx.db, ctx.actor, input)),
  get: view.input(ZPartnerIdInput).query(({ ctx, input }) => getPartner(ctx.db, ctx.actor, input)),
  create: create
    .input(ZCreatePartnerInput)
    .mutation(({ ctx, input }) => createPartner(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  update: modify.input(ZUpdatePartnerInput).mutation(({ ctx, input }) => updatePartner(ctx.db, ctx.actor, input)),
  suspend: modify.input(ZSuspendPartnerInput).mutation(({ ctx, input }) => suspendPartner(ctx.db, ctx.actor, input)),
  reactivate: modify.input(ZPartnerIdInput).mutation(({ ctx, input }) => reactivatePartner(ctx.db, ctx.actor, input)),
  cancel: modify.input(ZCancelPartnerInput).mutation(({ ctx, input }) => cancelPartner(ctx.db, ctx.actor, input)),
  licenses: partnerLicensesRouter,
});
