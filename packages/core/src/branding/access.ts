import { eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { companies, type Executor } from '@keyway/db';
import { assertWritable } from '../company/index.ts';
import { forbidden, notFound } from '../errors.ts';
import { scopeOf, type Actor, type Stamped } from '../tenancy/index.ts';
import { brandingOwners } from './owners.ts';
import { m } from '../i18n.ts';

/** The owner column value for rows the actor writes: the vendor's rows carry company null. */
export function ownerIdOf(actor: Actor): string | null {
  return actor.tier === 'vendor' ? null : actor.company.id;
}

/** Tenancy stamps for a row the actor owns (the actor's own company stamps, never a customer's). */
export function ownerStamps(actor: Actor) {
  if (actor.tier === 'vendor') return { companyId: null, channelId: null, partnerId: null, customerId: null };
  return { companyId: actor.company.id, channelId: actor.company.channelId, partnerId: actor.company.partnerId, customerId: null };
}

/**
 * Branding rows an actor may read: the vendor's, those of the companies above it (what its
 * subtree inherits) and everything in its own subtree.
 */
export async function readableBy(db: Executor, actor: Actor, table: Stamped & { companyId: AnyPgColumn }): Promise<SQL> {
  const above = actor.tier === 'vendor' ? [] : (await brandingOwners(db, actor.company.id, { includeSelf: false })).filter((id) => id !== actor.company.id);
  const conditions: SQL[] = [isNull(table.companyId), scopeOf(actor, table)];
  if (above.length > 0) conditions.push(inArray(table.companyId, above));
  return or(...conditions) as SQL;
}

/** What a branding setting that is not the actor's says when the actor tries to change it. */
const NOT_YOURS = {
  document: { vendors: m.branding_document_vendors, other: m.branding_document_other },
  'data center': { vendors: m.branding_data_center_vendors, other: m.branding_data_center_other },
  'regional service': { vendors: m.branding_regional_service_vendors, other: m.branding_regional_service_other },
};
export type BrandingThing = keyof typeof NOT_YOURS;

/** A company changes only its own branding settings, and not while it (or its parent) is suspended. */
export async function assertOwnedWritable(db: Executor, actor: Actor, row: { companyId: string | null }, what: BrandingThing): Promise<void> {
  if (row.companyId !== ownerIdOf(actor)) {
    throw forbidden(row.companyId === null ? NOT_YOURS[what].vendors() : NOT_YOURS[what].other());
  }
  await assertActorWritable(db, actor);
}

export async function assertActorWritable(db: Executor, actor: Actor): Promise<void> {
  if (actor.tier === 'vendor') return;
  const [company] = await db.select().from(companies).where(eq(companies.id, actor.company.id));
  if (!company) throw notFound(m.not_found_your_company());
  await assertWritable(db, company);
}
