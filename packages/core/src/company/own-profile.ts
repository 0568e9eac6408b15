import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { companies, type Company, type Db, type Executor } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { ZCompanyProfile } from '../company-profile.ts';
import { notFound } from '../errors.ts';
import { cardOf } from '../sql.ts';
import type { Actor } from '../tenancy/index.ts';
import { m } from '../i18n.ts';

/** The profile fields an Administrator edits under Company Information. */
export const ZUpdateCompanyInput = ZCompanyProfile;
export type TUpdateCompanyInput = z.input<typeof ZUpdateCompanyInput>;

const PROFILE_FIELDS = [
  'name',
  'contactName',
  'contactEmail',
  'phone',
  'address',
  'city',
  'state',
  'postalCode',
  'country',
  'timeZone',
  'language',
] as const satisfies (keyof Company)[];

/** The actor's own company as Administration → Company Information shows it. */
export async function getOwnCompany(db: Executor, actor: Actor) {
  // The parent is an ancestor, readable only through `company_cards`.
  const parent = cardOf(companies.parentId, 'parent');
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
    .leftJoinLateral(parent, sql`true`)
    .where(eq(companies.id, actor.company.id))
    .limit(1);
  if (!row) throw notFound(m.not_found_your_company());
  return row;
}

/**
 * Saves the own company's profile. Profile edits stay allowed while a partner is suspended
 * (DESIGN §1); the account name is the company's handle in its channel and is not edited here.
 */
export async function updateOwnCompany(db: Db, actor: Actor, input: TUpdateCompanyInput) {
  const profile = ZUpdateCompanyInput.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(companies).where(eq(companies.id, actor.company.id)).for('update');
    if (!before) throw notFound(m.not_found_your_company());
    const changed = PROFILE_FIELDS.filter((field) => (profile[field] ?? null) !== before[field]);
    if (changed.length === 0) return;

    await tx.update(companies).set(profile).where(eq(companies.id, before.id));
    await writeAudit(tx, actor, {
      company: before,
      action: 'company.update',
      targetType: 'company',
      targetId: before.id,
      before: Object.fromEntries(changed.map((field) => [field, before[field]])),
      after: Object.fromEntries(changed.map((field) => [field, profile[field] ?? null])),
    });
  });
  return getOwnCompany(db, actor);
}
