import { describe, expect, it } from 'vitest';
import { customerFilters, customersCount, customersSearch, readCustomersParams } from './customers-params.ts';

const read = (search: string) => readCustomersParams(new URL(`http://x/licenses/customers${search}`));
const PARTNER = '0b7c6f0e-3d4a-4c1b-9a55-2f1e8d9c7b6a';

describe('customers list params', () => {
  it('takes the dashboard widgets’ links as filters', () => {
    expect(read('?status=disabled')).toMatchObject({ status: 'disabled', sort: 'name', dir: 'asc' });
  });

  it('turns the partner choice into the API’s filters', () => {
    expect(customerFilters(read(`?partner=${PARTNER}`))).toEqual({ partnerId: PARTNER });
    expect(customerFilters(read('?partner=direct&q=acme'))).toEqual({ query: 'acme', direct: true });
  });

  it('drops values the API would refuse', () => {
    expect(read('?status=gone&partner=nobody&sort=status&dir=up')).toEqual(read(''));
  });

  it('leaves defaults out of the address', () => {
    expect(customersSearch({ ...read(''), sort: 'createdAt', dir: 'desc' })).toBe('?sort=createdAt&dir=desc');
    expect(customersSearch(read(''))).toBe('');
  });

  it('says when the count is capped', () => {
    expect(customersCount({ total: 1, totalIsCapped: false })).toBe('1 customer');
    expect(customersCount({ total: 10_000, totalIsCapped: true })).toBe('10,000+ customers');
  });
});
