import { router } from '../trpc.ts';

export const servicePlansRouter = router({});
