import { EMAIL_EVENTS } from '@keyway/email';
import { apiFilters, readFilterParams } from '#lib/components/email/mail-filters.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../tabs.ts';

const PAGE_SIZE = 25;

export const load = (async ({ locals, url }) => {
  const auth = requireTab(locals.auth, url, 'sent');
  const params = readFilterParams(url, EMAIL_EVENTS);
  const list = await locals.api.emailNotifications.sent.list({
    limit: PAGE_SIZE,
    filters: apiFilters(params, auth.user.timeZone),
  });
  return { params, list, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
