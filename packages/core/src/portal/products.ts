import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { dataCenters, legalAcceptances, legalDocuments, licenses, products, registrationKeys, servicePlans, users, type Db } from '@keyway/db';
import { DomainError } from '../errors.ts';
import { formatActivationCode, formatKey } from '../registration-keys/format.ts';
import { scopeOf, type Actor } from '../tenancy/scope.ts';

/*
 * The customer portal's reads: the signed-in customer's licenses and the documents its users
 * accepted. Both are limited to the customer's own company.
 */

const ZCursor = z.object({ value: z.string(), id: z.string() }).optional();

export const ZPortalProductsInput = z.object({
  cursor: ZCursor,
  limit: z.number().int().min(1).max(100).default(50),
  sort: z
    .object({ by: z.enum(['createdAt']).default('createdAt'), direction: z.enum(['desc']).default('desc') })
    .default({ by: 'createdAt', direction: 'desc' }),
  filters: z.object({}).default({}),
});

export const ZPortalAcceptancesInput = ZPortalProductsInput.extend({
  sort: z
    .object({ by: z.enum(['acceptedAt']).default('acceptedAt'), direction: z.enum(['desc']).default('desc') })
    .default({ by: 'acceptedAt', direction: 'desc' }),
});

function customerOnly(actor: Actor) {
  if (actor.tier !== 'customer') throw new DomainError('FORBIDDEN', 'The portal is for customer accounts.');
}

/** The customer's licenses, newest first, with their data center and activation code. */
export async function listPortalProducts(db: Db, actor: Actor, input: z.input<typeof ZPortalProductsInput>) {
  customerOnly(actor);
  const { cursor, limit } = ZPortalProductsInput.parse(input);
  const where = and(eq(licenses.companyId, actor.company.id), scopeOf(actor, licenses));
  const after = cursor ? sql`(${licenses.createdAt}, ${licenses.id}) < (${new Date(cursor.value)}, ${cursor.id}::uuid)` : undefined;
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        license: licenses,
        productName: products.name,
        planName: servicePlans.name,
        dataCenterName: dataCenters.name,
        dataCenterRegion: dataCenters.region,
        key: registrationKeys.code,
        activationCode: registrationKeys.activationCode,
      })
      .from(licenses)
      .innerJoin(products, eq(products.id, licenses.productId))
      .innerJoin(servicePlans, eq(servicePlans.id, licenses.planId))
      .leftJoin(dataCenters, eq(dataCenters.id, licenses.dataCenterId))
      .leftJoin(registrationKeys, eq(registrationKeys.licenseId, licenses.id))
      .where(and(where, after))
      .orderBy(desc(licenses.createdAt), desc(licenses.id))
      .limit(limit + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(licenses).where(where),
  ]);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.license.id,
    productName: r.productName,
    planName: r.planName,
    status: r.license.status,
    versionType: r.license.versionType,
    units: r.license.units,
    unitType: r.license.unitType,
    startsOn: r.license.startsOn,
    expiresOn: r.license.expiresOn,
    dataCenter: r.dataCenterName ? { name: r.dataCenterName, region: r.dataCenterRegion } : null,
    registrationKey: r.key ? formatKey(r.key) : null,
    activationCode: r.activationCode ? formatActivationCode(r.activationCode) : null,
  }));
  const last = rows.length > limit ? rows[limit - 1]!.license : undefined;
  return { items, nextCursor: last ? { value: last.createdAt.toISOString(), id: last.id } : null, total: counted?.n ?? 0 };
}

/** The document versions the customer's users (or its partner on its behalf) accepted, newest first. */
export async function listPortalAcceptances(db: Db, actor: Actor, input: z.input<typeof ZPortalAcceptancesInput>) {
  customerOnly(actor);
  const { cursor, limit } = ZPortalAcceptancesInput.parse(input);
  const where = and(eq(legalAcceptances.companyId, actor.company.id), scopeOf(actor, legalAcceptances));
  const after = cursor
    ? sql`(${legalAcceptances.acceptedAt}, ${legalAcceptances.id}) < (${new Date(cursor.value)}, ${Number(cursor.id)})`
    : undefined;
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: legalAcceptances.id,
        acceptedAt: legalAcceptances.acceptedAt,
        kind: legalDocuments.kind,
        title: legalDocuments.title,
        version: legalDocuments.version,
        language: legalDocuments.language,
        userName: users.name,
        userEmail: users.email,
        key: registrationKeys.code,
      })
      .from(legalAcceptances)
      .innerJoin(legalDocuments, eq(legalDocuments.id, legalAcceptances.documentId))
      .leftJoin(users, eq(users.id, legalAcceptances.userId))
      .leftJoin(registrationKeys, eq(registrationKeys.id, legalAcceptances.keyId))
      .where(and(where, after))
      .orderBy(desc(legalAcceptances.acceptedAt), desc(legalAcceptances.id))
      .limit(limit + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(legalAcceptances).where(where),
  ]);
  const items = rows.slice(0, limit).map(({ key, ...r }) => ({ ...r, registrationKey: key ? formatKey(key) : null }));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? { value: last.acceptedAt.toISOString(), id: String(last.id) } : null, total: counted?.n ?? 0 };
}
