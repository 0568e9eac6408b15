import { createCallerFactory, router } from './trpc.ts';
import { accountRouter } from './routers/account.ts';
import { catalogRouter } from './routers/catalog.ts';
import { brandingRouter } from './routers/branding.ts';
import { authRouter } from './routers/auth.ts';
import { companyRouter } from './routers/company.ts';
import { customersRouter } from './routers/customers.ts';
import { dashboardRouter } from './routers/dashboard.ts';
import { emailNotificationsRouter } from './routers/email-notifications.ts';
import { licensePoolRouter } from './routers/license-pool.ts';
import { partnersRouter } from './routers/partners.ts';
import { portalRouter } from './routers/portal.ts';
import { registrationKeysRouter } from './routers/registration-keys.ts';
import { searchRouter } from './routers/search.ts';
import { servicePlansRouter } from './routers/service-plans.ts';
import { transactionsRouter } from './routers/transactions.ts';
import { usageReportsRouter } from './routers/usage-reports.ts';
import { billingReportsRouter } from './routers/billing-reports.ts';
import { priceListsRouter } from './routers/price-lists.ts';
import { promoCodesRouter } from './routers/promo-codes.ts';

/** One router per navigation area; the names are part of the product. */
export const appRouter = router({
  auth: authRouter,
  search: searchRouter,
  dashboard: dashboardRouter,
  partners: partnersRouter,
  customers: customersRouter,
  licensePool: licensePoolRouter,
  servicePlans: servicePlansRouter,
  catalog: catalogRouter,
  transactions: transactionsRouter,
  registrationKeys: registrationKeysRouter,
  usageReports: usageReportsRouter,
  billingReports: billingReportsRouter,
  priceLists: priceListsRouter,
  promoCodes: promoCodesRouter,
  branding: brandingRouter,
  portal: portalRouter,
  emailNotifications: emailNotificationsRouter,
  company: companyRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;

export const createApiCaller = createCallerFactory(appRouter);
export type ApiCaller = ReturnType<typeof createApiCaller>;
