import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import type { PageServerLoad } from './$types';

export const load = (() => ({ options: profileOptions() })) satisfies PageServerLoad;
