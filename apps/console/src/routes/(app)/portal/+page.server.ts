import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { auth, ...area } = requireArea(locals.auth, url);
  const [products, acceptances] = await Promise.all([locals.api.portal.products({}), locals.api.portal.acceptances({ limit: 20 })]);
  return { ...area, products, acceptances, companyName: auth.company.name };
}) satisfies PageServerLoad;
