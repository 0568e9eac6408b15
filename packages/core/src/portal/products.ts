import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { dataCenters, legalAcceptances, legalDocuments, licenses, products, registrationKeys, servicePlans, users, type Db } from '@keyway/db';
import { DomainError } from '../errors.ts';
import { keyset, ZPageCursor } from '../paging.ts';
import { formatActivationCode, formatKey } from '../registration-keys/index.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { m } from '../i18n.ts';

/*
 * The customer portal's reads: the signed-in customer's licenses and the documents its users
 * accepted. Both are limited to the customer's own company.
 */

export const ZPortalProductsInput = z.object({
  cursor: ZPageCursor.optional(),
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
  if (actor.tier !== 'customer') throw new DomainError('FORBIDDEN', m.portal_customers_only());
}

/** The customer's licenses, newest first, with their data center and activation code. */
export async function listPortalProducts(db: Db, actor: Actor, input: z.input<typeof ZPortalProductsInput>) {
  customerOnly(actor);
  const { cursor, limit } = ZPortalProductsInput.parse(input);
  const where = and(eq(licenses.companyId, actor.company.id), scopeOf(actor, licenses));
  const keys = keyset('portal.products:createdAt:desc', 'desc', [
    { column: licenses.createdAt, type: 'timestamptz' },
    { column: licenses.id, type: 'uuid' },
  ]);
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
        cursor: keys.cursor,
      })
      .from(licenses)
      .innerJoin(products, eq(products.id, licenses.productId))
      .innerJoin(servicePlans, eq(servicePlans.id, licenses.planId))
      .leftJoin(dataCenters, eq(dataCenters.id, licenses.dataCenterId))
      .leftJoin(registrationKeys, eq(registrationKeys.licenseId, licenses.id))
      .where(and(where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(licenses).where(where),
  ]);
  const page = keys.page(rows, limit);
  const items = page.items.map((r) => ({
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
  return { items, nextCursor: page.nextCursor, total: counted?.n ?? 0 };
}

/** The document versions the customer's users (or its partner on its behalf) accepted, newest first. */
export async function listPortalAcceptances(db: Db, actor: Actor, input: z.input<typeof ZPortalAcceptancesInput>) {
  customerOnly(actor);
  const { cursor, limit } = ZPortalAcceptancesInput.parse(input);
  const where = and(eq(legalAcceptances.companyId, actor.company.id), scopeOf(actor, legalAcceptances));
  const keys = keyset('portal.acceptances:acceptedAt:desc', 'desc', [
    { column: legalAcceptances.acceptedAt, type: 'timestamptz' },
    { column: legalAcceptances.id, type: 'bigint' },
  ]);
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
        cursor: keys.cursor,
      })
      .from(legalAcceptances)
      .innerJoin(legalDocuments, eq(legalDocuments.id, legalAcceptances.documentId))
      .leftJoin(users, eq(users.id, legalAcceptances.userId))
      .leftJoin(registrationKeys, eq(registrationKeys.id, legalAcceptances.keyId))
      .where(and(where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(legalAcceptances).where(where),
  ]);
  const page = keys.page(rows, limit);
  const items = page.items.map(({ key, ...r }) => ({ ...r, registrationKey: key ? formatKey(key) : null }));
  return { items, nextCursor: page.nextCursor, total: counted?.n ?? 0 };
}
