import { licenseFilterOptions } from '@keyway/core/licenses';
import { searchCompanies, ZSearchCompaniesInput } from '@keyway/core/search';
import { companyProcedure, requires, router } from '../trpc.ts';

export const searchRouter = router({
  companies: companyProcedure
    .use(requires('customers.view', 'partners.view'))
    .input(ZSearchCompaniesInput)
    .query(({ ctx, input }) => searchCompanies(ctx.db, ctx.actor, input)),
  /** The products and license statuses the partners, customers and search filters offer. */
  licenseFilterOptions: companyProcedure
    .use(requires('customers.view', 'partners.view'))
    .query(({ ctx }) => licenseFilterOptions(ctx.db)),
});
