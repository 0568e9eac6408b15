import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY_SCOPE_LABELS } from '@keyway/core/auth';
import { CURRENCIES, CURRENCY_CODES } from '@keyway/core/price-lists';
import { TRANSACTION_TYPE_LABELS } from '@keyway/core/transactions';
import { promoCodeAllows, transactionType } from '@keyway/db';
import { EMAIL_EVENT_DEFINITIONS, EMAIL_EVENTS } from '@keyway/email';
import { getLocale, overwriteGetLocale } from '#lib/paraglide/runtime.js';
import {
  apiKeyScopeLabel,
  currencyName,
  emailEventDescription,
  emailEventLabel,
  emailVariableDescription,
  promoCodeAllowsLabel,
  transactionTypeLabel,
} from './labels.ts';

const original = getLocale;
afterEach(() => overwriteGetLocale(original));

/**
 * Each list holds every code the server can send, the console's name for it, and the server's
 * English word where the server still has one: the English message must be that word exactly, and
 * every code must have a message in each language (a code without one shows as the code, which
 * fails here).
 */
const lists: { what: string; codes: readonly string[]; name: (code: string) => string; english?: (code: string) => string }[] = [
  { what: 'transaction types', codes: transactionType.enumValues, name: transactionTypeLabel, english: (code) => TRANSACTION_TYPE_LABELS[code as keyof typeof TRANSACTION_TYPE_LABELS] },
  { what: 'API key scopes', codes: Object.keys(API_KEY_SCOPE_LABELS), name: apiKeyScopeLabel, english: (code) => API_KEY_SCOPE_LABELS[code as keyof typeof API_KEY_SCOPE_LABELS] },
  { what: 'promo code allowances', codes: promoCodeAllows.enumValues, name: promoCodeAllowsLabel },
  { what: 'currencies', codes: CURRENCY_CODES, name: currencyName, english: (code) => CURRENCIES[code as keyof typeof CURRENCIES].name },
  { what: 'mail events', codes: EMAIL_EVENTS, name: emailEventLabel, english: (code) => EMAIL_EVENT_DEFINITIONS[code as keyof typeof EMAIL_EVENT_DEFINITIONS].label },
  {
    what: 'mail event descriptions',
    codes: EMAIL_EVENTS,
    name: emailEventDescription,
    english: (code) => EMAIL_EVENT_DEFINITIONS[code as keyof typeof EMAIL_EVENT_DEFINITIONS].description,
  },
];

/** Every event's variables as `event/name`, with the server's English description. */
const variables = EMAIL_EVENTS.flatMap((event) =>
  Object.entries(EMAIL_EVENT_DEFINITIONS[event].variables).map(([name, variable]) => ({ key: `${event}/${name}`, english: (variable as { description: string }).description })),
);
lists.push({
  what: 'mail variables',
  codes: variables.map((variable) => variable.key),
  name: (key) => emailVariableDescription(key.split('/')[0]!, key.split('/')[1]!, key),
  english: (key) => variables.find((variable) => variable.key === key)!.english,
});

describe('codes the server sends', () => {
  it.each(lists.filter((list) => list.english))('names every one of the $what, in English as the server does', ({ codes, name, english }) => {
    overwriteGetLocale(() => 'en');
    expect(codes.map(name)).toEqual(codes.map(english!));
  });

  it.each(['en', 'de', 'fr'])('names every code the server sends in %s', (language) => {
    overwriteGetLocale(() => language as ReturnType<typeof getLocale>);
    const unnamed = lists.flatMap(({ what, codes, name }) => codes.filter((code) => name(code) === code || name(code) === '').map((code) => `${what}: ${code}`));
    expect(unnamed).toEqual([]);
  });
});
