import { and, count, eq, getTableName, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { dataCenters, regionalServices, type Db, type Tx } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { DomainError, isUniqueViolation, notFound } from '../errors.ts';
import { formatCount, m } from '../i18n.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import { likeEscape, cardOf } from '../sql.ts';
import type { Actor } from '../tenancy/index.ts';
import { assertActorWritable, assertOwnedWritable, ownerIdOf, ownerStamps, readableBy, type BrandingThing } from './access.ts';
import { requireChange, said, ZHttpsUrl, ZText } from '../validation.ts';

/** Regions the console offers; any other short region name may be typed. */
export const REGIONS = ['us', 'ca', 'latam', 'eu', 'uk', 'ch', 'mea', 'apac', 'jp', 'au'] as const;

const ZEndpointId = z.uuid(said(m.branding_id_invalid));
const ZEndpointFields = z.object({
  code: ZText(40, { required: m.branding_code_required, tooLong: () => m.branding_code_too_long({ max: formatCount(40) }) })
    .min(2, said(m.branding_code_too_short))
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, said(m.branding_code_format)),
  name: ZText(100, { required: m.branding_name_required, tooLong: () => m.validation_person_name_too_long({ max: formatCount(100) }) }).min(2, said(m.branding_name_too_short)),
  region: ZText(20, { required: m.branding_region_choose, tooLong: () => m.branding_region_too_long({ max: formatCount(20) }) }).min(1, said(m.branding_region_choose)),
  endpoint: ZHttpsUrl(m.branding_endpoint_https, () => m.branding_endpoint_too_long({ max: formatCount(2000) })),
});

export const ZListEndpointsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({
      by: z.enum(['name', 'code', 'region', 'enabled']).default('name'),
      direction: z.enum(['asc', 'desc']).default('asc'),
    })
    .default({ by: 'name', direction: 'asc' }),
  filters: z
    .object({
      query: ZText(100, { tooLong: () => m.customers_search_too_long({ max: formatCount(100) }) }).optional(),
      enabled: z.boolean().optional(),
      owned: z.boolean().optional(),
    })
    .default({}),
});
export const ZEndpointIdInput = z.object({ id: ZEndpointId });
export const ZCreateEndpointInput = ZEndpointFields.extend({ enabled: z.boolean().default(true) });
export const ZUpdateEndpointInput = requireChange(z.object({ id: ZEndpointId, ...ZEndpointFields.partial().shape }));
export const ZSetEndpointEnabledInput = z.object({ id: ZEndpointId, enabled: z.boolean(said(m.branding_say_enabled)) });

export type TListEndpointsInput = z.input<typeof ZListEndpointsInput>;
export type TCreateEndpointInput = z.input<typeof ZCreateEndpointInput>;
export type TUpdateEndpointInput = z.input<typeof ZUpdateEndpointInput>;

/**
 * Data centers and regional services are the same kind of record (code, name, region, https
 * endpoint, enabled; owned per company, the vendor's seen by all), so one set of rules serves both.
 * The two tables have identical columns; only their names and the words shown differ.
 */
function endpointArea(table: typeof dataCenters, words: { notFound: () => string; lower: BrandingThing; audit: string; codeKey: string; codeTaken: (code: { code: string }) => string }) {
  const owners = cardOf(table.companyId, 'endpoint_owners');
  const columns = {
    id: table.id,
    companyId: table.companyId,
    ownerName: sql<string>`coalesce(${owners.name}, 'Vendor')`,
    code: table.code,
    name: table.name,
    region: table.region,
    endpoint: table.endpoint,
    enabled: table.enabled,
    createdAt: table.createdAt,
    updatedAt: table.updatedAt,
  };

  async function inScope(db: Db | Tx, actor: Actor, id: string) {
    const [row] = await db
      .select()
      .from(table)
      .where(and(eq(table.id, id), await readableBy(db, actor, table)))
      .for('update');
    if (!row) throw notFound(words.notFound());
    return row;
  }

  function duplicateCode(code: string) {
    return new DomainError('CONFLICT', words.codeTaken({ code }), { field: 'code' });
  }

  const audit = (tx: Tx, actor: Actor, action: string, id: string, before: unknown, after: unknown) =>
    writeAudit(tx, actor, {
      company: actor.tier === 'vendor' ? null : actor.company,
      action: `${words.audit}.${action}`,
      targetType: table === dataCenters ? 'data_center' : 'regional_service',
      targetId: id,
      before,
      after,
    });

  return {
    /** The vendor's, those above the actor and those of its subtree; `owned` marks what it may edit. */
    async list(db: Db, actor: Actor, input: TListEndpointsInput) {
      const { cursor, limit, sort, filters } = ZListEndpointsInput.parse(input);
      const owner = ownerIdOf(actor);
      const ownedSql = owner ? eq(table.companyId, owner) : sql`${table.companyId} is null`;
      const where: (SQL | undefined)[] = [
        await readableBy(db, actor, table),
        filters.query
          ? sql`(lower(${table.name}) like ${`%${likeEscape(filters.query.toLowerCase())}%`} or lower(${table.code}) like ${`%${likeEscape(filters.query.toLowerCase())}%`})`
          : undefined,
        filters.enabled !== undefined ? eq(table.enabled, filters.enabled) : undefined,
        filters.owned !== undefined ? (filters.owned ? ownedSql : sql`not (${ownedSql})`) : undefined,
      ];
      const column = (
        {
          name: { column: sql`lower(${table.name})`, type: 'text' },
          code: { column: sql`lower(${table.code})`, type: 'text' },
          region: { column: table.region, type: 'text' },
          enabled: { column: table.enabled, type: 'boolean' },
        } satisfies Record<typeof sort.by, KeyColumn>
      )[sort.by];
      const keys = keyset(`branding.${getTableName(table)}:${sort.by}:${sort.direction}`, sort.direction, [
        column,
        { column: table.id, type: 'uuid' },
      ]);
      const [rows, [total]] = await Promise.all([
        db
          .select({ ...columns, cursor: keys.cursor })
          .from(table)
          .leftJoinLateral(owners, sql`true`)
          .where(and(...where, keys.after(cursor)))
          .orderBy(...keys.orderBy)
          .limit(limit + 1),
        db.select({ n: count() }).from(table).where(and(...where)),
      ]);
      const page = keys.page(rows, limit);
      return { items: page.items.map((row) => ({ ...row, owned: row.companyId === owner })), nextCursor: page.nextCursor, total: total?.n ?? 0 };
    },

    async get(db: Db, actor: Actor, input: z.input<typeof ZEndpointIdInput>) {
      const { id } = ZEndpointIdInput.parse(input);
      const [row] = await db
        .select(columns)
        .from(table)
        .leftJoinLateral(owners, sql`true`)
        .where(and(eq(table.id, id), await readableBy(db, actor, table)));
      if (!row) throw notFound(words.notFound());
      return { ...row, owned: row.companyId === ownerIdOf(actor) };
    },

    async create(db: Db, actor: Actor, input: TCreateEndpointInput) {
      const parsed = ZCreateEndpointInput.parse(input);
      try {
        return await db.transaction(async (tx) => {
          await assertActorWritable(tx, actor);
          const [row] = await tx.insert(table).values({ ...ownerStamps(actor), ...parsed }).returning({ id: table.id });
          await audit(tx, actor, 'create', row!.id, null, parsed);
          return { id: row!.id };
        });
      } catch (error) {
        if (isUniqueViolation(error, words.codeKey)) throw duplicateCode(parsed.code);
        throw error;
      }
    },

    async update(db: Db, actor: Actor, input: TUpdateEndpointInput) {
      const { id, ...changes } = ZUpdateEndpointInput.parse(input);
      try {
        return await db.transaction(async (tx) => {
          const before = await inScope(tx, actor, id);
          await assertOwnedWritable(tx, actor, before, words.lower);
          await tx.update(table).set(changes).where(eq(table.id, id));
          await audit(tx, actor, 'update', id, { code: before.code, name: before.name, region: before.region, endpoint: before.endpoint }, changes);
          return { id };
        });
      } catch (error) {
        if (isUniqueViolation(error, words.codeKey)) throw duplicateCode(changes.code ?? '');
        throw error;
      }
    },

    async setEnabled(db: Db, actor: Actor, input: z.input<typeof ZSetEndpointEnabledInput>) {
      const { id, enabled } = ZSetEndpointEnabledInput.parse(input);
      return db.transaction(async (tx) => {
        const before = await inScope(tx, actor, id);
        await assertOwnedWritable(tx, actor, before, words.lower);
        await tx.update(table).set({ enabled }).where(eq(table.id, id));
        await audit(tx, actor, enabled ? 'enable' : 'disable', id, { enabled: before.enabled }, { enabled });
        return { id, enabled };
      });
    },
  };
}

export const dataCenterArea = endpointArea(dataCenters, {
  notFound: m.not_found_data_center,
  lower: 'data center',
  codeTaken: m.branding_data_center_code_taken,
  audit: 'data-center',
  codeKey: 'data_centers_owner_code_key',
});

// Same columns as data_centers (see the schema); the cast only forgets the table's name.
export const regionalServiceArea = endpointArea(regionalServices as unknown as typeof dataCenters, {
  notFound: m.not_found_regional_service,
  lower: 'regional service',
  codeTaken: m.branding_regional_service_code_taken,
  audit: 'regional-service',
  codeKey: 'regional_services_owner_code_key',
});
