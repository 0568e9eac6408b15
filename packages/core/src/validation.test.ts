import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { companyStatus } from '@keyway/db';
import { cursorValues, encodeCursor, PAGE_LINK_EXPIRED, ZPageCursor } from './paging.ts';
import {
  isStorableText,
  requireChange,
  TEXT_BROKEN_MESSAGE,
  TEXT_NUL_MESSAGE,
  ZDateTime,
  ZDay,
  ZHttpsUrl,
  ZText,
} from './validation.ts';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues[0]!.message;
};

describe('ZText', () => {
  it('trims, keeps its maximum and passes whole characters, emoji included', () => {
    expect(ZText(10).parse('  Acme  ')).toBe('Acme');
    expect(ZText(10, { trim: false }).parse('  Acme  ')).toBe('  Acme  ');
    expect(ZText(4).parse('🦷🦷')).toBe('🦷🦷');
    expect(messageOf(ZText(3), 'Acme')).toBe('Keep it to 3 characters.');
    expect(messageOf(ZText(3, { tooLong: 'Keep the code short.' }), 'Acme')).toBe('Keep the code short.');
    expect(messageOf(ZText(3, { required: 'Enter the code.' }), undefined)).toBe('Enter the code.');
  });

  it('refuses a NUL character anywhere, trimmed or not', () => {
    for (const text of ['\u0000', 'a\u0000b', 'Acme\u0000', ' \u0000 ']) {
      expect(messageOf(ZText(100), text)).toBe(TEXT_NUL_MESSAGE());
      expect(messageOf(ZText(100, { trim: false }), text)).toBe(TEXT_NUL_MESSAGE());
    }
  });

  it('refuses half of a surrogate pair, high or low, alone or at an end', () => {
    for (const text of ['x\ud800', '\udc00x', 'a\ud83db', '\ud83d', 'ok \ude00']) {
      expect(messageOf(ZText(100), text)).toBe(TEXT_BROKEN_MESSAGE());
    }
    expect(isStorableText('x\ud83d\ude00')).toBe(true);
  });

  it('keeps refusing after further checks are chained', () => {
    const ZCode = ZText(40).min(2, 'Too short.').regex(/^[a-z]+$/, 'Letters only.').optional();
    expect(messageOf(ZCode, 'ab\u0000')).toBe(TEXT_NUL_MESSAGE());
    expect(ZCode.parse(undefined)).toBeUndefined();
  });
});

describe('ZHttpsUrl', () => {
  it('takes an https address and refuses what text refuses', () => {
    const ZUrl = ZHttpsUrl('Enter an https:// address.');
    expect(ZUrl.parse('https://eu.example.com/api')).toBe('https://eu.example.com/api');
    expect(messageOf(ZUrl, 'http://eu.example.com')).toBe('Enter an https:// address.');
    expect(messageOf(ZUrl, 'https://eu.example.com/\u0000')).toBe(TEXT_NUL_MESSAGE());
    expect(messageOf(ZUrl, 'https://eu.example.com/\ud800')).toBe(TEXT_BROKEN_MESSAGE());
  });
});

describe('ZDay', () => {
  it('takes calendar days from 1900 to 9999', () => {
    expect(ZDay().parse('1900-01-01')).toBe('1900-01-01');
    expect(ZDay().parse('9999-12-31')).toBe('9999-12-31');
    expect(ZDay().parse('2028-02-29')).toBe('2028-02-29');
  });

  it('refuses other years with a message, and what is not a day with the field’s own', () => {
    for (const day of ['0000-01-01', '1899-12-31']) expect(messageOf(ZDay(), day)).toBe('Enter a date between the years 1900 and 9999.');
    for (const day of ['+275760-09-13', '2027-02-29', '2026-13-01', 'tomorrow', '2026-01-01\u0000']) {
      expect(messageOf(ZDay('Enter the day as YYYY-MM-DD.'), day)).toBe('Enter the day as YYYY-MM-DD.');
    }
  });
});

describe('ZDateTime', () => {
  it('takes dates and text of instants from 1900 to 9999', () => {
    expect(ZDateTime().parse('2026-12-04T10:00:00Z')).toEqual(new Date('2026-12-04T10:00:00Z'));
    expect(ZDateTime().parse(new Date('1900-01-01T00:00:00Z'))).toEqual(new Date('1900-01-01T00:00:00Z'));
  });

  it('refuses the extremes JavaScript allows but Postgres does not, and what is no date', () => {
    for (const at of ['0000-01-01', '+275760-09-13', new Date(8.64e15), new Date(-8.64e15), '+010000-01-01T00:00:00Z']) {
      expect(messageOf(ZDateTime(), at)).toBe('Enter a date between the years 1900 and 9999.');
    }
    expect(messageOf(ZDateTime('Enter a valid send date.'), 'someday')).toBe('Enter a valid send date.');
  });
});

describe('requireChange', () => {
  const ZUpdate = requireChange(
    z.object({ id: z.string(), profile: z.object({ name: z.string().optional(), phone: z.string().nullable().optional() }).partial(), enabled: z.boolean().optional() }),
  );

  it('refuses an update with only its id, or with empty parts', () => {
    expect(messageOf(ZUpdate, { id: 'a', profile: {} })).toBe('Change at least one field.');
    expect(messageOf(ZUpdate, { id: 'a', profile: { name: undefined } })).toBe('Change at least one field.');
  });

  it('takes any value, clearing one (null) or false included', () => {
    expect(ZUpdate.safeParse({ id: 'a', profile: { phone: null } }).success).toBe(true);
    expect(ZUpdate.safeParse({ id: 'a', profile: {}, enabled: false }).success).toBe(true);
    expect(ZUpdate.safeParse({ id: 'a', profile: { name: 'Acme' } }).success).toBe(true);
  });
});

describe('page cursors', () => {
  it('give back the values they were made with, for their own list and sort only', () => {
    const cursor = encodeCursor('customers:name:asc', ['acme dental', '0b6f4c6e-3d55-4f0c-9b0e-5f5a6f0c2a11']);
    expect(ZPageCursor.parse(cursor)).toBe(cursor);
    expect(cursorValues(cursor, 'customers:name:asc', ['text', 'uuid'])).toEqual(['acme dental', '0b6f4c6e-3d55-4f0c-9b0e-5f5a6f0c2a11']);
    expect(() => cursorValues(cursor, 'customers:name:desc', ['text', 'uuid'])).toThrow(PAGE_LINK_EXPIRED);
    expect(() => cursorValues(cursor, 'customers:name:asc', ['timestamptz', 'uuid'])).toThrow(PAGE_LINK_EXPIRED);
  });

  it('refuse values that are not of their column’s type, so none reaches SQL', () => {
    const key = 'list:at:desc';
    const types = ['timestamptz', 'bigint'] as const;
    for (const values of [
      ['2026-02-30T10:00:00.000000Z', '1'],
      ['2026-03-01T10:00:00.000Z', '1'],
      ['2026-03-01T10:00:00.000000Z', '1.5'],
      ['2026-03-01T10:00:00.000000Z', '99999999999999999999'],
      ['2026-03-01T10:00:00.000000Z\u0000', '1'],
    ]) {
      expect(() => cursorValues(encodeCursor(key, values), key, types)).toThrow(PAGE_LINK_EXPIRED);
    }
    expect(cursorValues(encodeCursor(key, ['2026-03-01T10:00:00.123456Z', '42']), key, types)).toEqual(['2026-03-01T10:00:00.123456Z', '42']);
    expect(() => cursorValues(encodeCursor(key, ['x\u0000', '1']), key, ['text', 'bigint'])).toThrow(PAGE_LINK_EXPIRED);
    for (const garbage of ['', 'not a cursor', 'e30', Buffer.from('[1,2]').toString('base64url')]) {
      expect(() => cursorValues(garbage, key, types)).toThrow(PAGE_LINK_EXPIRED);
    }
  });

  it('take booleans, integers and an enum’s own values only', () => {
    const key = 'list:enabled:asc';
    const types = ['boolean', 'integer', companyStatus] as const;
    expect(cursorValues(encodeCursor(key, ['false', '-12', 'suspended']), key, types)).toEqual(['false', '-12', 'suspended']);
    for (const values of [
      ['no', '1', 'active'],
      ['true', '1.5', 'active'],
      ['true', '2147483648', 'active'],
      ['true', '1', 'deleted'],
      ['true', '1', 'Active'],
    ]) {
      expect(() => cursorValues(encodeCursor(key, values), key, types)).toThrow(PAGE_LINK_EXPIRED);
    }
  });
});
