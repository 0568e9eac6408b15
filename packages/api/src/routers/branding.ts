import { router } from '../trpc.ts';

export const brandingRouter = router({});
