import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, type Db } from '@keyway/db';
import { consumeExportLimit, cursorRows, exportAddress, exportFileStream, ZExportFormat } from '../exports/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { customerWhere, ZCustomerFilters } from './customers.ts';

export const ZExportCustomersInput = z.object({
  format: ZExportFormat,
  filters: ZCustomerFilters,
});
export type TExportCustomersInput = z.input<typeof ZExportCustomersInput>;

const COLUMNS = [
  { key: 'name', header: 'Customer' },
  { key: 'accountName', header: 'Account name' },
  { key: 'status', header: 'Status' },
  { key: 'managedBy', header: 'Managed by' },
  { key: 'contactName', header: 'Contact' },
  { key: 'contactEmail', header: 'Contact email' },
  { key: 'emergencyEmail', header: 'Emergency email' },
  { key: 'phone', header: 'Phone' },
  { key: 'city', header: 'City' },
  { key: 'country', header: 'Country' },
  { key: 'timeZone', header: 'Time zone' },
  { key: 'language', header: 'Language' },
  { key: 'createdAt', header: 'Created' },
] as const;

type Row = Record<(typeof COLUMNS)[number]['key'], string | null>;

async function countRows(db: Db, actor: Actor, filters: z.infer<typeof ZCustomerFilters>): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${companies} where ${customerWhere(actor, filters)}`,
  );
  return row?.n ?? 0;
}

/**
 * Says where to download the export and how many rows it will have, so the console can show
 * progress. The file comes from `startCustomerExport`, behind the download endpoint.
 */
export async function prepareCustomerExport(db: Db, actor: Actor, input: TExportCustomersInput) {
  const { format, filters } = ZExportCustomersInput.parse(input);
  return { url: exportAddress('customers', format, filters), rows: await countRows(db, actor, filters), format };
}

/**
 * Starts an export: rate-limited per person (it reads every selected row), then streamed as CSV
 * or XLSX. `rows` is the count of rows the file will hold.
 */
export async function startCustomerExport(db: Db, actor: Actor, input: TExportCustomersInput) {
  const parsed = ZExportCustomersInput.parse(input);
  await consumeExportLimit(db, actor, 'customers');
  return { rows: await countRows(db, actor, parsed.filters), stream: streamCustomerExport(db, actor, parsed) };
}

/** Parses the download URL's query back into export input (the endpoint re-checks everything). */
export function exportInputFromQuery(query: URLSearchParams): TExportCustomersInput {
  return ZExportCustomersInput.parse({
    format: query.get('format'),
    filters: {
      query: query.get('query') ?? undefined,
      status: query.get('status') ?? undefined,
      partnerId: query.get('partnerId') ?? undefined,
      direct: query.get('direct') === 'true' ? true : undefined,
      productId: query.get('productId') ?? undefined,
      licenseStatus: query.get('licenseStatus') ?? undefined,
    },
  });
}

/**
 * The actor's customers under the filters as CSV or XLSX, streamed: rows come from a database
 * cursor a thousand at a time and leave as they are written, so memory stays flat whatever the
 * count.
 */
export function streamCustomerExport(db: Db, actor: Actor, input: TExportCustomersInput): Readable {
  const { format, filters } = ZExportCustomersInput.parse(input);
  return exportFileStream(format, COLUMNS, 'Customers', customerRows(db, actor, filters));
}

function customerRows(db: Db, actor: Actor, filters: z.infer<typeof ZCustomerFilters>): AsyncGenerator<Row> {
  return cursorRows<Row>(db, sql`
    select c.name as "name", c.account_name as "accountName", c.status as "status", p.name as "managedBy",
      c.contact_name as "contactName", c.contact_email as "contactEmail", c.emergency_email as "emergencyEmail",
      c.phone as "phone", c.city as "city", c.country as "country", c.time_zone as "timeZone",
      c.language as "language", to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
    from ${companies} c
    left join ${companies} p on p.id = c.parent_id
    where c.id in (select ${companies.id} from ${companies} where ${customerWhere(actor, filters)})
    order by c.name, c.id
  `);
}
