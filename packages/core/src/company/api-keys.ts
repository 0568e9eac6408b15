import { and, count, eq, isNotNull, isNull, lte, or, sql, gt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeys, companies, type Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { API_KEY_SCOPE_LABELS, generateApiKey, ZApiKeyScope } from '../auth/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import type { Actor } from '../tenancy/index.ts';
import { said, ZDateTime, ZText } from '../validation.ts';
import { formatCount, m } from '../i18n.ts';

/*
 * Administration → Company Information → API keys. A key belongs to the company it acts for, and
 * only that company's Administrators list, create and revoke it: a tier-1 does not manage its
 * partners' keys, as it does not manage their sessions. Every query therefore filters on the
 * actor's own company id, and an id of any other company's key answers NOT_FOUND.
 */

export const API_KEY_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

const ZApiKeyId = z.uuid(said(m.api_keys_id_invalid));

export const ZCreateApiKeyInput = z.object({
  name: ZText(100, { tooLong: () => m.validation_person_name_too_long({ max: formatCount(100) }) }).min(1, said(m.api_keys_name_required)),
  scopes: z
    .array(ZApiKeyScope)
    .min(1, said(m.api_keys_scopes_min))
    .max(20, said(m.api_keys_scopes_once))
    .transform((scopes) => [...new Set(scopes)]),
  /** Null or absent: the key never expires. */
  expiresAt: ZDateTime(m.api_keys_expiry_date)
    .refine((at) => at.getTime() > Date.now(), 'Choose an expiry date in the future.')
    .nullish(),
});
export type TCreateApiKeyInput = z.input<typeof ZCreateApiKeyInput>;

export const API_KEY_SORT_FIELDS = ['createdAt', 'name', 'lastUsedAt'] as const;

export const ZListApiKeysInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({
      field: z.enum(API_KEY_SORT_FIELDS).default('createdAt'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ field: 'createdAt', direction: 'desc' }),
  filters: z.object({ status: z.enum(API_KEY_STATUSES).optional() }).default({}),
});
export type TListApiKeysInput = z.input<typeof ZListApiKeysInput>;

export const ZRevokeApiKeyInput = z.object({ id: ZApiKeyId });
export type TRevokeApiKeyInput = z.input<typeof ZRevokeApiKeyInput>;

/** A key's status now: revoked wins over expired. */
const statusOf = (key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiKeyStatus =>
  key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt <= now ? 'expired' : 'active';

const STATUS_WHERE: Record<ApiKeyStatus, SQL> = {
  revoked: isNotNull(apiKeys.revokedAt),
  expired: and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, sql`now()`))!,
  active: and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)))!,
};

/** Never-used keys come last whichever way last use is sorted. */
const SORT_COLUMNS = {
  createdAt: { column: apiKeys.createdAt, type: 'timestamptz' },
  name: { column: sql`lower(${apiKeys.name})`, type: 'text' },
  lastUsedAt: { column: apiKeys.lastUsedAt, type: 'timestamptz', nullsLast: true },
} satisfies Record<(typeof API_KEY_SORT_FIELDS)[number], KeyColumn>;

/** The own company's API keys, a page at a time, with when each was last used. Never the secret. */
export async function listApiKeys(db: Db, actor: Actor, input: TListApiKeysInput) {
  const { cursor, limit, sort, filters } = ZListApiKeysInput.parse(input);
  const where: SQL[] = [eq(apiKeys.companyId, actor.company.id)];
  if (filters.status) where.push(STATUS_WHERE[filters.status]);

  const keys = keyset(`company.apiKeys:${sort.field}:${sort.direction}`, sort.direction, [
    SORT_COLUMNS[sort.field],
    { column: apiKeys.id, type: 'uuid' },
  ]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        scopes: apiKeys.scopes,
        expiresAt: apiKeys.expiresAt,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
        createdAt: apiKeys.createdAt,
        cursor: keys.cursor,
      })
      .from(apiKeys)
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(apiKeys).where(and(...where)),
  ]);
  const now = new Date();
  const page = keys.page(rows, limit);
  return {
    items: page.items.map((key) => ({ ...key, status: statusOf(key, now) })),
    nextCursor: page.nextCursor,
    total: total?.n ?? 0,
    scopes: Object.entries(API_KEY_SCOPE_LABELS).map(([value, label]) => ({ value, label })),
  };
}

async function ownCompany(db: Db, actor: Actor) {
  const [company] = await db.select().from(companies).where(eq(companies.id, actor.company.id));
  if (!company) throw notFound(m.not_found_your_company());
  return company;
}

/**
 * Creates a key for the own company. The answer carries the full key: it is shown this once,
 * since only the hash of its secret is kept.
 */
export async function createApiKey(db: Db, actor: Actor, input: TCreateApiKeyInput) {
  const { name, scopes, expiresAt } = ZCreateApiKeyInput.parse(input);
  const company = await ownCompany(db, actor);
  const { key, prefix, secretHash } = generateApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        companyId: company.id,
        channelId: company.channelId,
        partnerId: company.partnerId,
        customerId: company.customerId,
        name,
        prefix,
        secretHash,
        scopes,
        expiresAt: expiresAt ?? null,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('The API key was not stored.');
    await writeAudit(tx, actor, {
      company,
      action: 'api-key.create',
      targetType: 'api_key',
      targetId: row.id,
      after: { name, prefix, scopes, expiresAt: row.expiresAt },
    });
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes,
      expiresAt: row.expiresAt,
      createdAt: row.createdAt,
      /** The whole key. It cannot be shown again. */
      key,
    };
  });
}

/**
 * Revokes one of the own company's keys: requests with it are refused from the moment this
 * commits. Revoking a revoked key is a CONFLICT that says when it was revoked, so nobody takes a
 * second click for a second key.
 */
export async function revokeApiKey(db: Db, actor: Actor, input: TRevokeApiKeyInput) {
  const { id } = ZRevokeApiKeyInput.parse(input);
  const company = await ownCompany(db, actor);
  return db.transaction(async (tx) => {
    const [key] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.companyId, company.id)))
      .for('update');
    if (!key) throw notFound(m.not_found_this_api_key());
    if (key.revokedAt) {
      throw new DomainError('CONFLICT', m.api_keys_already_revoked({ name: key.name, day: key.revokedAt.toISOString().slice(0, 10) }));
    }
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()`, revokedBy: actor.userId })
      .where(eq(apiKeys.id, key.id))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt });
    await writeAudit(tx, actor, {
      company,
      action: 'api-key.revoke',
      targetType: 'api_key',
      targetId: key.id,
      before: { name: key.name, prefix: key.prefix, revokedAt: null },
      after: { revokedAt: row!.revokedAt },
    });
    return row!;
  });
}
