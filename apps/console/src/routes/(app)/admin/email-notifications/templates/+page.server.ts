import { emailEventDescription, emailEventLabel } from '#lib/labels.ts';
import { parseLanguage } from '#lib/components/email/mail-format.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../tabs.ts';

export const load = (async ({ locals, url }) => {
  requireTab(locals.auth, url, 'templates');
  const language = parseLanguage(url.searchParams.get('language'));
  const templates = await locals.api.emailNotifications.templates.list({ language });
  // Each event named and described in the reader's language (the server sends English).
  return {
    language,
    templates: templates.map((template) => ({
      ...template,
      label: emailEventLabel(template.event),
      description: emailEventDescription(template.event),
    })),
  };
}) satisfies PageServerLoad;
