import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryName, countryOptions } from './countries.ts';

describe('COUNTRY_CODES', () => {
  it('holds the 249 assigned ISO 3166-1 alpha-2 codes and no withdrawn, reserved or private-use ones', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    for (const code of ['US', 'DE', 'GB', 'AT', 'CH', 'IE', 'JP', 'SS', 'AX']) expect(COUNTRY_CODES.has(code)).toBe(true);
    for (const code of ['UK', 'SU', 'YU', 'DD', 'EU', 'UN', 'XK', 'ZZ', 'XA', 'AC']) expect(COUNTRY_CODES.has(code)).toBe(false);
  });

  it('offers every code with a name, sorted by name', () => {
    const options = countryOptions();
    expect(options).toHaveLength(249);
    expect(options.find((o) => o.value === 'DE')?.label).toBe('Germany');
    expect(options.map((o) => o.label)).toEqual([...options.map((o) => o.label)].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('names a country in the reader\'s language, and shows a code it cannot name as it is', () => {
    expect(countryName('DE', 'de')).toBe('Deutschland');
    expect(countryName('DE', 'fr')).toBe('Allemagne');
    expect(countryName('not a code', 'de')).toBe('not a code');
  });
});
