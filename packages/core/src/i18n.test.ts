import { describe, expect, it } from 'vitest';
import { formatCount, localeFromAcceptLanguage, localeOf, m } from './i18n.ts';
import { withLocale } from './i18n-server.ts';
import { ZEmail, ZText } from './validation.ts';
import { notFound } from './errors.ts';
import { itChecksTranslations } from './testing/index.ts';

const MESSAGES = new URL('../messages/', import.meta.url);
const messageOf = (schema: { safeParse: (v: unknown) => { error?: { issues: { message: string }[] } } }, value: unknown) =>
  schema.safeParse(value).error?.issues[0]?.message;

describe("the API's messages", () => {
  itChecksTranslations(MESSAGES, 'API messages');

  it('speaks English outside a request, and the language a request holds inside it, numbers included', async () => {
    expect(messageOf(ZText(2000), 'x'.repeat(2001))).toBe('Keep it to 2,000 characters.');
    expect(notFound(m.not_found_customer()).message).toBe('Customer was not found.');
    await withLocale('de', async () => {
      await Promise.resolve();
      expect(messageOf(ZText(2000), 'x'.repeat(2001))).toBe('Verwenden Sie höchstens 2.000 Zeichen.');
      expect(messageOf(ZEmail, 'nope')).toBe('Geben Sie eine gültige E-Mail-Adresse ein.');
      expect(notFound(m.not_found_customer()).message).toBe('Der Kunde wurde nicht gefunden.');
      expect(formatCount(1234567)).toBe('1.234.567');
    });
    await withLocale('fr', async () => {
      expect(messageOf(ZEmail, 'nope')).toBe('Saisissez une adresse e-mail valide.');
    });
    expect(messageOf(ZEmail, 'nope')).toBe('Enter a valid email address.');
  });

  it('takes the locale from Account Information or Accept-Language, English when neither is translated', () => {
    expect(localeOf('de')).toBe('de');
    expect(localeOf('ja')).toBe('en');
    expect(localeOf(null)).toBe('en');
    expect(localeFromAcceptLanguage('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(localeFromAcceptLanguage('ja, fr;q=0.5, de;q=0.7')).toBe('de');
    expect(localeFromAcceptLanguage('es-ES')).toBe('en');
    expect(localeFromAcceptLanguage(null)).toBe('en');
  });
});
