import { router } from '../trpc.ts';

export const registrationKeysRouter = router({});
