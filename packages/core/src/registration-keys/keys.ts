import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import {
  auditLog,
  companies,
  keyBatches,
  licenses,
  products,
  registrationKeys,
  servicePlans,
  users,
  type Db,
} from '@keyway/db';
import { assertWritable } from '../company/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { cursorRows, defineExport, momentIn } from '../exports/index.ts';
import { cardOf, likeEscape } from '../sql.ts';
import { keyset, ZPageCursor } from '../paging.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { ZText, said } from '../validation.ts';
import { formatActivationCode, formatKey } from './format.ts';
import { m, formatCount } from '../i18n.ts';

/** Part of a key as typed, as it sits in `code`: upper case, without hyphens, spaces or dots. */
export function searchableKeyText(typed: string): string {
  return typed.toUpperCase().replace(/[\s\-‐‑‒–—_.]+/g, '');
}

const ZKeyStatus = z.enum(['available', 'registered', 'voided', 'expired'], said(m.keys_status_choose));
const ZBatchStatus = z.enum(['queued', 'generating', 'ready', 'failed'], said(m.keys_batch_status_choose));
const ZBatchId = z.uuid(said(m.keys_batch_id_invalid));
const ZKeyId = z.number(said(m.keys_id_invalid)).int().positive(said(m.keys_id_invalid));

export const ZKeyFilters = z
  .object({
    planId: z.uuid(said(m.plans_id_invalid)).optional(),
    batchId: ZBatchId.optional(),
    status: ZKeyStatus.optional(),
    /** The beginning of a key as typed (product code first): case, hyphens and spaces do not matter. */
    query: ZText(40, { tooLong: () => m.keys_query_too_long({ max: formatCount(40) }) }).optional(),
    /** Keys registered by this customer. */
    registeredCompanyId: z.uuid(said(m.customers_id_invalid)).optional(),
  })
  .default({});
export type TKeyFilters = z.infer<typeof ZKeyFilters>;

export const ZListKeysInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({ by: z.enum(['issued']).default('issued'), direction: z.enum(['asc', 'desc']).default('desc') })
    .default({ by: 'issued', direction: 'desc' }),
  filters: ZKeyFilters,
});

export const ZKeyIdInput = z.object({ id: ZKeyId });

export const ZVoidKeysInput = z.object({
  ids: z.array(ZKeyId).min(1, said(m.keys_choose_one)).max(1000, said(() => m.keys_void_max({ max: formatCount(1000) }))),
  reason: ZText(500, { tooLong: () => m.validation_reason_too_long({ max: formatCount(500) }) }).min(1, said(m.keys_reason_required)),
});

export const ZListBatchesInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  filters: z
    .object({ planId: z.uuid(said(m.plans_id_invalid)).optional(), status: ZBatchStatus.optional() })
    .default({}),
});

export const ZBatchIdInput = z.object({ id: ZBatchId });

/** Counting stops here: past it the list says "10,000+". */
const COUNT_CAP = 10_000;

/** The where-clause of the actor's keys under the filters; shared by the list and the export. */
export function keyWhere(actor: Actor, filters: TKeyFilters): SQL {
  const parts: (SQL | undefined)[] = [scopeOf(actor, registrationKeys)];
  if (filters.planId) parts.push(eq(registrationKeys.planId, filters.planId));
  if (filters.batchId) parts.push(eq(registrationKeys.batchId, filters.batchId));
  if (filters.status) parts.push(eq(registrationKeys.status, filters.status));
  if (filters.registeredCompanyId) parts.push(eq(registrationKeys.registeredCompanyId, filters.registeredCompanyId));
  const text = filters.query ? searchableKeyText(filters.query) : '';
  // From the key's beginning, as printed: one range of the unique index on the code (text_pattern_ops).
  if (text) parts.push(sql`${registrationKeys.code} like ${`${likeEscape(text)}%`}`);
  return and(...parts)!;
}

/** The actor's registration keys, newest first (or oldest), paged by keyset on the key's id. */
export async function listKeys(db: Db, actor: Actor, input: z.input<typeof ZListKeysInput>) {
  const { cursor, limit, sort, filters } = ZListKeysInput.parse(input);
  const where = keyWhere(actor, filters);
  const keys = keyset(`registration-keys:${sort.by}:${sort.direction}`, sort.direction, [
    { column: registrationKeys.id, type: 'bigint' },
  ]);
  const registered = alias(companies, 'registered');
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: registrationKeys.id,
        code: registrationKeys.code,
        status: registrationKeys.status,
        batchId: registrationKeys.batchId,
        planId: registrationKeys.planId,
        planName: servicePlans.name,
        productName: products.name,
        validUntil: keyBatches.validUntil,
        registeredCompanyId: registrationKeys.registeredCompanyId,
        registeredCompanyName: registered.name,
        registeredAt: registrationKeys.registeredAt,
        voidedAt: registrationKeys.voidedAt,
        expiredAt: registrationKeys.expiredAt,
        cursor: keys.cursor,
      })
      .from(registrationKeys)
      .innerJoin(keyBatches, eq(keyBatches.id, registrationKeys.batchId))
      // Left: a plan the reader's row-level policies hide (another partner's, used across the tree)
      // leaves the plan's name absent, not the key off the page while the total still counts it.
      .leftJoin(servicePlans, eq(servicePlans.id, registrationKeys.planId))
      .innerJoin(products, eq(products.id, registrationKeys.productId))
      .leftJoin(registered, eq(registered.id, registrationKeys.registeredCompanyId))
      // The page's keys first, then their batch, plan and product: joined before the limit, a
      // million keys were joined and sorted for 51 of them (BENCHMARKS.md, "Registration keys").
      .where(
        inArray(
          registrationKeys.id,
          db
            .select({ id: registrationKeys.id })
            .from(registrationKeys)
            .where(and(where, keys.after(cursor)))
            .orderBy(...keys.orderBy)
            .limit(limit + 1),
        ),
      )
      .orderBy(...keys.orderBy),
    db.execute<{ n: number }>(
      sql`select count(*)::int as n from (select 1 from ${registrationKeys} where ${where} limit ${COUNT_CAP + 1}) capped`,
    ),
  ]);
  const page = keys.page(rows, limit);
  const items = page.items.map((row) => ({ ...row, key: formatKey(row.code) }));
  const n = counted?.n ?? 0;
  return { items, nextCursor: page.nextCursor, total: Math.min(n, COUNT_CAP), totalIsCapped: n > COUNT_CAP };
}

/** One key with its plan, batch, dates, who registered it and the license it created. */
export async function getKey(db: Db, actor: Actor, input: z.input<typeof ZKeyIdInput>) {
  const { id } = ZKeyIdInput.parse(input);
  const registered = alias(companies, 'registered');
  const issuer = cardOf(registrationKeys.companyId, 'issuer');
  const registeredBy = alias(users, 'registered_by');
  const voidedBy = alias(users, 'voided_by');
  const [row] = await db
    .select({
      key: registrationKeys,
      planName: servicePlans.name,
      productName: products.name,
      issuerName: issuer.name,
      batch: {
        id: keyBatches.id,
        count: keyBatches.count,
        validUntil: keyBatches.validUntil,
        note: keyBatches.note,
        createdAt: keyBatches.createdAt,
      },
      registeredCompanyName: registered.name,
      registeredByName: registeredBy.name,
      registeredByEmail: registeredBy.email,
      voidedByName: voidedBy.name,
      license: { id: licenses.id, status: licenses.status, expiresOn: licenses.expiresOn },
    })
    .from(registrationKeys)
    .innerJoin(keyBatches, eq(keyBatches.id, registrationKeys.batchId))
    // Left, as in the list: a key listed is a key that opens, its plan's name absent when hidden.
    .leftJoin(servicePlans, eq(servicePlans.id, registrationKeys.planId))
    .innerJoin(products, eq(products.id, registrationKeys.productId))
    .innerJoinLateral(issuer, sql`true`)
    .leftJoin(registered, eq(registered.id, registrationKeys.registeredCompanyId))
    .leftJoin(registeredBy, eq(registeredBy.id, registrationKeys.registeredBy))
    .leftJoin(voidedBy, eq(voidedBy.id, registrationKeys.voidedBy))
    .leftJoin(licenses, eq(licenses.id, registrationKeys.licenseId))
    .where(and(eq(registrationKeys.id, id), scopeOf(actor, registrationKeys)));
  if (!row) throw notFound(m.not_found_registration_key());
  const { key } = row;
  return {
    id: key.id,
    key: formatKey(key.code),
    status: key.status,
    planId: key.planId,
    planName: row.planName,
    productName: row.productName,
    issuerName: row.issuerName,
    batch: row.batch,
    registered: key.registeredCompanyId
      ? {
          companyId: key.registeredCompanyId,
          companyName: row.registeredCompanyName,
          byName: row.registeredByName,
          byEmail: row.registeredByEmail,
          at: key.registeredAt,
        }
      : null,
    license: row.license?.id ? row.license : null,
    activationCode: key.activationCode ? formatActivationCode(key.activationCode) : null,
    voided: key.voidedAt ? { at: key.voidedAt, byName: row.voidedByName, reason: key.voidReason } : null,
    expiredAt: key.expiredAt,
  };
}

const STATUS_WORDS: Record<string, (inputs: { n: string }) => string> = {
  registered: m.keys_status_registered,
  voided: m.keys_status_voided,
  expired: m.keys_status_expired,
};

/**
 * Voids available keys with a reason, all or nothing: a registered, expired or already voided key
 * among them refuses the whole request, saying how many and why. One audit row per key.
 */
export async function voidKeys(db: Db, actor: Actor, input: z.input<typeof ZVoidKeysInput>) {
  const { ids, reason } = ZVoidKeysInput.parse(input);
  const unique = [...new Set(ids)];
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: registrationKeys.id,
        code: registrationKeys.code,
        status: registrationKeys.status,
        companyId: registrationKeys.companyId,
        channelId: registrationKeys.channelId,
        partnerId: registrationKeys.partnerId,
        customerId: registrationKeys.customerId,
      })
      .from(registrationKeys)
      .where(and(inArray(registrationKeys.id, unique), scopeOf(actor, registrationKeys)))
      .orderBy(asc(registrationKeys.id))
      .for('update');
    if (rows.length !== unique.length) {
      throw notFound(unique.length === 1 ? m.not_found_registration_key() : m.not_found_one_of_the_registration_keys());
    }
    const refused = new Map<string, number>();
    for (const row of rows) if (row.status !== 'available') refused.set(row.status, (refused.get(row.status) ?? 0) + 1);
    if (refused.size > 0) {
      const total = [...refused.values()].reduce((a, b) => a + b, 0);
      const why = [...refused].map(([status, n]) => STATUS_WORDS[status]!({ n: formatCount(n) })).join(', ');
      throw new DomainError(
        'BAD_REQUEST',
        m.keys_not_voidable({ total: formatCount(total), count: formatCount(unique.length), why }),
      );
    }
    const issuers = [...new Set(rows.map((row) => row.companyId))];
    const companyRows = await tx.select().from(companies).where(inArray(companies.id, issuers));
    for (const company of companyRows) await assertWritable(tx, company);
    const now = new Date();
    await tx
      .update(registrationKeys)
      .set({ status: 'voided', voidedAt: now, voidedBy: actor.userId, voidReason: reason })
      .where(inArray(registrationKeys.id, unique));
    await tx.insert(auditLog).values(
      rows.map((row) => ({
        actorUserId: actor.userId,
        actorCompanyId: actor.company.id,
        ip: actor.ip ?? null,
        companyId: row.companyId,
        channelId: row.channelId,
        partnerId: row.partnerId,
        customerId: row.customerId,
        action: 'registration-key.void',
        targetType: 'registration_key',
        targetId: String(row.id),
        before: { status: 'available' },
        after: { status: 'voided', reason },
      })),
    );
    return { voided: rows.length };
  });
}

/** The actor's key batches, newest first, with their progress. */
export async function listBatches(db: Db, actor: Actor, input: z.input<typeof ZListBatchesInput>) {
  const { cursor, limit, filters } = ZListBatchesInput.parse(input);
  const where = and(
    scopeOf(actor, keyBatches),
    filters.planId ? eq(keyBatches.planId, filters.planId) : undefined,
    filters.status ? eq(keyBatches.status, filters.status) : undefined,
  );
  const keys = keyset('registration-keys.batches:createdAt:desc', 'desc', [
    { column: keyBatches.createdAt, type: 'timestamptz' },
    { column: keyBatches.id, type: 'uuid' },
  ]);
  const [rows, [counted]] = await Promise.all([
    db
      .select({ ...batchColumns, planName: servicePlans.name, productName: products.name, cursor: keys.cursor })
      .from(keyBatches)
      .innerJoin(servicePlans, eq(servicePlans.id, keyBatches.planId))
      .innerJoin(products, eq(products.id, keyBatches.productId))
      .where(and(where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.execute<{ n: number }>(sql`select count(*)::int as n from ${keyBatches} where ${where}`),
  ]);
  return { ...keys.page(rows, limit), total: counted?.n ?? 0 };
}

const batchColumns = {
  id: keyBatches.id,
  planId: keyBatches.planId,
  count: keyBatches.count,
  generated: keyBatches.generated,
  status: keyBatches.status,
  validUntil: keyBatches.validUntil,
  note: keyBatches.note,
  error: keyBatches.error,
  createdAt: keyBatches.createdAt,
  finishedAt: keyBatches.finishedAt,
};

/** One batch with its progress (`generated` of `count`), for the batch page that polls it. */
export async function getBatch(db: Db, actor: Actor, input: z.input<typeof ZBatchIdInput>) {
  const { id } = ZBatchIdInput.parse(input);
  const [row] = await db
    .select({ ...batchColumns, planName: servicePlans.name, productName: products.name, createdByName: users.name })
    .from(keyBatches)
    .innerJoin(servicePlans, eq(servicePlans.id, keyBatches.planId))
    .innerJoin(products, eq(products.id, keyBatches.productId))
    .leftJoin(users, eq(users.id, keyBatches.createdBy))
    .where(and(eq(keyBatches.id, id), scopeOf(actor, keyBatches)));
  if (!row) throw notFound(m.not_found_key_batch());
  return row;
}

// Export

const COLUMNS = [
  { key: 'key', header: 'Registration key' },
  { key: 'status', header: 'Status' },
  { key: 'product', header: 'Product' },
  { key: 'plan', header: 'Service plan' },
  { key: 'validUntil', header: 'Valid until' },
  { key: 'registeredCompany', header: 'Registered by' },
  { key: 'registeredAt', header: 'Registered', moment: true },
  { key: 'voidReason', header: 'Void reason' },
] as const;

type Row = Record<(typeof COLUMNS)[number]['key'], string | null>;

/** The registration keys under the list's filters (a batch's, or any), in the printed form. */
export const keyExport = defineExport({
  kind: 'registration-keys',
  permission: 'registrationKeys.view',
  fileName: 'registration-keys',
  sheetName: 'Registration keys',
  columns: COLUMNS,
  filters: ZKeyFilters,
  table: registrationKeys,
  where: async (db, actor, filters) => {
    // A batch outside the actor's scope is NOT_FOUND rather than an empty file.
    if (filters.batchId) await getBatch(db, actor, { id: filters.batchId });
    return keyWhere(actor, filters);
  },
  rows: keyRows,
});

async function* keyRows(db: Db, where: SQL, _filters: unknown, timeZone: string): AsyncGenerator<Row> {
  const rows = cursorRows<Row & { code: string }>(db, sql`
    select k.code as "code", k.status as "status", pr.name as "product", sp.name as "plan",
      to_char(b.valid_until, 'YYYY-MM-DD') as "validUntil", rc.name as "registeredCompany",
      ${momentIn(sql`k.registered_at`, timeZone)} as "registeredAt",
      k.void_reason as "voidReason"
    from ${registrationKeys} k
    join ${keyBatches} b on b.id = k.batch_id
    left join ${servicePlans} sp on sp.id = k.plan_id
    join ${products} pr on pr.id = k.product_id
    left join ${companies} rc on rc.id = k.registered_company_id
    where k.id in (select ${registrationKeys.id} from ${registrationKeys} where ${where})
    order by k.id
  `);
  for await (const { code, ...row } of rows) yield { ...row, key: formatKey(code) };
}
