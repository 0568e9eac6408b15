import { LANGUAGE_OPTIONS } from '@keyway/core/validation';
import { countryOptions } from '@keyway/core/countries';

export interface Option {
  value: string;
  label: string;
}

export interface ProfileOptions {
  languages: Option[];
  timeZones: Option[];
  countries: Option[];
}

let cached: ProfileOptions | undefined;

/**
 * The choices the profile forms offer, taken from the lists the server validates against, so a
 * value picked in the browser is always one the server accepts. Languages are named in their own
 * language; time zones by their IANA name.
 */
export function profileOptions(): ProfileOptions {
  cached ??= {
    languages: LANGUAGE_OPTIONS,
    timeZones: [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].map((value) => ({
      value,
      label: value.replaceAll('_', ' '),
    })),
    countries: countryOptions(),
  };
  return cached;
}
