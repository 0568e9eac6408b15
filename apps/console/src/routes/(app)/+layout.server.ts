import { redirect } from '@sveltejs/kit';
import { signInPath } from '#lib/areas.ts';
import { navLabel, roleLabel, tierLabel } from '#lib/labels.ts';
import type { LayoutServerLoad } from './$types';

export const load = (({ locals, url }) => {
  if (!locals.auth) redirect(303, signInPath(url));
  // The session's id stays on the server; the page needs only who is signed in and what they may do.
  const { session: _session, ...signedIn } = locals.auth;
  // The bar's, the tier's and the role's names in the user's language, translated on the server so
  // their messages stay out of every page's scripts.
  const auth = {
    ...signedIn,
    tierLabel: tierLabel(signedIn.tier),
    roleLabel: roleLabel(signedIn.user.role),
    navigation: signedIn.navigation.map((group) => ({
      ...group,
      label: navLabel(group.label),
      items: group.items.map((item) => ({ ...item, label: navLabel(item.label) })),
    })),
  };
  return { auth };
}) satisfies LayoutServerLoad;
