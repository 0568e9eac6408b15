import { z } from 'zod';
import { COUNTRY_CODES } from './countries.ts';
import { ZDateTime, ZEmail, ZLanguage, ZText, ZTimeZone } from './validation.ts';

/** True for an officially assigned ISO 3166-1 alpha-2 code. */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

const optionalText = (max: number, label: string) =>
  ZText(max, { tooLong: `Keep the ${label} to ${max} characters.` })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const ZCountry = ZText(2, { tooLong: 'Choose a country from the list (a two-letter ISO code such as DE or US).' })
  .toUpperCase()
  .refine(isCountryCode, 'Choose a country from the list (a two-letter ISO code such as DE or US).');

/**
 * An account name is the company's handle in lists and sign-in URLs: lower-case letters, digits
 * and single hyphens, 3 to 40 characters, unique within the channel.
 */
export const ZAccountName = ZText(40, { tooLong: 'Keep the account name to 40 characters.' })
  .toLowerCase()
  .min(3, 'Use at least 3 characters for the account name.')
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'Use lower-case letters, digits and single hyphens for the account name (e.g. acme-dental).',
  );

/** The profile every partner and customer company has. */
export const ZCompanyProfile = z.object({
  name: ZText(120, { tooLong: 'Keep the company name to 120 characters.' }).min(1, 'Enter the company name.'),
  contactName: optionalText(120, 'contact name'),
  contactEmail: ZEmail,
  phone: optionalText(40, 'phone number'),
  address: optionalText(200, 'address'),
  city: optionalText(100, 'city'),
  state: optionalText(100, 'state'),
  postalCode: optionalText(20, 'postal code'),
  country: ZCountry,
  timeZone: ZTimeZone,
  language: ZLanguage,
});
export type TCompanyProfile = z.infer<typeof ZCompanyProfile>;

/** The first Administrator of a new company, and when their "account created" mail goes out. */
export const ZFirstAdministrator = z.object({
  name: ZText(120, { tooLong: 'Keep the name to 120 characters.' }).min(1, 'Enter the administrator’s name.'),
  email: ZEmail,
  notifyAt: ZDateTime('Enter a valid date for the welcome mail.').optional(),
});
