import { createCallerFactory, router } from './trpc.ts';
import { accountRouter } from './routers/account.ts';
import { authRouter } from './routers/auth.ts';
import { companyRouter } from './routers/company.ts';
import { customersRouter } from './routers/customers.ts';
import { dashboardRouter } from './routers/dashboard.ts';
import { emailNotificationsRouter } from './routers/email-notifications.ts';
import { partnersRouter } from './routers/partners.ts';
import { searchRouter } from './routers/search.ts';

/** One router per navigation area; the names are part of the product. */
export const appRouter = router({
  auth: authRouter,
  search: searchRouter,
  dashboard: dashboardRouter,
  partners: partnersRouter,
  customers: customersRouter,
  emailNotifications: emailNotificationsRouter,
  company: companyRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;

export const createApiCaller = createCallerFactory(appRouter);
export type ApiCaller = ReturnType<typeof createApiCaller>;
