import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineListParams, hasListFilters } from './list-params.ts';

/** A list input shaped like the procedures' (cursor, limit, sort, filters), with defaults. */
const ZInput = z.object({
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({ by: z.enum(['name', 'createdAt']).default('name'), direction: z.enum(['asc', 'desc']).default('asc') })
    .default({ by: 'name', direction: 'asc' }),
  filters: z
    .object({
      query: z.string().trim().max(20).optional(),
      status: z.enum(['enabled', 'disabled']).optional(),
      partnerId: z.uuid().optional(),
      direct: z.boolean().optional(),
      pinned: z.boolean().optional(),
      min: z.number().int().min(1).optional(),
    })
    .default({}),
});

const list = defineListParams(ZInput, {
  q: { path: 'filters.query' },
  status: { path: 'filters.status' },
  partner: { path: 'filters.partnerId', aliases: { direct: { 'filters.direct': true } } },
  pinned: { path: 'filters.pinned' },
  min: { path: 'filters.min' },
  from: { schema: z.iso.date() },
  open: { path: 'filters.partnerId', kind: 'transient' },
  sort: { path: 'sort.by', kind: 'sort' },
  dir: { path: 'sort.direction', kind: 'sort' },
});

const PARTNER = '0b7c6f0e-3d4a-4c1b-9a55-2f1e8d9c7b6a';
const url = (search: string) => new URL(`http://console.test/list${search}`);

describe('list params from the address', () => {
  it('takes its defaults from the input schema', () => {
    expect(list.defaults).toEqual({ q: '', status: '', partner: '', pinned: '', min: '', from: '', open: '', sort: 'name', dir: 'asc' });
    expect(list.read(url(''))).toEqual(list.defaults);
  });

  it('round-trips: state → address → the same state', () => {
    const state = {
      ...list.defaults,
      q: 'acme dental',
      status: 'disabled',
      partner: PARTNER,
      pinned: 'true',
      min: '3',
      from: '2026-11-30',
      sort: 'createdAt',
      dir: 'desc',
    };
    const search = list.search(state);
    expect(search).toBe(`?q=acme+dental&status=disabled&partner=${PARTNER}&pinned=true&min=3&from=2026-11-30&sort=createdAt&dir=desc`);
    expect(list.read(url(search))).toEqual(state);
    expect(list.read(url(list.search({ ...list.defaults, partner: 'direct' })))).toEqual({ ...list.defaults, partner: 'direct' });
  });

  it('leaves defaults and transient values out of the address', () => {
    expect(list.search(list.defaults)).toBe('');
    expect(list.search({ ...list.defaults, sort: 'name', dir: 'desc', open: PARTNER })).toBe('?dir=desc');
  });

  it('falls back to the default for every value the API would refuse, without throwing', () => {
    const hostile = [
      'status=gone',
      'partner=nobody',
      'pinned=maybe',
      'min=0',
      'min=1.5',
      'from=2026-02-30',
      'open=not-a-uuid',
      'sort=status',
      'dir=up',
      `q=${'x'.repeat(21)}`,
      'q=%20%20',
    ].join('&');
    expect(() => list.read(url(`?${hostile}`))).not.toThrow();
    expect(list.read(url(`?${hostile}`))).toEqual(list.defaults);
    expect(list.read(url('?status=ENABLED&sort=&dir=DESC'))).toEqual(list.defaults);
  });

  it('trims what it reads and keeps a transient value for the page', () => {
    expect(list.read(url(`?q=%20acme%20&open=${PARTNER}`))).toMatchObject({ q: 'acme', open: PARTNER });
  });
});

describe('list input from the params', () => {
  it('builds the procedure input, typed as the schema takes it', () => {
    const params = list.read(url(`?q=acme&pinned=false&min=2&partner=${PARTNER}&sort=createdAt&open=${PARTNER}`));
    expect(list.input(params)).toEqual({
      filters: { query: 'acme', pinned: false, min: 2, partnerId: PARTNER },
      sort: { by: 'createdAt', direction: 'asc' },
    });
    expect(ZInput.safeParse(list.input(params)).success).toBe(true);
  });

  it('turns an alias into the input it stands for', () => {
    expect(list.input(list.read(url('?partner=direct'))).filters).toEqual({ direct: true });
  });

  it('takes a field made of aliases only, and nothing else for it', () => {
    const plans = defineListParams(ZInput, {
      state: { aliases: { enabled: { 'filters.pinned': true }, locked: { 'filters.direct': true, 'filters.pinned': false } } },
    });
    expect(plans.read(url('?state=locked'))).toEqual({ state: 'locked' });
    expect(plans.input(plans.read(url('?state=locked'))).filters).toEqual({ direct: true, pinned: false });
    expect(plans.read(url('?state=toString'))).toEqual({ state: '' });
    expect(plans.input({ state: 'constructor' })).toEqual({});
  });

  it('merges what the page adds, and never passes a refused value on', () => {
    expect(list.input({ status: 'gone', min: '-1' }, { limit: 50, filters: { query: 'x' } })).toEqual({
      limit: 50,
      sort: { by: 'name', direction: 'asc' },
      filters: { query: 'x' },
    });
  });

  it('says which filters differ from their defaults; the sort is not a filter', () => {
    const query = (search: string) => list.query(list.read(url(search)));
    expect(hasListFilters(query('?sort=createdAt&dir=desc'))).toBe(false);
    expect(hasListFilters(query('?status=enabled'))).toBe(true);
    expect(query('').filters).toEqual(['q', 'status', 'partner', 'pinned', 'min', 'from']);
  });

  it('names the columns the server sorts by, and none for a list whose address carries no sort', () => {
    expect(list.query(list.defaults).sorts).toEqual(['name', 'createdAt']);
    const unsorted = defineListParams(ZInput, { q: { path: 'filters.query' } });
    expect(unsorted.query(unsorted.defaults).sorts).toEqual([]);
  });
});
