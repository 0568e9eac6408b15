import {
  createCustomer,
  customerExport,
  getCustomer,
  listCustomers,
  setCustomerEnabled,
  updateCustomer,
  ZCreateCustomerInput,
  ZCustomerIdInput,
  ZListCustomersInput,
  ZUpdateCustomerInput,
} from '@keyway/core/customers';
import { prepareExport } from '../exports.ts';
import { companyProcedure, requires, router } from '../trpc.ts';
import { customerLicensesRouter } from './customer-licenses.ts';

const view = companyProcedure.use(requires('customers.view'));
const create = companyProcedure.use(requires('customers.create'));
const modify = companyProcedure.use(requires('customers.modify'));

export const customersRouter = router({
  list: view.input(ZListCustomersInput).query(({ ctx, input }) => listCustomers(ctx.db, ctx.actor, input)),
  get: view
    .input(ZCustomerIdInput)
    .query(({ ctx, input }) => getCustomer(ctx.db, ctx.actor, input, { origin: ctx.origin })),
  create: create
    .input(ZCreateCustomerInput)
    .mutation(({ ctx, input }) => createCustomer(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  update: modify.input(ZUpdateCustomerInput).mutation(({ ctx, input }) => updateCustomer(ctx.db, ctx.actor, input)),
  enable: modify.input(ZCustomerIdInput).mutation(({ ctx, input }) => setCustomerEnabled(ctx.db, ctx.jobs, ctx.actor, input, true)),
  /** Checks the export may run and returns the download address and row count. */
  exportSummary: prepareExport(customerExport),
  disable: modify.input(ZCustomerIdInput).mutation(({ ctx, input }) => setCustomerEnabled(ctx.db, ctx.jobs, ctx.actor, input, false)),
  licenses: customerLicensesRouter,
});
