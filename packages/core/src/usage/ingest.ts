import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { companies, products, type Db } from '@keyway/db';
import { authenticateApiKey, touchApiKey, type ApiKeyActor } from '../auth/index.ts';
import { DomainError } from '../errors.ts';
import { monthlyMaximaFrom, pgArray } from '../sql.ts';
import { scopeOf } from '../tenancy/index.ts';
import { formatCount, m } from '../i18n.ts';
import { said, ZText } from '../validation.ts';

/*
 * Usage ingest (POST /api/v1/usage): product back ends report how many units each customer uses.
 * What is kept is the highest `used` per customer × product × unit type × UTC day (usage_daily),
 * which is all a usage report needs ("used" = the highest daily usage in the cycle). Taking the
 * maximum makes ingest idempotent on (customer, product, unit type, at): a batch sent again, or a
 * record repeated inside one, changes nothing.
 */

export const MAX_USAGE_RECORDS = 10_000;
/** A back end's clock may run a little ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The shape of a usage request, as its messages show it. */
const RECORDS_EXAMPLE = '{ "records": [ … ] }';

export const ZUsageRecord = z.object({
  customer: ZText(200, { required: m.ingest_customer_required }).min(1, said(m.ingest_customer_required)),
  product: ZText(40, { required: m.ingest_product_required }).min(1, said(m.ingest_product_required)),
  unitType: ZText(60, { required: m.ingest_unit_type_required }).min(1, said(m.ingest_unit_type_required)),
  /** Checked per record below: a negative or fractional count rejects the record, not the request. */
  used: z.number(said(m.ingest_used_number)),
  at: z.string(said(m.ingest_at_text)).max(64, said(m.ingest_at_iso)),
});

export const ZUsageReport = z.object(
  {
    records: z
      .array(ZUsageRecord, said(() => m.ingest_records_array({ example: RECORDS_EXAMPLE })))
      .min(1, said(m.ingest_records_min))
      .max(MAX_USAGE_RECORDS, said(() => m.ingest_records_max({ max: formatCount(MAX_USAGE_RECORDS) }))),
  },
  said(() => m.ingest_json_object({ example: RECORDS_EXAMPLE })),
);
export type TUsageReport = z.input<typeof ZUsageReport>;

export interface UsageRejection {
  /** The record's place in `records`, from 0. */
  index: number;
  reason: string;
}

export interface UsageReportResult {
  accepted: number;
  rejected: UsageRejection[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An ISO 8601 time with a date, a time and a zone; a bare date or a local time would be read in the server's zone. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The first instant of the previous calendar month (UTC): the oldest time the open cycles accept. */
export function previousCycleStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
}

/**
 * One request to the ingest endpoint. The key is authenticated first (401, 429), so a body is
 * read only for a caller that may send one; `readBody` is the transport's (it answers its own
 * errors for a body too large or not JSON). Then the body is checked (BAD_REQUEST naming the
 * record and field), the records ingested, and the key marked used.
 */
export async function reportUsage(
  db: Db,
  authorization: string | null,
  readBody: () => Promise<unknown>,
  now = new Date(),
): Promise<UsageReportResult> {
  const key = await authenticateApiKey(db, authorization, 'usage:write', now);
  const parsed = ZUsageReport.safeParse(await readBody());
  if (!parsed.success) throw new DomainError('BAD_REQUEST', describeIssue(parsed.error));
  const result = await ingestUsage(db, key, parsed.data, now);
  await touchApiKey(db, key.keyId, now);
  return result;
}

/** The first problem with the body, saying which record it is in. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The body is not a valid usage report.';
  const [top, index] = issue.path;
  return top === 'records' && typeof index === 'number' ? `Record ${index}: ${issue.message}` : issue.message;
}

/**
 * Checks every record, resolves customers (one query, within the key's subtree) and products
 * (one query) for the whole batch, and writes the accepted ones with one set-based upsert.
 */
export async function ingestUsage(
  db: Db,
  key: Pick<ApiKeyActor, 'tier' | 'company'>,
  report: z.output<typeof ZUsageReport>,
  now = new Date(),
): Promise<UsageReportResult> {
  const { records } = report;
  const oldest = previousCycleStart(now);
  const newest = now.getTime() + CLOCK_SKEW_MS;

  const customerIds = [...new Set(records.map((r) => r.customer).filter((c) => UUID.test(c)).map((c) => c.toLowerCase()))];
  const customerNames = [...new Set(records.map((r) => r.customer).filter((c) => !UUID.test(c)).map((c) => c.toLowerCase()))];
  const codes = [...new Set(records.map((r) => r.product.toUpperCase()))];

  // Another subtree's customers are not looked at: for this key they are unknown, so the answer
  // says nothing about whether they exist. Ids and account names are looked up apart, each on
  // its own index (an `or` of the two would read every customer of the subtree).
  const customersWhere = (match: SQL) => and(eq(companies.kind, 'customer'), scopeOf(key, companies), match);
  const customerColumns = { id: companies.id, accountName: sql<string>`lower(${companies.accountName})` };
  const [byIdRows, byNameRows, productRows] = await Promise.all([
    customerIds.length === 0
      ? []
      : db.select(customerColumns).from(companies).where(customersWhere(sql`${companies.id} = any(${pgArray(customerIds)}::uuid[])`)),
    customerNames.length === 0
      ? []
      : db
          .select(customerColumns)
          .from(companies)
          .where(customersWhere(sql`lower(${companies.accountName}) = any(${pgArray(customerNames)}::text[])`)),
    db
      .select({ id: products.id, code: products.code, unitTypes: products.unitTypes, reportsUsage: products.reportsUsage })
      .from(products)
      .where(sql`upper(${products.code}) = any(${pgArray(codes)}::text[])`),
  ]);
  const byId = new Map(byIdRows.map((c) => [c.id, c.id]));
  const byName = new Map<string, string[]>();
  for (const c of byNameRows) byName.set(c.accountName, [...(byName.get(c.accountName) ?? []), c.id]);
  const productByCode = new Map(productRows.map((p) => [p.code.toUpperCase(), p]));

  const rejected: UsageRejection[] = [];
  const accepted = { customerIds: [] as string[], productIds: [] as string[], unitTypes: [] as string[], used: [] as number[], at: [] as string[] };

  records.forEach((record, index) => {
    const reject = (reason: string) => rejected.push({ index, reason });

    const lower = record.customer.toLowerCase();
    const named = byName.get(lower) ?? [];
    const customerId = (UUID.test(record.customer) ? byId.get(lower) : undefined) ?? (named.length === 1 ? named[0] : undefined);
    if (!customerId) {
      // Account names are unique within a channel; only a vendor key can see two of them.
      if (named.length > 1) return reject(`Several customers have the account name "${record.customer}": send the customer’s id instead.`);
      return reject(`Unknown customer "${record.customer}": send the account name or id of a customer of ${key.company.name}.`);
    }
    const product = productByCode.get(record.product.toUpperCase());
    if (!product) return reject(`Unknown product "${record.product}": send a product code from the catalog, e.g. "EP".`);
    if (!product.reportsUsage) return reject(`Product ${product.code} does not report usage: its provisioned units count as used.`);
    if (!product.unitTypes.includes(record.unitType)) {
      return reject(`Product ${product.code} has no unit type "${record.unitType}": use ${product.unitTypes.join(' or ')}.`);
    }
    if (!Number.isSafeInteger(record.used) || record.used < 0) {
      return reject(`used must be a whole number of 0 or more, not ${record.used}.`);
    }
    const at = ISO_TIME.test(record.at) ? new Date(record.at) : null;
    if (!at || Number.isNaN(at.getTime())) {
      return reject(`at must be an ISO 8601 time with a zone, e.g. "2026-11-05T10:00:00Z", not "${record.at}".`);
    }
    if (at.getTime() > newest) return reject(`at (${at.toISOString()}) is in the future: check the reporting server’s clock.`);
    if (at < oldest) {
      return reject(`at (${at.toISOString()}) is before ${oldest.toISOString().slice(0, 10)}, the start of the previous cycle: usage that old can no longer be reported.`);
    }
    accepted.customerIds.push(customerId);
    accepted.productIds.push(product.id);
    accepted.unitTypes.push(record.unitType);
    accepted.used.push(record.used);
    accepted.at.push(at.toISOString());
  });

  if (accepted.customerIds.length > 0) await upsertUsage(db, accepted);
  return { accepted: accepted.customerIds.length, rejected };
}

/**
 * One statement for the batch. Records are first folded per row of usage_daily (a row may be
 * touched only once by an upsert), then each row keeps the greater of what it had and what came.
 * A row whose figures would not change is not written at all, so a repeated batch changes nothing,
 * `updated_at` included. The stamps are the customer's own, read in the same statement. The same
 * statement raises each written day's month in `usage_monthly`, so the month is always the
 * greatest of its days (a day not written held no more than its month already).
 */
async function upsertUsage(
  db: Db,
  rows: { customerIds: string[]; productIds: string[]; unitTypes: string[]; used: number[]; at: string[] },
): Promise<void> {
  await db.execute(sql`
    with written as (
      insert into usage_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, max_used, last_at)
      select r.customer_id, c.channel_id, c.partner_id, r.product_id, r.unit_type, (r.at at time zone 'UTC')::date, max(r.used), max(r.at)
      from unnest(
        ${pgArray(rows.customerIds)}::uuid[],
        ${pgArray(rows.productIds)}::uuid[],
        ${pgArray(rows.unitTypes)}::text[],
        ${pgArray(rows.used)}::bigint[],
        ${pgArray(rows.at)}::timestamptz[]
      ) as r(customer_id, product_id, unit_type, used, at)
      join companies c on c.id = r.customer_id
      group by r.customer_id, c.channel_id, c.partner_id, r.product_id, r.unit_type, (r.at at time zone 'UTC')::date
      on conflict (customer_id, product_id, unit_type, day) do update set
        max_used = greatest(usage_daily.max_used, excluded.max_used),
        last_at = greatest(usage_daily.last_at, excluded.last_at),
        updated_at = now()
      where excluded.max_used > usage_daily.max_used or excluded.last_at > usage_daily.last_at
      returning customer_id, channel_id, partner_id, product_id, unit_type, day, max_used
    )
    ${usageMonthlyFrom(sql`written`)}
  `);
}

/**
 * The upsert of `usage_monthly` from daily rows just written (`source`: customer_id, channel_id,
 * partner_id, product_id, unit_type, day, max_used).
 */
export const usageMonthlyFrom = (source: SQL): SQL => monthlyMaximaFrom('usage_monthly', 'max_used', source);
