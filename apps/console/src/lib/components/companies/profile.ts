import { ZAccountName, ZCompanyProfile } from '@keyway/core/company-profile';
import { LANGUAGES, ZEmail } from '@keyway/core/validation';
import { z } from 'zod';
import { validate, type FieldErrors } from '#lib/forms/form-failure.ts';
import { m } from '#lib/paraglide/messages.js';

export type Language = (typeof LANGUAGES)[number];

export interface Option {
  value: string;
  label: string;
}

/** The pickers' choices, from `profileOptions()` on the server (the lists it validates against). */
export interface ProfileOptions {
  countries: readonly Option[];
  timeZones: readonly Option[];
  languages: readonly Option[];
}

/** A company profile as the form holds it: every field a string, empty when not given. */
export interface ProfileValues {
  name: string;
  accountName: string;
  contactName: string;
  contactEmail: string;
  phone: string;
  address: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  timeZone: string;
  language: string;
  emergencyEmail: string;
}

type StoredProfile = {
  name: string;
  accountName: string;
  contactName: string | null;
  contactEmail: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  timeZone: string;
  language: string;
  emergencyEmail?: string | null;
};

export function emptyProfile(defaults: { timeZone: string; language: string }): ProfileValues {
  return {
    name: '',
    accountName: '',
    contactName: '',
    contactEmail: '',
    phone: '',
    address: '',
    city: '',
    state: '',
    postalCode: '',
    country: '',
    timeZone: defaults.timeZone,
    language: (LANGUAGES as readonly string[]).includes(defaults.language) ? defaults.language : 'en',
    emergencyEmail: '',
  };
}

export function profileValuesOf(company: StoredProfile): ProfileValues {
  return {
    name: company.name,
    accountName: company.accountName,
    contactName: company.contactName ?? '',
    contactEmail: company.contactEmail ?? '',
    phone: company.phone ?? '',
    address: company.address ?? '',
    city: company.city ?? '',
    state: company.state ?? '',
    postalCode: company.postalCode ?? '',
    country: company.country ?? '',
    timeZone: company.timeZone,
    language: company.language,
    emergencyEmail: company.emergencyEmail ?? '',
  };
}

/** The editable profile for `partners.update` / `customers.update` (the account name is fixed once created). */
export function profileInput(values: ProfileValues) {
  return {
    name: values.name,
    contactName: values.contactName,
    contactEmail: values.contactEmail,
    phone: values.phone,
    address: values.address,
    city: values.city,
    state: values.state,
    postalCode: values.postalCode,
    country: values.country,
    timeZone: values.timeZone,
    language: values.language as Language,
  };
}

/** The profile for `partners.create` / `customers.create`. */
export function newProfileInput(values: ProfileValues) {
  return { ...profileInput(values), accountName: values.accountName };
}

export const emergencyEmailInput = (values: ProfileValues) => values.emergencyEmail.trim() || null;

const ZNewProfile = ZCompanyProfile.extend({ accountName: ZAccountName });
const ZEmergency = z.object({ emergencyEmail: ZEmail.nullable() });

/** The server's checks on a profile, run in the browser; keys as the API names them (`profile.name`). */
export function validateProfile(values: ProfileValues, options: { isNew: boolean; emergencyEmail: boolean }): FieldErrors {
  const errors = validate(options.isNew ? ZNewProfile : ZCompanyProfile, options.isNew ? newProfileInput(values) : profileInput(values), 'profile');
  if (!values.country) errors['profile.country'] = [m.companies_choose_country()];
  // The picker offers the server's own list; the browser's may be older or newer, so it does not judge.
  if (values.timeZone) delete errors['profile.timeZone'];
  if (options.emergencyEmail) {
    Object.assign(errors, validate(ZEmergency, { emergencyEmail: emergencyEmailInput(values) }, 'profile'));
  }
  return errors;
}

/** "Acme Dental Group" → "acme-dental-group": a suggestion the person may change. */
export function suggestAccountName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

export const labelOf = (options: readonly Option[], value: string | null | undefined) =>
  value ? (options.find((option) => option.value === value)?.label ?? value) : '—';
