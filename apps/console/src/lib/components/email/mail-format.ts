import { LANGUAGE_OPTIONS } from '@keyway/core/validation';
import type { BadgeVariant } from '#lib/components/ui/badge/index.ts';
import { liveLabels } from '#lib/labels.ts';
import { m } from '#lib/paraglide/messages.js';
import type { RouterOutputs } from '#lib/trpc.ts';

export type MailStatus = RouterOutputs['emailNotifications']['sent']['list']['items'][number]['status'];
export type TemplateLanguage = RouterOutputs['emailNotifications']['templates']['get']['requestedLanguage'];
export type TemplateSource = RouterOutputs['emailNotifications']['templates']['list'][number]['source'];

/** A mail's status in words, read when shown, so it is in the page's language. */
export const STATUS_LABELS: Record<MailStatus, string> = liveLabels({
  scheduled: m.status_mail_scheduled,
  queued: m.status_mail_queued,
  sending: m.status_mail_sending,
  sent: m.status_mail_sent,
  failed: m.status_mail_failed,
  canceled: m.status_mail_canceled,
});

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
  if (source.kind === 'own') return 'Own';
  if (source.kind === 'inherited') return `Inherited from ${source.companyName}`;
  return 'Default';
}

/** "1 mail" / "3 mails". */
export function mails(count: number): string {
  return count === 1 ? '1 mail' : `${count} mails`;
}
