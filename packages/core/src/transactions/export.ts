import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { customerTransactions, type Db } from '@keyway/db';
import { consumeExportLimit, cursorRows, exportAddress, exportFileStream, ZExportFormat } from '../exports/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { transactionWhere, ZTransactionFilters, type TransactionFilters } from './transactions.ts';

export const ZExportTransactionsInput = z.object({
  format: ZExportFormat,
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
  return { url: exportAddress('transactions', format, filters), rows: await countRows(db, actor, filters), format };
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
  await consumeExportLimit(db, actor, 'transactions');
  const [counted] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${customerTransactions} where ${where}`);
  const rows = transactionRows(db, where, parsed.filters.timeZone);
  return { rows: counted?.n ?? 0, stream: exportFileStream(parsed.format, COLUMNS, 'Customer Transactions', rows) };
}

function transactionRows(db: Db, where: ReturnType<typeof sql>, timeZone: string): AsyncGenerator<Row> {
  return cursorRows<Row>(db, sql`
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
}
