import { router } from '../trpc.ts';

export const portalRouter = router({});
