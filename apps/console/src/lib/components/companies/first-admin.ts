import { ZFirstAdministrator } from '@keyway/core/company-profile';
import { formatDateTime, fromLocalInput, toLocalInput } from '#lib/format.ts';
import { validate, type FieldErrors } from '#lib/forms/form-failure.ts';
import { m } from '#lib/paraglide/messages.js';

/** The new company's first Administrator, and when their "account created" mail goes out. */
export interface FirstAdminValues {
  name: string;
  email: string;
  when: 'now' | 'later';
  /** A `datetime-local` value in the signed-in user's time zone. */
  notifyAt: string;
}

export function emptyFirstAdmin(timeZone: string): FirstAdminValues {
  return { name: '', email: '', when: 'now', notifyAt: toLocalInput(new Date(Date.now() + 86_400_000), timeZone) };
}

/** The date the mail is to go out, or undefined for "now". */
export function notifyDate(values: FirstAdminValues, timeZone: string): Date | undefined {
  return values.when === 'later' ? fromLocalInput(values.notifyAt, timeZone) : undefined;
}

/**
 * What became of a new account's welcome mail, in the words the wizards and the accounts panel
 * all use: `mail` is null when the company turned the "account created" mail off.
 */
export function welcomeMailNotice(
  email: string,
  mail: object | null,
  notifyAt: Date | undefined,
  timeZone: string,
): string {
  if (!mail) return m.welcome_mail_notice_off();
  return notifyAt
    ? m.welcome_mail_notice_later({ email, when: formatDateTime(notifyAt, timeZone) })
    : m.welcome_mail_notice_now({ email });
}

export function firstAdminInput(values: FirstAdminValues, timeZone: string) {
  return { name: values.name, email: values.email, notifyAt: notifyDate(values, timeZone) };
}

export function validateFirstAdmin(values: FirstAdminValues, timeZone: string): FieldErrors {
  const errors = validate(ZFirstAdministrator, firstAdminInput(values, timeZone), 'admin');
  if (values.when === 'later') {
    const date = notifyDate(values, timeZone);
    if (!date) errors['admin.notifyAt'] = [m.companies_notify_missing()];
    else if (date.getTime() <= Date.now()) errors['admin.notifyAt'] = [m.companies_notify_future()];
  }
  return errors;
}
