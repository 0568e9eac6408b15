import { describe, expect, it } from 'vitest';
import { addDays, addMonths, longDate } from './dates.ts';

describe('license dates', () => {
  it('adds months, keeping the day or clamping it to the end of a shorter month', () => {
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('adds days across months and writes dates for mails', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(longDate('2026-10-01')).toBe('1 October 2026');
  });
});
