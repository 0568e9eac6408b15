import { describe, expect, it } from 'vitest';
import { autoSubmitIn, cycleBefore } from './format.ts';

describe('usage report formats', () => {
  it('counts cycles back across a year', () => {
    expect(cycleBefore(new Date('2026-12-07T10:00:00Z'))).toBe('2026-11');
    expect(cycleBefore(new Date('2027-01-01T00:30:00Z'))).toBe('2026-12');
    expect(cycleBefore(new Date('2026-03-31T23:59:00Z'), 24)).toBe('2024-03');
  });

  it('says when a report auto-submits in words a partner searches for', () => {
    expect(autoSubmitIn(5)).toBe('auto-submits in 5 days');
    expect(autoSubmitIn(1)).toBe('auto-submits in 1 day');
    expect(autoSubmitIn(0)).toBe('auto-submits today');
  });
});
