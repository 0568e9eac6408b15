import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '#lib/paraglide/runtime.js';
import {
  formatCalendarDay,
  formatChange,
  formatCount,
  formatCountry,
  formatCycle,
  formatDateTime,
  formatDay,
  formatDayMonth,
  formatMargin,
  formatMoney,
  formatPercent,
  fromLocalInput,
  groupDecimal,
  toLocalInput,
} from './format.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';

const original = getLocale;
const inLanguage = (locale: 'en' | 'de' | 'fr') => overwriteGetLocale(() => locale);
afterEach(() => overwriteGetLocale(original));

describe('the one formatter', () => {
  it('writes a day one way per language, whatever the page', () => {
    const moment = new Date('2026-12-04T10:00:00Z');
    expect(formatCalendarDay('2026-12-04')).toBe('4 Dec 2026');
    expect(formatDay(moment, 'Europe/Berlin')).toBe('4 Dec 2026');
    inLanguage('de');
    expect(formatCalendarDay('2026-12-04')).toBe('4. Dez. 2026');
    expect(formatDay(moment, 'Europe/Berlin')).toBe('4. Dez. 2026');
    inLanguage('fr');
    expect(formatCalendarDay('2026-12-04')).toBe('4 déc. 2026');
    expect(formatCalendarDay(null)).toBe('—');
  });

  it('names a company’s country in the page’s language, as the country picker does', () => {
    expect(formatCountry('DE')).toBe('Germany');
    expect(formatCountry(null)).toBe('—');
    inLanguage('de');
    expect(formatCountry('DE')).toBe(profileOptions('de').countries.find((option) => option.value === 'DE')?.label);
    expect(formatCountry('DE')).toBe('Deutschland');
  });

  it('shows and reads moments in the user’s time zone, not the browser’s', () => {
    const moment = new Date('2030-03-15T08:30:00Z');
    expect(formatDateTime(moment, 'Europe/Berlin')).toBe('15 Mar 2030, 09:30');
    expect(formatDateTime(null, 'UTC')).toBe('—');
    inLanguage('de');
    expect(formatDateTime(moment, 'Europe/Berlin')).toBe('15. März 2030, 09:30');
    expect(toLocalInput(moment, 'America/New_York')).toBe('2030-03-15T04:30');
    expect(fromLocalInput('2030-03-15T04:30', 'America/New_York')?.toISOString()).toBe(moment.toISOString());
    expect(fromLocalInput('tomorrow', 'UTC')).toBeUndefined();
  });

  it('names a cycle by its month, whatever the zone', () => {
    expect(formatCycle('2026-11')).toBe('November 2026');
    expect(formatCycle('2027-01', { short: true })).toBe('Jan 2027');
    expect(formatCycle('not a cycle')).toBe('not a cycle');
    inLanguage('de');
    expect(formatCycle('2027-03')).toBe('März 2027');
  });

  it('names a chart’s day without its year, in the reader’s language', () => {
    expect(formatDayMonth('2026-12-04')).toBe('4 Dec');
    expect(formatDayMonth('not a day')).toBe('not a day');
    inLanguage('de');
    expect(formatDayMonth('2026-12-04')).toBe('4. Dez.');
    inLanguage('fr');
    expect(formatDayMonth('2026-12-04')).toBe('4 déc.');
  });

  it('groups counts the reader’s way', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatChange(1500)).toBe('+1,500');
    expect(formatChange(-3)).toBe('−3');
    inLanguage('de');
    expect(formatCount(1234)).toBe('1.234');
    expect(formatPercent(12.5)).toBe('12,5 %');
  });

  it('shows over-provisioning with one decimal, and a dash when nothing was provisioned', () => {
    expect(formatPercent(12.5)).toBe('12.5 %');
    expect(formatPercent(0)).toBe('0.0 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('groups money digits without ever making a float of them', () => {
    expect(groupDecimal('1234567.05')).toBe('1,234,567.05');
    expect(groupDecimal('999.10')).toBe('999.10');
    expect(groupDecimal('0.001')).toBe('0.001');
    expect(groupDecimal('-1234.50')).toBe('-1,234.50');
    // 2^53 + 1 minor units: a Number would print …992.
    expect(formatMoney('90071992547409.93', 'USD')).toBe('90,071,992,547,409.93 USD');
    expect(formatMoney(null, 'EUR')).toBe('—');
    expect(groupDecimal('n/a')).toBe('n/a');
    inLanguage('de');
    expect(formatMoney('1234.50', 'EUR')).toBe('1.234,50 EUR');
  });

  it('writes a margin without trailing zeros', () => {
    expect(formatMargin('27.50')).toBe('27.5 %');
    expect(formatMargin('20.00')).toBe('20 %');
    inLanguage('de');
    expect(formatMargin('12.25')).toBe('12,25 %');
  });
});
