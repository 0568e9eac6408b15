import { describe, expect, it } from 'vitest';
import { accountsHref, accountsListInput, DEFAULT_PARAMS, readAccountsParams } from './accounts-params.ts';

describe('accounts table params', () => {
  it('reads filters and sort from the address, ignoring values the server would refuse', () => {
    const url = new URL('http://console.test/admin/company?q=%20rita%20&role=license_manager&status=disabled&sort=email&dir=desc');
    expect(readAccountsParams(url)).toEqual({ q: 'rita', role: 'license_manager', status: 'disabled', sort: 'email', dir: 'desc' });
    expect(readAccountsParams(new URL('http://console.test/admin/company?role=owner&status=gone&sort=password&dir=up'))).toEqual(DEFAULT_PARAMS);
  });

  it('writes them back, keeping the address’s other parameters and leaving defaults out', () => {
    const url = new URL('http://console.test/licenses/partners/1/accounts?tab=x&q=old');
    expect(accountsHref(url, { ...DEFAULT_PARAMS, status: 'active' })).toBe('/licenses/partners/1/accounts?tab=x&status=active');
    expect(accountsHref(url, DEFAULT_PARAMS)).toBe('/licenses/partners/1/accounts?tab=x');
  });

  it('turns them into the list procedure’s input, for the own company or another', () => {
    expect(accountsListInput({ ...DEFAULT_PARAMS, q: 'sam', sort: 'lastSignInAt', dir: 'desc' }, 'c-1', 'next-page')).toEqual({
      companyId: 'c-1',
      cursor: 'next-page',
      limit: 25,
      sort: { field: 'lastSignInAt', direction: 'desc' },
      filters: { query: 'sam', role: undefined, status: undefined },
    });
  });
});
