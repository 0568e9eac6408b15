import { describe, expect, it } from 'vitest';
import { EMAIL_EVENT_DEFINITIONS, defaultTimingSetting, validateTimingSetting } from './index.ts';

const timingOf = (event: keyof typeof EMAIL_EVENT_DEFINITIONS) => EMAIL_EVENT_DEFINITIONS[event].timing;

describe('send timing', () => {
  it('sends license-added mails immediately unless the company says otherwise', () => {
    const rule = timingOf('license-added');
    expect(defaultTimingSetting(rule)).toEqual({ kind: 'immediately' });
    expect(validateTimingSetting(rule, { kind: 'days-before-start', days: 7 })).toEqual({ ok: true });
    expect(validateTimingSetting(rule, { kind: 'days-before-start', days: 0 })).toEqual({
      ok: false,
      message: 'Choose a whole number of days from 1 to 90.',
    });
    expect(validateTimingSetting(rule, { kind: 'days-before-expiry', days: 7 }).ok).toBe(false);
  });

  it('warns of expiry 30 days ahead by default, within 1 to 180 days', () => {
    const rule = timingOf('license-expiring');
    expect(defaultTimingSetting(rule)).toEqual({ kind: 'days-before-expiry', days: 30 });
    expect(validateTimingSetting(rule, { kind: 'days-before-expiry', days: 180 })).toEqual({ ok: true });
    expect(validateTimingSetting(rule, { kind: 'days-before-expiry', days: 181 }).ok).toBe(false);
    expect(validateTimingSetting(rule, { kind: 'days-before-expiry', days: 2.5 }).ok).toBe(false);
  });

  it('keeps password reset links valid for 2 hours by default, at most 72', () => {
    const rule = timingOf('reset-password');
    expect(defaultTimingSetting(rule)).toEqual({ kind: 'link-validity-hours', hours: 2 });
    expect(validateTimingSetting(rule, { kind: 'link-validity-hours', hours: 73 })).toEqual({
      ok: false,
      message: 'Choose a whole number of hours from 1 to 72.',
    });
  });

  it('has nothing to set for mails sent when their event happens', () => {
    const rule = timingOf('usage-report-ready');
    expect(defaultTimingSetting(rule)).toEqual({ kind: 'none' });
    expect(validateTimingSetting(rule, { kind: 'immediately' }).ok).toBe(false);
  });
});
