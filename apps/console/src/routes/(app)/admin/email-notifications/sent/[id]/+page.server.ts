import { error } from '@sveltejs/kit';
import { isEmailEvent } from '@keyway/email';
import { trpcErrorCode } from '#lib/api-errors.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../../tabs.ts';

export const load = (async ({ locals, url, params, depends }) => {
  const auth = requireTab(locals.auth, url, 'sent');
  depends('app:sent-mail');
  let mail;
  try {
    mail = await locals.api.emailNotifications.sent.get({ id: params.id });
  } catch (cause) {
    const code = trpcErrorCode(cause);
    // Out of scope answers NOT_FOUND too; a malformed id is as absent as an unknown one.
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
      error(404, { message: 'This mail was not found. It does not exist, or it is not about one of your companies.' });
    }
    throw cause;
  }
  // Copies resent from this mail went to the same recipient for the same event.
  const related = await locals.api.emailNotifications.sent.list({
    limit: 100,
    filters: { recipient: mail.recipientEmail, event: isEmailEvent(mail.event) ? mail.event : undefined },
  });
  const copies = related.items.filter((item) => item.resentFromId === mail.id).reverse();
  return { mail, copies, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
