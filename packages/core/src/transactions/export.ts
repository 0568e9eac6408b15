import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { customerTransactions, type Db } from '@keyway/db';
import { consumeRateLimit } from '../auth/rate-limit.ts';
import { EXPORT_LIMIT } from '../customers/export.ts';
import { DomainError } from '../errors.ts';
import type { Actor } from '../tenancy/scope.ts';
import { transactionWhere, ZTransactionFilters, type TransactionFilters } from './transactions.ts';

export const ZExportTransactionsInput = z.object({
  format: z.enum(['csv', 'xlsx'], { message: 'Choose CSV or Excel.' }),
  filters: ZTransactionFilters,
});
export type TExportTransactionsInput = z.input<typeof ZExportTransactionsInput>;

const COLUMNS = [
  { key: 'at', header: 'Date' },
  { key: 'type', header: 'Type' },
  { key: 'customer', header: 'Customer' },
  { key: 'accountName', header: 'Account name' },
  { key: 'product', header: 'Product' },
  { key: 'plan', header: 'Service plan' },
  { key: 'versionType', header: 'Version' },
  { key: 'previousUnits', header: 'Previous units' },
  { key: 'newUnits', header: 'New units' },
  { key: 'change', header: 'Change' },
  { key: 'unitType', header: 'Unit type' },
  { key: 'previousChargeStartsOn', header: 'Previous charge start' },
  { key: 'newChargeStartsOn', header: 'New charge start' },
  { key: 'actor', header: 'By' },
  { key: 'note', header: 'Note' },
] as const;

type Row = Record<(typeof COLUMNS)[number]['key'], string | number | null>;

async function countRows(db: Db, actor: Actor, filters: TransactionFilters): Promise<number> {
  const where = await transactionWhere(db, actor, filters);
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${customerTransactions} where ${where}`);
  return row?.n ?? 0;
}

/** The download address of an export and how many rows it will have; the file comes from the endpoint. */
export async function prepareTransactionExport(db: Db, actor: Actor, input: TExportTransactionsInput) {
  const { format, filters } = ZExportTransactionsInput.parse(input);
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, String(value));
  return { url: `/api/exports/transactions?${params}`, rows: await countRows(db, actor, filters), format };
}

/** Parses the download address back into export input (the endpoint checks everything again). */
export function transactionExportInputFromQuery(query: URLSearchParams): TExportTransactionsInput {
  return ZExportTransactionsInput.parse({
    format: query.get('format'),
    filters: {
      type: query.get('type') ?? undefined,
      productId: query.get('productId') ?? undefined,
      month: query.get('month') ?? undefined,
      companyId: query.get('companyId') ?? undefined,
      timeZone: query.get('timeZone') ?? undefined,
    },
  });
}

/**
 * Starts an export: rate-limited per person, the filters checked (a company outside the actor's
 * subtree is NOT_FOUND), then streamed as CSV or XLSX from a database cursor a thousand rows at a
 * time, so memory stays flat whatever the count.
 */
export async function startTransactionExport(db: Db, actor: Actor, input: TExportTransactionsInput) {
  const parsed = ZExportTransactionsInput.parse(input);
  const where = await transactionWhere(db, actor, parsed.filters);
  const allowed = await consumeRateLimit(db, `export:transactions:${actor.userId}`, EXPORT_LIMIT);
  if (!allowed.allowed) {
    throw new DomainError('TOO_MANY_REQUESTS', `Too many exports. Try again in ${allowed.retryAfterSeconds} seconds.`, {
      retryAfterSeconds: allowed.retryAfterSeconds,
    });
  }
  const [counted] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${customerTransactions} where ${where}`);
  const rows = transactionRows(db, where, parsed.filters.timeZone);
  return { rows: counted?.n ?? 0, stream: parsed.format === 'csv' ? csvStream(rows) : xlsxStream(rows) };
}

const dialect = new PgDialect({ casing: 'snake_case' });

async function* transactionRows(db: Db, where: ReturnType<typeof sql>, timeZone: string): AsyncGenerator<Row> {
  const query = dialect.sqlToQuery(sql`
    select to_char(t.at at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI') as "at",
      case t.type when 'new-purchase' then 'New purchase' when 'license-change' then 'License change'
        when 'conversion' then 'Conversion' when 'discontinue' then 'Discontinue'
        else 'Suite composition change' end as "type",
      c.name as "customer", c.account_name as "accountName", p.name as "product", sp.name as "plan",
      case t.version_type when 'trial' then 'Trial' else 'Full' end as "versionType",
      t.previous_units as "previousUnits", t.new_units as "newUnits", t.change as "change", t.unit_type as "unitType",
      t.previous_charge_starts_on::text as "previousChargeStartsOn", t.new_charge_starts_on::text as "newChargeStartsOn",
      coalesce(u.email, 'System') as "actor", t.note as "note"
    from customer_transactions t
    join companies c on c.id = t.company_id
    join products p on p.id = t.product_id
    join service_plans sp on sp.id = t.plan_id
    left join users u on u.id = t.actor_user_id
    where t.id in (select ${customerTransactions.id} from ${customerTransactions} where ${where})
    order by t.at desc, t.id desc
  `);
  const cursor = db.$client.unsafe(query.sql, query.params as never[]).cursor(1000);
  for await (const batch of cursor) {
    for (const record of batch) yield record as unknown as Row;
  }
}

function csvStream(rows: AsyncGenerator<Row>): Readable {
  const csv = stringify({ header: true, columns: COLUMNS.map(({ key, header }) => ({ key, header })), bom: true });
  Readable.from(rows).pipe(csv);
  return csv;
}

function xlsxStream(rows: AsyncGenerator<Row>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Customer Transactions');
  sheet.columns = COLUMNS.map(({ key, header }) => ({ key, header, width: Math.max(12, header.length + 4) }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const row of rows) {
        sheet.addRow(row).commit();
        if (out.writableNeedDrain) await once(out, 'drain');
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
