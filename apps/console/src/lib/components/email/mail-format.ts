import { m } from '#lib/paraglide/messages.js';
import { LANGUAGE_OPTIONS } from '@keyway/core/validation';
import type { BadgeVariant } from '#lib/components/ui/badge/index.ts';
import type { RouterOutputs } from '#lib/trpc.ts';

export type MailStatus = RouterOutputs['emailNotifications']['sent']['list']['items'][number]['status'];
export type TemplateLanguage = RouterOutputs['emailNotifications']['templates']['get']['requestedLanguage'];
export type TemplateSource = RouterOutputs['emailNotifications']['templates']['list'][number]['source'];

/** Called at render time, so they are in the page's language. */
export const STATUS_LABELS: Record<MailStatus, () => string> = {
  scheduled: m.email_status_scheduled,
  queued: m.email_status_queued,
  sending: m.email_status_sending,
  sent: m.email_status_sent,
  failed: m.email_status_failed,
  canceled: m.email_status_canceled,
};

const STATUS_VARIANTS: Record<MailStatus, BadgeVariant> = {
  scheduled: 'secondary',
  queued: 'muted',
  sending: 'warning',
  sent: 'success',
  failed: 'destructive',
  canceled: 'muted',
};

export function statusVariant(status: MailStatus): BadgeVariant {
  return STATUS_VARIANTS[status];
}

/** Every status a mail under Sent Mails can have (scheduled ones are under Scheduled). */
export const SENT_STATUSES = ['queued', 'sending', 'sent', 'failed', 'canceled'] as const satisfies MailStatus[];

/** The languages a company can word its mail in, named in their own language. */
export const LANGUAGES: readonly { value: TemplateLanguage; label: string }[] = LANGUAGE_OPTIONS;

export function languageLabel(value: string): string {
  return LANGUAGES.find((language) => language.value === value)?.label ?? value;
}

export function parseLanguage(value: string | null): TemplateLanguage {
  return LANGUAGES.find((language) => language.value === value)?.value ?? 'en';
}

/** "Own", "Inherited from Northwind Distribution" or "Default": whose text a template is. */
export function sourceLabel(source: TemplateSource): string {
  if (source.kind === 'own') return m.email_source_own();
  if (source.kind === 'inherited') return m.email_source_inherited({ company: source.companyName });
  return m.email_source_default();
}
