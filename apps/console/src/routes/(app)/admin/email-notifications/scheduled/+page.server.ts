import { dayRange, scheduledList } from '#lib/components/email/mail-params.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../tabs.ts';

export const load = (async ({ locals, url }) => {
  const auth = requireTab(locals.auth, url, 'scheduled');
  const params = scheduledList.read(url);
  const query = scheduledList.query(params, { filters: dayRange(params, auth.user.timeZone) });
  const list = await locals.api.emailNotifications.scheduled.list(query.input);
  return {
    query,
    list,
    timeZone: auth.user.timeZone,
    /** Opening a mail's content is part of Sent Mails, which resellers do not have. */
    canOpenMail: auth.permissions.includes('emails.sent'),
  };
}) satisfies PageServerLoad;
