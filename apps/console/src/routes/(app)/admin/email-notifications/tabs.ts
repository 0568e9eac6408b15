import { m } from '#lib/paraglide/messages.js';
import { error } from '@sveltejs/kit';
import type { Permission } from '@keyway/core/privileges';
import { requireArea } from '#lib/areas.ts';

export type MailTab = 'templates' | 'sent' | 'scheduled';

/**
 * The area's tabs in order, each with the privilege that opens it: MSPs and tier-1s see all
 * three; resellers only Scheduled (they may send pending mail now or move it, not resend).
 * Labels are called per request, so they are in the user's language.
 */
export const MAIL_TABS = [
  { id: 'templates', label: m.email_tab_templates, permission: 'emails.templates' },
  { id: 'sent', label: m.email_tab_sent, permission: 'emails.sent' },
  { id: 'scheduled', label: m.email_tab_scheduled, permission: 'emails.scheduled' },
] as const satisfies { id: MailTab; label: () => string; permission: Permission }[];

export function allowedTabs(permissions: readonly Permission[]) {
  return MAIL_TABS.filter((tab) => permissions.includes(tab.permission)).map((tab) => ({ id: tab.id, label: tab.label() }));
}

export function tabPath(tab: MailTab): string {
  return `/admin/email-notifications/${tab}`;
}

/** The area guard, then the tab's own privilege: a tab the user may not open is a 403 page. */
export function requireTab(auth: App.Locals['auth'], url: URL, id: MailTab) {
  const signedIn = requireArea(auth, url).auth;
  const tab = MAIL_TABS.find((candidate) => candidate.id === id)!;
  if (!signedIn.permissions.includes(tab.permission)) {
    error(403, { message: m.email_no_access({ tab: tab.label() }) });
  }
  return signedIn;
}

/** The template list, or one event's editor, in a language (English needs no parameter). */
export function templatesPath(language: string, event?: string): string {
  const path = event ? `${tabPath('templates')}/${encodeURIComponent(event)}` : tabPath('templates');
  return language === 'en' ? path : `${path}?language=${encodeURIComponent(language)}`;
}
