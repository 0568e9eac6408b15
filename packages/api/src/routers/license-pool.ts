import { router } from '../trpc.ts';

export const licensePoolRouter = router({});
