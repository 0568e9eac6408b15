import { EMAIL_EVENTS } from '@keyway/email';
import { apiFilters, readFilterParams } from '#lib/components/email/mail-filters.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../tabs.ts';

const PAGE_SIZE = 25;

export const load = (async ({ locals, url }) => {
  const auth = requireTab(locals.auth, url, 'scheduled');
  // Scheduled mails have one status; the filter does not apply here.
  const params = { ...readFilterParams(url, EMAIL_EVENTS), status: '' as const };
  const { status: _status, ...filters } = apiFilters(params, auth.user.timeZone);
  const list = await locals.api.emailNotifications.scheduled.list({ limit: PAGE_SIZE, filters });
  return {
    params,
    list,
    timeZone: auth.user.timeZone,
    /** Opening a mail's content is part of Sent Mails, which resellers do not have. */
    canOpenMail: auth.permissions.includes('emails.sent'),
  };
}) satisfies PageServerLoad;
