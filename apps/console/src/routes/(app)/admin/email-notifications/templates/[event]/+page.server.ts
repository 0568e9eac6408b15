import { m } from '#lib/paraglide/messages.js';
import { error } from '@sveltejs/kit';
import { EMAIL_EVENT_DEFINITIONS, isEmailEvent } from '@keyway/email';
import { emailEventDescription, emailEventLabel, emailVariableDescription } from '#lib/labels.ts';
import { parseLanguage } from '#lib/components/email/mail-format.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../../tabs.ts';

export const load = (async ({ locals, url, params }) => {
  requireTab(locals.auth, url, 'templates');
  if (!isEmailEvent(params.event)) error(404, { message: m.email_no_event() });
  const language = parseLanguage(url.searchParams.get('language'));
  const template = await locals.api.emailNotifications.templates.get({ event: params.event, language });
  // The first preview comes with the page; the editor renders the next ones as the user types.
  const preview = await locals.api.emailNotifications.templates.preview({
    event: params.event,
    language,
    subject: template.subject,
    blocks: template.blocks,
  });
  return {
    language,
    // The event named and described in the reader's language (the server sends English).
    template: {
      ...template,
      label: emailEventLabel(params.event),
      description: emailEventDescription(params.event),
      variables: template.variables.map((variable) => ({
        ...variable,
        description: emailVariableDescription(params.event, variable.name, variable.description),
      })),
    },
    preview,
    audience: EMAIL_EVENT_DEFINITIONS[params.event].audience,
  };
}) satisfies PageServerLoad;
