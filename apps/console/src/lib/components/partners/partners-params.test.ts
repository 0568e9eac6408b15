import { describe, expect, it } from 'vitest';
import { partnersListInput, partnersSearch, readPartnersParams } from './partners-params.ts';

const read = (search: string) => readPartnersParams(new URL(`http://x/licenses/partners${search}`));

describe('partners list params', () => {
  it('takes the dashboard widgets’ links as filters', () => {
    expect(read('?status=suspended')).toMatchObject({ status: 'suspended', sort: 'name', dir: 'asc' });
  });

  it('drops values the API would refuse', () => {
    expect(read('?status=gone&type=vendor&sort=secret&dir=up&page=-3')).toEqual(read(''));
  });

  it('passes the cursor of "Load more" on and leaves defaults out of the address', () => {
    const params = { ...read('?q=blue&page=3'), sort: 'createdAt' as const, dir: 'desc' as const };
    expect(partnersListInput(params, 'next-page')).toMatchObject({ cursor: 'next-page', limit: 25, filters: { query: 'blue' } });
    expect(partnersSearch(params)).toBe('?q=blue&sort=createdAt&dir=desc');
    expect(partnersSearch(read(''))).toBe('');
  });
});
