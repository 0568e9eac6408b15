import { z } from 'zod';
import { COUNTRY_CODES } from './countries.ts';
import { ZDateTime, ZEmail, ZLanguage, ZText, ZTimeZone, said } from './validation.ts';
import { m, formatCount } from './i18n.ts';

/** True for an officially assigned ISO 3166-1 alpha-2 code. */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

const optionalText = (max: number, tooLong: (words: { max: string }) => string) =>
  ZText(max, { tooLong: () => tooLong({ max: formatCount(max) }) })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const ZCountry = ZText(2, { tooLong: m.company_country })
  .toUpperCase()
  .refine(isCountryCode, said(m.company_country));

/**
 * An account name is the company's handle in lists and sign-in URLs: lower-case letters, digits
 * and single hyphens, 3 to 40 characters, unique within the channel.
 */
export const ZAccountName = ZText(40, { tooLong: () => m.company_account_name_too_long({ max: formatCount(40) }) })
  .toLowerCase()
  .min(3, said(() => m.company_account_name_too_short({ min: formatCount(3) })))
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, said(m.company_account_name_characters));

/** The profile every partner and customer company has. */
export const ZCompanyProfile = z.object({
  name: ZText(120, { tooLong: () => m.company_name_too_long({ max: formatCount(120) }) }).min(1, said(m.company_name_required)),
  contactName: optionalText(120, m.company_contact_name_too_long),
  contactEmail: ZEmail,
  phone: optionalText(40, m.validation_phone_too_long),
  address: optionalText(200, m.validation_address_too_long),
  city: optionalText(100, m.company_city_too_long),
  state: optionalText(100, m.company_state_too_long),
  postalCode: optionalText(20, m.company_postal_code_too_long),
  country: ZCountry,
  timeZone: ZTimeZone,
  language: ZLanguage,
});
export type TCompanyProfile = z.infer<typeof ZCompanyProfile>;

/** The first Administrator of a new company, and when their "account created" mail goes out. */
export const ZFirstAdministrator = z.object({
  name: ZText(120, { tooLong: () => m.validation_person_name_too_long({ max: formatCount(120) }) }).min(1, said(m.company_admin_name_required)),
  email: ZEmail,
  notifyAt: ZDateTime(m.company_welcome_mail_date).optional(),
});
