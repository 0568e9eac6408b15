import {
  addTier1Stock,
  assignPartnerLicenses,
  getTier1Stock,
  listTier1StockMovements,
  removeTier1Stock,
  ZChangeTier1StockInput,
  ZTier1StockInput,
  ZTier1StockMovementsInput,
  cancelPartner,
  createPartner,
  getPartner,
  listPartnerLicenses,
  listPartners,
  reactivatePartner,
  setPartnerLicensesDisabled,
  suspendPartner,
  updatePartner,
  ZAssignPartnerLicensesInput,
  ZCancelPartnerInput,
  ZCreatePartnerInput,
  ZDisablePartnerLicensesInput,
  ZListPartnersInput,
  ZPartnerIdInput,
  ZPartnerLicensesListInput,
  ZSuspendPartnerInput,
  ZUpdatePartnerInput,
} from '@keyway/core/partners';
import { companyProcedure, requires, router } from '../trpc.ts';

/** A vendor's license manager opens its tier-1s for their stock, without managing them. */
const view = companyProcedure.use(requires('partners.view', 'tier1Stock.view'));
const create = companyProcedure.use(requires('partners.create'));
const modify = companyProcedure.use(requires('partners.modify'));
/** The Licenses tab moves units out of the tier-1's own pool, so it asks for the pool's privileges. */
const viewPool = companyProcedure.use(requires('licensePool.view'));
const toPartner = companyProcedure.use(requires('licensePool.assignToPartner'));

/** `partners.licenses`: a tier-1's view of and changes to one partner's pools (the partner's Licenses tab). */
const partnerLicensesRouter = router({
  list: viewPool.input(ZPartnerLicensesListInput).query(({ ctx, input }) => listPartnerLicenses(ctx.db, ctx.actor, input)),
  assign: toPartner
    .input(ZAssignPartnerLicensesInput)
    .mutation(({ ctx, input }) => assignPartnerLicenses(ctx.db, ctx.jobs, ctx.actor, input)),
  /** `disabled: false` enables them again. */
  disable: toPartner
    .input(ZDisablePartnerLicensesInput)
    .mutation(({ ctx, input }) => setPartnerLicensesDisabled(ctx.db, ctx.actor, input)),
});

const viewStock = companyProcedure.use(requires('tier1Stock.view'));
const modifyStock = companyProcedure.use(requires('tier1Stock.modify'));

/** `partners.stock`: the vendor's view of and changes to a tier-1's stock (the tier-1's Stock tab). */
const tier1StockRouter = router({
  get: viewStock.input(ZTier1StockInput).query(({ ctx, input }) => getTier1Stock(ctx.db, ctx.actor, input)),
  movements: viewStock.input(ZTier1StockMovementsInput).query(({ ctx, input }) => listTier1StockMovements(ctx.db, ctx.actor, input)),
  add: modifyStock.input(ZChangeTier1StockInput).mutation(({ ctx, input }) => addTier1Stock(ctx.db, ctx.actor, input)),
  remove: modifyStock.input(ZChangeTier1StockInput).mutation(({ ctx, input }) => removeTier1Stock(ctx.db, ctx.actor, input)),
});

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
  stock: tier1StockRouter,
});
