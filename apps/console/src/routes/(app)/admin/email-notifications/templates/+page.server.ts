import { parseLanguage } from '#lib/components/email/mail-format.ts';
import type { PageServerLoad } from './$types';
import { requireTab } from '../tabs.ts';

export const load = (async ({ locals, url }) => {
  requireTab(locals.auth, url, 'templates');
  const language = parseLanguage(url.searchParams.get('language'));
  const templates = await locals.api.emailNotifications.templates.list({ language });
  return { language, templates };
}) satisfies PageServerLoad;
