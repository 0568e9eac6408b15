import { dayRange, sentList } from '#lib/components/email/mail-params.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../tabs.ts';

export const load = (async ({ locals, url }) => {
  const auth = requireTab(locals.auth, url, 'sent');
  const params = sentList.read(url);
  const query = sentList.query(params, { filters: dayRange(params, auth.user.timeZone) });
  const list = await locals.api.emailNotifications.sent.list(query.input);
  return { query, list, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
