import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '@keyway/db/testing';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const as = (email: string) => callerAs(t.db, email);

describe('customers.get and partners.get', () => {
  it('return the profile of a company in scope', async () => {
    const acme = await companyByAccount(t.db, 'acme-dental');
    const api = await as('admin@bluefin-it.example');
    expect(await api.customers.get({ id: acme.id })).toMatchObject({
      name: 'Acme Dental Group',
      accountName: 'acme-dental',
      parentName: 'Bluefin IT Services',
      kind: 'customer',
    });
    const tier1 = await as('partner-account-manager@northwind-distribution.example');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    expect(await tier1.partners.get({ id: bluefin.id })).toMatchObject({ name: 'Bluefin IT Services', type: 'msp' });
  });

  it('answer NOT_FOUND for a company outside scope, exactly as for one that does not exist', async () => {
    const globex = await companyByAccount(t.db, 'globex');
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    const northwind = await as('admin@northwind-distribution.example');
    const bluefin = await as('admin@bluefin-it.example');
    const outside = await northwind.customers.get({ id: globex.id }).catch((e) => e);
    const sibling = await bluefin.customers.get({ id: beacon.id }).catch((e) => e);
    const missing = await northwind.customers
      .get({ id: '00000000-0000-4000-8000-000000000000' })
      .catch((e) => e);
    for (const error of [outside, sibling, missing]) {
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Customer was not found.' });
    }
  });

  it('do not serve a partner through the customers procedure', async () => {
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const api = await as('admin@northwind-distribution.example');
    await expect(api.customers.get({ id: bluefin.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuse a malformed id with a clear message', async () => {
    const api = await as('admin@northwind-distribution.example');
    await expect(api.customers.get({ id: 'not-an-id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'id: That is not a valid customer id.',
    });
  });

  it('refuse a role without the privilege', async () => {
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const api = await as('customer-account-manager@northwind-distribution.example');
    await expect(api.partners.get({ id: bluefin.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
