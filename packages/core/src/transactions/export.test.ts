import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { customerTransactions, licenses, products, servicePlans } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { recordTransaction } from '../licenses/index.ts';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { transactionExport } from './export.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
  await t.db.execute(sql`truncate customer_transactions`);
  await purchase('acme-dental', 'bluefin-it', 12, '2026-11-02T23:30:00Z');
  await purchase('globex', 'summit-msp', 4, '2026-11-03T10:00:00Z');
});
afterAll(() => t.drop());

async function purchase(customerAccount: string, managerAccount: string, units: number, at: string) {
  const customer = await companyByAccount(t.db, customerAccount);
  const manager = await companyByAccount(t.db, managerAccount);
  const [product] = await t.db.select().from(products).where(eq(products.code, 'CE'));
  await t.db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(servicePlans)
      .values({
        companyId: manager.id,
        channelId: manager.channelId,
        partnerId: manager.partnerId,
        customerId: manager.customerId,
        name: `Mail Business ${customerAccount}`,
        productId: product!.id,
        versionType: 'full',
        unitType: 'mailbox',
        initialPeriodMonths: 12,
      })
      .returning();
    const [license] = await tx
      .insert(licenses)
      .values({
        companyId: customer.id,
        channelId: customer.channelId,
        partnerId: customer.partnerId,
        customerId: customer.customerId,
        managingCompanyId: manager.id,
        planId: plan!.id,
        productId: product!.id,
        versionType: 'full',
        unitType: 'mailbox',
        units,
        status: 'active',
        startsOn: '2026-11-02',
        chargeStartsOn: '2026-11-02',
        expiresOn: '2027-11-01',
      })
      .returning();
    const actor = await actorFor(tx as never, `admin@${managerAccount}.example`);
    await recordTransaction(tx, license!, {
      type: 'new-purchase',
      previousUnits: 0,
      previousChargeStartsOn: null,
      actor: { userId: actor.userId, companyId: manager.id },
    });
    await tx.update(customerTransactions).set({ at: new Date(at) }).where(eq(customerTransactions.licenseId, license!.id));
  });
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('customer transactions export', () => {
  it('writes the actor’s transactions as CSV, dates in the person’s time zone', async () => {
    const actor = await actorFor(t.db, 'admin@northwind-distribution.example');
    const prepared = await transactionExport.prepare(t.db, actor, { format: 'csv', filters: { timeZone: 'America/Los_Angeles' } });
    expect(prepared).toMatchObject({ url: '/api/exports/transactions?format=csv&timeZone=America%2FLos_Angeles', rows: 1 });
    const { rows, stream } = await transactionExport.start(
      t.db,
      actor,
      transactionExport.inputFromQuery(new URL(`http://x${prepared.url}`).searchParams),
    );
    expect(rows).toBe(1);
    const lines = (await text(stream)).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines).toEqual([
      // Every export writes moments in the exporting person's zone (Account Information) and says which.
      'Date (America/Los_Angeles),Type,Customer,Account name,Product,Service plan,Version,Previous units,New units,Change,Unit type,Previous charge start,New charge start,By,Note',
      // 23:30 UTC on 2 November is 15:30 in Los Angeles.
      '2026-11-02 15:30,New purchase,Acme Dental Group,acme-dental,Cloud Email Security,Mail Business acme-dental,Full,0,12,12,mailbox,,2026-11-02,admin@bluefin-it.example,',
    ]);
  });

  it('writes XLSX a spreadsheet opens', async () => {
    const actor = await actorFor(t.db, 'admin@contoso-networks.example');
    const { stream } = await transactionExport.start(t.db, actor, { format: 'xlsx', filters: {} });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(stream);
    const sheet = workbook.getWorksheet('Customer Transactions')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(3).value).toBe('Globex Logistics');
    expect(sheet.getRow(2).getCell(9).value).toBe(4);
  });

  it('keeps a negative change a number and writes a note starting like a formula as text', async () => {
    const globex = await companyByAccount(t.db, 'globex');
    await t.db
      .update(customerTransactions)
      .set({ previousUnits: 9, newUnits: 4, note: '-5 units: =1+1' })
      .where(eq(customerTransactions.companyId, globex.id));
    const actor = await actorFor(t.db, 'admin@summit-msp.example');
    const csv = await text((await transactionExport.start(t.db, actor, { format: 'csv', filters: {} })).stream);
    expect(csv.trim().split('\n')[1]).toMatch(/,Full,9,4,-5,mailbox,.*,'-5 units: =1\+1$/);
  });

  it('refuses another subtree’s company and a download address it did not make', async () => {
    const actor = await actorFor(t.db, 'admin@bluefin-it.example');
    const globex = await companyByAccount(t.db, 'globex');
    await expect(transactionExport.start(t.db, actor, { format: 'csv', filters: { companyId: globex.id } })).rejects.toThrow(
      'Company was not found.',
    );
    expect(() => transactionExport.inputFromQuery(new URLSearchParams('format=pdf'))).toThrow();
    expect(() => transactionExport.inputFromQuery(new URLSearchParams('format=csv&type=refund'))).toThrow();
  });
});
