import {
  assignablePlans,
  assignLicenses,
  convertLicense,
  discontinueLicense,
  listCustomerLicenses,
  renewLicense,
  updateLicense,
  ZAssignablePlansInput,
  ZAssignLicensesInput,
  ZConvertLicenseInput,
  ZLicenseIdInput,
  ZListCustomerLicensesInput,
  ZUpdateLicenseInput,
} from '@keyway/core/customers';
import {
  checkKeyForCustomer,
  registerKeyForCustomer,
  ZPartnerCheckKeyInput,
  ZPartnerRegisterKeyInput,
} from '@keyway/core/portal';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('customers.view'));
const modify = companyProcedure.use(requires('customers.modify'));

/** `customers.licenses`: the customer's Licenses tab. */
export const customerLicensesRouter = router({
  list: view.input(ZListCustomerLicensesInput).query(({ ctx, input }) => listCustomerLicenses(ctx.db, ctx.actor, input)),
  /** The plans the caller's company may assign to this customer, with its pool's remaining units. */
  plans: modify.input(ZAssignablePlansInput).query(({ ctx, input }) => assignablePlans(ctx.db, ctx.actor, input)),
  assign: modify
    .input(ZAssignLicensesInput)
    .mutation(({ ctx, input }) => assignLicenses(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  update: modify
    .input(ZUpdateLicenseInput)
    .mutation(({ ctx, input }) => updateLicense(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  renew: modify
    .input(ZLicenseIdInput)
    .mutation(({ ctx, input }) => renewLicense(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  convert: modify
    .input(ZConvertLicenseInput)
    .mutation(({ ctx, input }) => convertLicense(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  /** A key a partner registers on the customer's behalf: what it is, the documents, the data centers. */
  checkKey: modify
    .input(ZPartnerCheckKeyInput)
    .mutation(({ ctx, input }) => checkKeyForCustomer(ctx.db, ctx.actor, input)),
  /** Registers a key for the customer, the partner's user accepting the documents for it. */
  registerKey: modify
    .input(ZPartnerRegisterKeyInput)
    .mutation(({ ctx, input }) => registerKeyForCustomer(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  discontinue: modify
    .input(ZLicenseIdInput)
    .mutation(({ ctx, input }) => discontinueLicense(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
});
