import { redirect } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';
import { allowedTabs, tabPath } from './tabs.ts';

/** `?tab=sent` opens that tab when the user may; otherwise the first tab they may open. */
export const load = (({ locals, url }) => {
  const { auth } = requireArea(locals.auth, url);
  const tabs = allowedTabs(auth.permissions);
  const wanted = tabs.find((tab) => tab.id === url.searchParams.get('tab')) ?? tabs[0]!;
  redirect(307, tabPath(wanted.id));
}) satisfies PageServerLoad;
