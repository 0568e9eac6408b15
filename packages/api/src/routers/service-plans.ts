import {
  approveServicePlanChanges,
  assignServicePlanToReseller,
  createServicePlan,
  getServicePlan,
  listServicePlans,
  servicePlanCatalog,
  setServicePlanEnabled,
  unassignServicePlanFromReseller,
  updateServicePlan,
  ZCreateServicePlanInput,
  ZListServicePlansInput,
  ZServicePlanIdInput,
  ZServicePlanResellerInput,
  ZSetServicePlanEnabledInput,
  ZUpdateServicePlanInput,
} from '@keyway/core/service-plans';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('servicePlans.view'));
const modify = companyProcedure.use(requires('servicePlans.modify'));

export const servicePlansRouter = router({
  list: view.input(ZListServicePlansInput).query(({ ctx, input }) => listServicePlans(ctx.db, ctx.actor, input)),
  get: view.input(ZServicePlanIdInput).query(({ ctx, input }) => getServicePlan(ctx.db, ctx.actor, input)),
  /** The products and data centers a plan form offers. */
  catalog: view.query(({ ctx }) => servicePlanCatalog(ctx.db, ctx.actor)),
  create: modify.input(ZCreateServicePlanInput).mutation(({ ctx, input }) => createServicePlan(ctx.db, ctx.actor, input)),
  update: modify.input(ZUpdateServicePlanInput).mutation(({ ctx, input }) => updateServicePlan(ctx.db, ctx.actor, input)),
  setEnabled: modify
    .input(ZSetServicePlanEnabledInput)
    .mutation(({ ctx, input }) => setServicePlanEnabled(ctx.db, ctx.actor, input)),
  approveChanges: modify
    .input(ZServicePlanIdInput)
    .mutation(({ ctx, input }) => approveServicePlanChanges(ctx.db, ctx.actor, input)),
  assignToReseller: modify
    .input(ZServicePlanResellerInput)
    .mutation(({ ctx, input }) => assignServicePlanToReseller(ctx.db, ctx.actor, input)),
  unassignFromReseller: modify
    .input(ZServicePlanResellerInput)
    .mutation(({ ctx, input }) => unassignServicePlanFromReseller(ctx.db, ctx.actor, input)),
});
