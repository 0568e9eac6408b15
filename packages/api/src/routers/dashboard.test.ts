import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { callerFor, signedInAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const as = async (email: string) => callerFor(t.db, await signedInAs(t.db, email));

describe('dashboard.summary', () => {
  it("counts a tier-1's customers and partners by status, its own channel only", async () => {
    const api = await as('admin@northwind-distribution.example');
    expect(await api.dashboard.summary()).toEqual({
      customers: { enabled: 14, disabled: 2, total: 16 },
      partners: { active: 2, suspended: 0, canceled: 0, total: 2 },
    });
  });

  it("counts an MSP's own customers and shows it no partner widget", async () => {
    const api = await as('admin@summit-msp.example');
    expect(await api.dashboard.summary()).toEqual({
      customers: { enabled: 5, disabled: 1, total: 6 },
      partners: null,
    });
  });

  it('shows a billing manager neither list', async () => {
    const api = await as('billing-manager@northwind-distribution.example');
    expect(await api.dashboard.summary()).toEqual({ customers: null, partners: null });
  });
});
