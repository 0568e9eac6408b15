import { and, eq, or, sql, type Column, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { cardOf, likeEscape } from '../sql.ts';
import { companies, companyCounts, type Db, type Executor } from '@keyway/db';
import { assertWritable, companyInScope, auditCompany, createChildCompany } from '../company/index.ts';
import { ZAccountName, ZCompanyProfile, ZFirstAdministrator } from '../company-profile.ts';
import { DomainError } from '../errors.ts';
import { cappedCount, keyset, ZPageCursor } from '../paging.ts';
import { requireChange, ZEmail, ZText, said } from '../validation.ts';
import { expireLicensesOfDisabledCustomer, restoreLicensesOfEnabledCustomer, hasLicensesCondition, ZLicenseHealth } from '../licenses/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { m, formatCount } from '../i18n.ts';

const ZId = z.uuid(said(m.customers_id_invalid));

export const ZCreateCustomerInput = z.object({
  profile: ZCompanyProfile.extend({
    accountName: ZAccountName,
    /** Who to reach when the contact person cannot be. */
    emergencyEmail: ZEmail.nullable().optional(),
  }),
  admin: ZFirstAdministrator,
});
export type TCreateCustomerInput = z.input<typeof ZCreateCustomerInput>;

export const ZUpdateCustomerInput = requireChange(
  z.object({
    id: ZId,
    profile: ZCompanyProfile.extend({ emergencyEmail: ZEmail.nullable().optional() }).partial(),
  }),
);
export const ZCustomerIdInput = z.object({ id: ZId });

export const ZCustomerFilters = z
  .object({
    query: ZText(100, { tooLong: () => m.customers_search_too_long({ max: formatCount(100) }) }).optional(),
    status: z.enum(['enabled', 'disabled']).optional(),
    /** The customers of one of the caller's partners (a tier-1's tier-2s; the vendor's tier-1s and tier-2s). */
    partnerId: z.uuid(said(m.customers_partner_id_invalid)).optional(),
    /** The customers under no tier-2 (a tier-1's own). */
    direct: z.boolean().optional(),
    /** Customers with a license of this product (not discontinued). */
    productId: z.uuid(said(m.customers_product_id_invalid)).optional(),
    /** Customers with a license in this status (of the product, when one is chosen). */
    licenseStatus: ZLicenseHealth.optional(),
  })
  .default({});

const SORTABLE = ['name', 'accountName', 'createdAt'] as const;

export const ZListCustomersInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({ by: z.enum(SORTABLE).default('name'), direction: z.enum(['asc', 'desc']).default('asc') })
    .default({ by: 'name', direction: 'asc' }),
  filters: ZCustomerFilters,
});

/** The where-clause of the actor's customers under the filters; shared by the list and the export. */
export function customerWhere(actor: Actor, filters: z.infer<typeof ZCustomerFilters>): SQL {
  const parts: (SQL | undefined)[] = [scopeOf(actor, companies), eq(companies.kind, 'customer')];
  if (filters.status) parts.push(eq(companies.status, filters.status));
  if (filters.partnerId) parts.push(ofPartner(actor, companies, filters.partnerId));
  if (filters.direct) parts.push(sql`${companies.partnerId} is null`);
  if (filters.query) parts.push(sql`${companies.searchText} like ${`%${likeEscape(filters.query.toLowerCase())}%`}`);
  if (filters.productId || filters.licenseStatus) {
    parts.push(hasLicensesCondition({ owner: 'customer', health: filters.licenseStatus, productId: filters.productId }));
  }
  return and(...parts)!;
}

/**
 * The customers of a partner, on the stamps of `table`: a tier-2's carry it as their partner. The
 * vendor's partners are tier-1s too, whose customers are their whole channel (the count its
 * partners list shows); the ids are unique, so one stamp or the other matches. Other tiers stay on
 * the partner stamp, inside their scope as before.
 */
function ofPartner(actor: Actor, table: { partnerId: Column; channelId: Column }, partnerId: string): SQL {
  if (actor.tier !== 'vendor') return eq(table.partnerId, partnerId);
  return or(eq(table.partnerId, partnerId), eq(table.channelId, partnerId))!;
}

/**
 * A search's matches are counted this far: past it the list says "1,000+". A common word (a
 * tenth of a channel's names hold "solutions") is counted by reading search texts until the cap,
 * and ten times the cap would be ten times the wait for a figure nobody pages through.
 */
export const SEARCH_COUNT_CAP = 1000;

/**
 * The actor's customers, filtered and sorted on the server, paged by keyset (the last row's sort
 * value and id), so the millionth row costs what the first does.
 */
export async function listCustomers(db: Db, actor: Actor, input: z.input<typeof ZListCustomersInput>) {
  const { cursor, limit, sort, filters } = ZListCustomersInput.parse(input);
  // Names sort case-insensitively by code point, the order of the per-scope name indexes, so a
  // page walks the index and stops instead of sorting the whole channel.
  const byName = sql`lower(${companies.name}) collate "C"`;
  const column = { name: byName, accountName: companies.accountName, createdAt: companies.createdAt }[sort.by];
  const keys = keyset(`customers:${sort.by}:${sort.direction}`, sort.direction, [
    { column, type: sort.by === 'createdAt' ? 'timestamptz' : 'text' },
    { column: companies.id, type: 'uuid' },
  ]);
  const where = customerWhere(actor, filters);
  const parent = alias(companies, 'parent');

  const [rows, counted] = await Promise.all([
    db
      .select({
        id: companies.id,
        name: companies.name,
        accountName: companies.accountName,
        status: companies.status,
        contactName: companies.contactName,
        contactEmail: companies.contactEmail,
        country: companies.country,
        createdAt: companies.createdAt,
        parentId: companies.parentId,
        parentName: parent.name,
        cursor: keys.cursor,
      })
      .from(companies)
      .leftJoin(parent, eq(parent.id, companies.parentId))
      .where(and(where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    customersTotal(db, actor, filters, where),
  ]);
  return { ...keys.page(rows, limit), ...counted };
}

/**
 * How many customers the filters hold. Filtered by status and partner only, the exact number from
 * `company_counts` (the figure the dashboard's widgets show, so a widget and the list it links to
 * agree); with a search or a license filter, a count of the matches up to a cap.
 */
async function customersTotal(db: Executor, actor: Actor, filters: z.infer<typeof ZCustomerFilters>, where: SQL) {
  if (filters.query) return cappedCount(db, companies, where, SEARCH_COUNT_CAP);
  if (filters.productId || filters.licenseStatus) return cappedCount(db, companies, where);
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${companyCounts.companies}), 0)::int` })
    .from(companyCounts)
    .where(
      and(
        scopeOf(actor, companyCounts),
        eq(companyCounts.kind, 'customer'),
        filters.status ? eq(companyCounts.status, filters.status) : undefined,
        filters.partnerId ? ofPartner(actor, companyCounts, filters.partnerId) : undefined,
        filters.direct ? sql`${companyCounts.partnerId} is null` : undefined,
      ),
    );
  return { total: row?.n ?? 0, totalIsCapped: false };
}

/** A customer's profile with its sign-in URL, if it is below the actor. */
export async function getCustomer(db: Db, actor: Actor, input: z.input<typeof ZCustomerIdInput>, context: { origin: string }) {
  const { id } = ZCustomerIdInput.parse(input);
  const customer = await companyInScope(db, actor, id, ['customer']);
  // For a tier-2 the channel is its tier-1, an ancestor: readable only through `company_cards`.
  const parent = cardOf(companies.parentId, 'parent');
  const channel = cardOf(companies.channelId, 'channel');
  const [row] = await db
    .select({ parentName: parent.name, parentKind: parent.kind, channelAccount: channel.accountName })
    .from(companies)
    .leftJoinLateral(parent, sql`true`)
    .leftJoinLateral(channel, sql`true`)
    .where(eq(companies.id, id));
  const { searchText: _s, ...profile } = customer;
  return {
    ...profile,
    parentName: row?.parentName ?? null,
    signInUrl: signInUrlOf(context.origin, row?.channelAccount ?? null, customer.accountName),
  };
}

/** Account names are unique within a channel, so the URL names both. */
export function signInUrlOf(origin: string, channelAccount: string | null, accountName: string): string {
  return `${origin}/sign-in/${channelAccount ?? 'direct'}/${accountName}`;
}

/**
 * Creates a customer below the actor with its first Administrator; the "account created" mail
 * goes out now or on the chosen date. The account name must be free in the channel.
 */
export async function createCustomer(db: Db, jobs: JobQueue, actor: Actor, input: TCreateCustomerInput, context: { origin: string }) {
  const parsed = ZCreateCustomerInput.parse(input);
  if (actor.tier !== 'tier1' && actor.tier !== 'msp' && actor.tier !== 'reseller') {
    throw new DomainError('FORBIDDEN', m.customers_only_partners_create());
  }
  return createChildCompany(
    db,
    jobs,
    actor,
    {
      kind: 'customer',
      values: { ...parsed.profile, emergencyEmail: parsed.profile.emergencyEmail ?? null, status: 'enabled' },
      admin: parsed.admin,
      action: 'customer.create',
    },
    context,
  );
}

export async function updateCustomer(db: Db, actor: Actor, input: z.input<typeof ZUpdateCustomerInput>) {
  const { id, profile } = ZUpdateCustomerInput.parse(input);
  return db.transaction(async (tx) => {
    const before = await companyInScope(tx, actor, id, ['customer'], { forUpdate: true });
    await assertWritable(tx, before);
    const [after] = await tx.update(companies).set(profile).where(eq(companies.id, id)).returning();
    await auditCompany(tx, actor, after!, 'customer.update', before, after);
    return { id };
  });
}

/**
 * Disables a customer (its licenses expire at once, see licensing) or enables it again (their
 * original expiry dates come back). Who did it and when is recorded on the company.
 */
export async function setCustomerEnabled(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZCustomerIdInput>, enabled: boolean) {
  const { id } = ZCustomerIdInput.parse(input);
  return db.transaction(async (tx) => {
    const before = await companyInScope(tx, actor, id, ['customer'], { forUpdate: true });
    await assertWritable(tx, before);
    const status = enabled ? 'enabled' : 'disabled';
    if (before.status === status) {
      throw new DomainError('CONFLICT', (enabled ? m.customers_already_enabled : m.customers_already_disabled)({ customer: before.name }));
    }
    const [after] = await tx
      .update(companies)
      .set({ status, statusChangedAt: new Date(), statusChangedBy: actor.userId })
      .where(eq(companies.id, id))
      .returning();
    const who = { userId: actor.userId, companyId: actor.company.id };
    const licenses = enabled
      ? await restoreLicensesOfEnabledCustomer(tx, jobs, id, who)
      : await expireLicensesOfDisabledCustomer(tx, id, who);
    await auditCompany(tx, actor, after!, enabled ? 'customer.enable' : 'customer.disable', { status: before.status }, { status, licenses });
    return { id, status, statusChangedAt: after!.statusChangedAt };
  });
}
