import { m } from '#lib/paraglide/messages.js';
import { isEmailEvent } from '@keyway/email';
import { orNotFound } from '#lib/server/not-found.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../../tabs.ts';

export const load = (async ({ locals, url, params, depends }) => {
  const auth = requireTab(locals.auth, url, 'sent');
  depends('app:sent-mail');
  // Out of scope answers NOT_FOUND too.
  const mail = await orNotFound(m.email_mail_not_found(), () =>
    locals.api.emailNotifications.sent.get({ id: params.id }),
  );
  // Copies resent from this mail went to the same recipient for the same event.
  const related = await locals.api.emailNotifications.sent.list({
    limit: 100,
    filters: { recipient: mail.recipientEmail, event: isEmailEvent(mail.event) ? mail.event : undefined },
  });
  const copies = related.items.filter((item) => item.resentFromId === mail.id).reverse();
  return { mail, copies, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
