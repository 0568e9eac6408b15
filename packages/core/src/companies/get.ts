import { and, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { companies, type CompanyKind, type Executor } from '@keyway/db';
import { notFound } from '../errors.ts';
import { scopeOf, type Actor } from '../tenancy/scope.ts';

export const ZGetCompanyInput = z.object({ id: z.uuid('That is not a valid company id.') });
export type TGetCompanyInput = z.infer<typeof ZGetCompanyInput>;

/**
 * A company's profile, if it is the actor's own company or below it. Anything else answers
 * NOT_FOUND, whether or not it exists, so ids outside one's scope reveal nothing.
 */
export async function getCompany(
  db: Executor,
  actor: Actor,
  input: TGetCompanyInput,
  kinds: CompanyKind[],
) {
  const parent = alias(companies, 'parent');
  const [row] = await db
    .select({
      id: companies.id,
      kind: companies.kind,
      type: companies.type,
      name: companies.name,
      accountName: companies.accountName,
      status: companies.status,
      contactName: companies.contactName,
      contactEmail: companies.contactEmail,
      phone: companies.phone,
      address: companies.address,
      city: companies.city,
      state: companies.state,
      postalCode: companies.postalCode,
      country: companies.country,
      timeZone: companies.timeZone,
      language: companies.language,
      parentId: companies.parentId,
      parentName: parent.name,
      createdAt: companies.createdAt,
    })
    .from(companies)
    .leftJoin(parent, eq(parent.id, companies.parentId))
    .where(and(eq(companies.id, input.id), inArray(companies.kind, kinds), scopeOf(actor, companies)))
    .limit(1);
  if (!row) throw notFound(kinds.includes('customer') ? 'Customer' : 'Partner');
  return row;
}
