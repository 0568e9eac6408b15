import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { downloadExport, downloadRouter } from './exports.ts';
import { signedInAs, testContext } from './testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const kinds = Object.keys(downloadRouter._def.procedures);
const query = (text: string) => new URLSearchParams(text);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    const file = (await promise) as { stream?: { destroy(): void } };
    file.stream?.destroy();
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'NOT_A_TRPC_ERROR';
  }
}

describe('export downloads', () => {
  it('serves the exports the lists offer', () => {
    expect(kinds.sort()).toEqual(['billing-report-lines', 'billing-reports', 'customers', 'registration-keys', 'transactions', 'usage-report-lines', 'usage-reports']);
  });

  it('refuse a visitor who is not signed in, and a person without the export’s permission, before the address is read', async () => {
    const me = await signedInAs(t.db, 'admin@northwind-distribution.example');
    for (const kind of kinds) {
      expect({ kind, code: await codeOf(downloadExport(testContext(t.db, null), kind, query('format=pdf'))) }).toEqual({ kind, code: 'UNAUTHORIZED' });
      const powerless = testContext(t.db, { ...me, permissions: [] });
      expect({ kind, code: await codeOf(downloadExport(powerless, kind, query('format=pdf'))) }).toEqual({ kind, code: 'FORBIDDEN' });
    }
  });

  it('streams the file a permitted person asked for, named after the export and the day', async () => {
    const me = await signedInAs(t.db, 'admin@northwind-distribution.example');
    const file = await downloadExport(testContext(t.db, me), 'customers', query('format=csv&status=enabled'));
    file.stream.destroy();
    expect(file).toMatchObject({ format: 'csv', rows: 14, fileName: expect.stringMatching(/^customers-\d{4}-\d\d-\d\d\.csv$/) });
  });

  it('says an address it did not write is not valid, and that an unknown export does not exist', async () => {
    const me = await signedInAs(t.db, 'admin@northwind-distribution.example');
    await expect(downloadExport(testContext(t.db, me), 'customers', query('format=csv&partnerId=not-an-id'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The export address is not valid. Start the export again.',
    });
    await expect(downloadExport(testContext(t.db, me), 'invoices', query('format=csv'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
