import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { products, type Db, type Product } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { DomainError, isUniqueViolation, notFound } from '../errors.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import { likeEscape } from '../sql.ts';
import type { Actor } from '../tenancy/index.ts';
import { requireChange, said, ZText } from '../validation.ts';
import { formatCount, m } from '../i18n.ts';

const ZId = z.uuid(said(m.customers_product_id_invalid));

/** Two upper-case letters: every registration key and activation code of the product starts with them. */
export const ZProductCode = z
  .string(said(m.catalog_code_required))
  .trim()
  .transform((code) => code.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, said(m.catalog_code_format)));

const ZUnitType = z
  .string(said(m.catalog_unit_type_required))
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z-]{0,29}$/, said(m.catalog_unit_type_format));

export const ZProductFields = z.object({
  name: ZText(120, { tooLong: () => m.validation_person_name_too_long({ max: formatCount(120) }) }).min(2, said(m.catalog_name_required)),
  description: ZText(2000, { tooLong: () => m.validation_description_too_long({ max: formatCount(2000) }) }).nullable().optional(),
  unitTypes: z
    .array(ZUnitType)
    .min(1, said(m.catalog_unit_types_min))
    .max(10, said(m.catalog_unit_types_max))
    .refine((types) => new Set(types).size === types.length, said(m.catalog_unit_type_twice)),
  saas: z.boolean(),
  needsActivationCode: z.boolean(),
  reportsUsage: z.boolean(),
});

export const ZCreateProductInput = ZProductFields.extend({
  code: ZProductCode,
  saas: z.boolean().default(true),
  needsActivationCode: z.boolean().default(false),
  reportsUsage: z.boolean().default(true),
});
export type TCreateProductInput = z.input<typeof ZCreateProductInput>;

/** The code stays: keys and activation codes already issued carry it. */
export const ZUpdateProductInput = requireChange(ZProductFields.partial().extend({ id: ZId }));
export const ZProductIdInput = z.object({ id: ZId });
export const ZSetProductEnabledInput = z.object({ id: ZId, enabled: z.boolean(said(m.catalog_say_enabled)) });

export const ZListProductsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  sort: z
    .object({ by: z.enum(['name', 'code']).default('name'), direction: z.enum(['asc', 'desc']).default('asc') })
    .default({ by: 'name', direction: 'asc' }),
  filters: z
    .object({
      query: ZText(100, { tooLong: () => m.customers_search_too_long({ max: formatCount(100) }) }).optional(),
      status: z.enum(['enabled', 'disabled']).optional(),
    })
    .default({}),
});

function requireVendor(actor: Actor) {
  if (actor.tier !== 'vendor') throw new DomainError('FORBIDDEN', m.catalog_only_vendor());
}

/** The plans of each product, and how many of them wait for their owner to approve a composition change. */
const planCounts = {
  plans: sql<number>`(select count(*)::int from service_plans sp where sp.product_id = "products"."id")`,
  lockedPlans: sql<number>`(select count(*)::int from service_plans sp where sp.product_id = "products"."id" and sp.approved_composition_version < "products"."composition_version")`,
};

/** The catalog, filtered and paged by keyset; each product with its plan counts. */
export async function listProducts(db: Db, actor: Actor, input: z.input<typeof ZListProductsInput>) {
  const { cursor, limit, sort, filters } = ZListProductsInput.parse(input);
  requireVendor(actor);
  const where: (SQL | undefined)[] = [
    filters.status ? eq(products.enabled, filters.status === 'enabled') : undefined,
    filters.query
      ? sql`(lower(${products.name}) like ${`%${likeEscape(filters.query.toLowerCase())}%`} or ${products.code} = ${filters.query.toUpperCase()})`
      : undefined,
  ];
  const column = (
    {
      name: { column: sql`lower(${products.name}) collate "C"`, type: 'text' },
      code: { column: products.code, type: 'text' },
    } satisfies Record<typeof sort.by, KeyColumn>
  )[sort.by];
  const keys = keyset(`catalog:${sort.by}:${sort.direction}`, sort.direction, [column, { column: products.id, type: 'uuid' }]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: products.id,
        code: products.code,
        name: products.name,
        description: products.description,
        unitTypes: products.unitTypes,
        saas: products.saas,
        needsActivationCode: products.needsActivationCode,
        reportsUsage: products.reportsUsage,
        enabled: products.enabled,
        compositionVersion: products.compositionVersion,
        ...planCounts,
        cursor: keys.cursor,
      })
      .from(products)
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(products).where(and(...where)),
  ]);
  return { ...keys.page(rows, limit), total: total?.n ?? 0 };
}

function productAudit(tx: Parameters<typeof writeAudit>[0], actor: Actor, action: string, product: Product, before: unknown, after: unknown) {
  return writeAudit(tx, actor, { company: null, action, targetType: 'product', targetId: product.id, before, after });
}

const fieldsOf = (p: Product) => ({
  code: p.code,
  name: p.name,
  description: p.description,
  unitTypes: p.unitTypes,
  saas: p.saas,
  needsActivationCode: p.needsActivationCode,
  reportsUsage: p.reportsUsage,
  enabled: p.enabled,
});

/** Adds a product to the catalog, enabled; two products never share a code. */
export async function createProduct(db: Db, actor: Actor, input: TCreateProductInput) {
  const parsed = ZCreateProductInput.parse(input);
  requireVendor(actor);
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(products)
        .values({ ...parsed, description: parsed.description || null })
        .returning();
      await productAudit(tx, actor, 'product.create', created!, null, fieldsOf(created!));
      return { id: created!.id, code: created!.code, name: created!.name };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'products_code_key')) {
      throw new DomainError('CONFLICT', m.catalog_code_taken({ code: parsed.code }), { field: 'code' });
    }
    throw error;
  }
}

/** Edits a product's name, description, unit types and flags. */
export async function updateProduct(db: Db, actor: Actor, input: z.input<typeof ZUpdateProductInput>) {
  const { id, ...changes } = ZUpdateProductInput.parse(input);
  requireVendor(actor);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(products).where(eq(products.id, id)).for('update');
    if (!before) throw notFound(m.not_found_product());
    const [after] = await tx
      .update(products)
      .set({ ...changes, ...(changes.description !== undefined ? { description: changes.description || null } : {}) })
      .where(eq(products.id, id))
      .returning();
    await productAudit(tx, actor, 'product.update', after!, fieldsOf(before), fieldsOf(after!));
    return { id, name: after!.name };
  });
}

/**
 * A disabled product is no longer offered for new pools, plans or keys; stock, plans and licenses
 * that exist stay as they are.
 */
export async function setProductEnabled(db: Db, actor: Actor, input: z.input<typeof ZSetProductEnabledInput>) {
  const { id, enabled } = ZSetProductEnabledInput.parse(input);
  requireVendor(actor);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(products).where(eq(products.id, id)).for('update');
    if (!before) throw notFound(m.not_found_product());
    if (before.enabled === enabled) {
      throw new DomainError('CONFLICT', (enabled ? m.catalog_already_enabled : m.catalog_already_disabled)({ product: before.name }));
    }
    const [after] = await tx.update(products).set({ enabled }).where(eq(products.id, id)).returning();
    await productAudit(tx, actor, enabled ? 'product.enable' : 'product.disable', after!, { enabled: before.enabled }, { enabled });
    return { id, name: after!.name, enabled: after!.enabled };
  });
}
