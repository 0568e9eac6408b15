import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (({ locals, url }) => requireArea(locals.auth, url)) satisfies PageServerLoad;
