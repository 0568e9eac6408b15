import { m } from '#lib/paraglide/messages.js';
import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { apiKeyScopeLabel } from '#lib/labels.ts';
import { keysList } from './keys-params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  // Company Information opens for support staff too; its API keys only for Administrators.
  if (!auth.permissions.includes('company.apiKeys')) error(403, { message: m.api_keys_admins_only() });
  const query = keysList.query(keysList.read(url), { limit: 25 });
  const list = await locals.api.company.apiKeys.list(query.input);
  // Scopes come with English names; the page names them in the reader's language.
  const scopes = list.scopes.map(({ value }) => ({ value, label: apiKeyScopeLabel(value) }));
  return { area, group, query, list: { ...list, scopes }, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
