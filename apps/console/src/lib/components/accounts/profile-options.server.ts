import { LANGUAGE_OPTIONS } from '@keyway/core/validation';
import { countryOptions } from '@keyway/core/countries';
import { getLocale } from '#lib/paraglide/runtime.js';

export interface Option {
  value: string;
  label: string;
}

export interface ProfileOptions {
  languages: Option[];
  timeZones: Option[];
  countries: Option[];
}

const cached = new Map<string, ProfileOptions>();

/**
 * The choices the profile forms offer, taken from the lists the server validates against, so a
 * value picked in the browser is always one the server accepts. Languages are named in their own
 * language; time zones by their IANA name; countries in the reader's language ("Deutschland" for
 * a German reader), sorted the way that language sorts.
 */
export function profileOptions(locale: string = getLocale()): ProfileOptions {
  let options = cached.get(locale);
  if (options) return options;
  options = {
    languages: LANGUAGE_OPTIONS,
    timeZones: [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].map((value) => ({
      value,
      label: value.replaceAll('_', ' '),
    })),
    countries: countryOptions(locale),
  };
  cached.set(locale, options);
  return options;
}
