import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { likeEscape } from '../sql.ts';
import { companies, companyStatus, companyType, sessions, users, type Company, type Db, type Tx } from '@keyway/db';
import { companyInScope, auditCompany, createChildCompany } from '../company/index.ts';
import { ZAccountName, ZCompanyProfile, ZFirstAdministrator } from '../company-profile.ts';
import { expireLicensesOfCanceledPartner, licenseFilterCondition, ZLicenseHealth } from '../licenses/index.ts';
import { can } from '../privileges.ts';
import { DomainError } from '../errors.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import { requireChange, ZText, said } from '../validation.ts';
import { assignServicePlanToReseller, getServicePlan } from '../service-plans/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { assignPartnerLicenses } from './licenses.ts';
import { m, formatCount } from '../i18n.ts';

const ZId = z.uuid(said(m.customers_partner_id_invalid));

export const ZPartnerProfileInput = ZCompanyProfile.extend({ accountName: ZAccountName });

/** The most units one form may move; the same ceiling as assigning licenses to a partner. */
const MAX_UNITS = 1_000_000;
const ZInitialUnits = z
  .number(said(m.licenses_units_number))
  .int(said(m.licenses_units_whole))
  .min(0, said(m.pool_units_negative))
  .max(MAX_UNITS, said(() => m.pool_units_max({ max: formatCount(MAX_UNITS) })));

/** One product's units for a new tier-2, drawn from its tier-1's pool when it is created. */
export const ZInitialLicense = z
  .object({
    productId: z.uuid(said(m.partners_choose_product)),
    trialUnits: ZInitialUnits.default(0),
    fullUnits: ZInitialUnits.default(0),
    /** MSPs: the most full units a refill tops its pool up to. */
    fullCapacity: ZInitialUnits.nullable().optional(),
  })
  .refine((v) => v.trialUnits > 0 || v.fullUnits > 0, { ...said(m.partners_units_for_product), path: ['fullUnits'] });

export const ZCreatePartnerInput = z
  .object({
    profile: ZPartnerProfileInput,
    /** Tier-1s create MSPs and resellers; the vendor creates distributors and ISPs. */
    type: z.enum(['msp', 'reseller', 'distributor', 'isp'], said(m.partners_type_choose)),
    /** Tier-2 only: may refill its license pool up to its maximum without asking. */
    poolRefillAllowed: z.boolean().default(false),
    admin: ZFirstAdministrator,
    /** Tier-2 only: units moved from the tier-1's pool in the transaction that creates the partner. */
    licenses: z.array(ZInitialLicense).max(100, said(m.partners_products_max)).default([]),
    /** Resellers only: the tier-1's own enabled plans the reseller may sell. */
    servicePlanIds: z
      .array(z.uuid(said(m.plans_id_invalid)))
      .max(100, said(m.partners_plans_max))
      .default([]),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.licenses.forEach((line, index) => {
      if (seen.has(line.productId)) {
        ctx.addIssue({ code: 'custom', message: m.partners_product_twice(), path: ['licenses', index, 'productId'] });
      }
      seen.add(line.productId);
      if (line.fullCapacity != null && v.type !== 'msp') {
        ctx.addIssue({ code: 'custom', message: m.partners_capacity_msp_only(), path: ['licenses', index, 'fullCapacity'] });
      }
    });
    if (v.servicePlanIds.length > 0 && v.type !== 'reseller') {
      ctx.addIssue({
        code: 'custom',
        message: m.partners_plans_resellers_only(),
        path: ['servicePlanIds'],
      });
    }
    if (new Set(v.servicePlanIds).size !== v.servicePlanIds.length) {
      ctx.addIssue({ code: 'custom', message: m.partners_plan_twice(), path: ['servicePlanIds'] });
    }
  });
export type TCreatePartnerInput = z.input<typeof ZCreatePartnerInput>;

export const ZUpdatePartnerInput = requireChange(
  z.object({
    id: ZId,
    profile: ZCompanyProfile.partial(),
    poolRefillAllowed: z.boolean().optional(),
  }),
);

export const ZListPartnersInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({
      by: z.enum(['name', 'accountName', 'createdAt', 'status', 'type']).default('name'),
      direction: z.enum(['asc', 'desc']).default('asc'),
    })
    .default({ by: 'name', direction: 'asc' }),
  filters: z
    .object({
      query: ZText(100, { tooLong: () => m.customers_search_too_long({ max: formatCount(100) }) }).optional(),
      status: z.enum(['active', 'suspended', 'canceled']).optional(),
      type: z.enum(['msp', 'reseller', 'distributor', 'isp']).optional(),
      /** Partners holding units of this product in their pool. */
      productId: z.uuid(said(m.customers_product_id_invalid)).optional(),
      /** Partners whose customers have a license in this status (of the product, when one is chosen). */
      licenseStatus: ZLicenseHealth.optional(),
    })
    .default({}),
});

export const ZSuspendPartnerInput = z.object({
  id: ZId,
  reason: ZText(500, { tooLong: () => m.validation_reason_too_long({ max: formatCount(500) }) }).min(3, said(m.partners_suspend_reason)),
});
export const ZPartnerIdInput = z.object({ id: ZId });
export const ZCancelPartnerInput = z.object({
  id: ZId,
  /** Typed by the person canceling, as confirmation. */
  confirmAccountName: ZText(40, { tooLong: m.partners_not_account_name }).min(1, said(m.partners_type_account_name)),
});


function childKind(actor: Actor): 'tier1' | 'tier2' {
  if (actor.tier === 'vendor') return 'tier1';
  if (actor.tier === 'tier1') return 'tier2';
  throw new DomainError('FORBIDDEN', m.partners_only_vendor_tier1());
}

/**
 * The customers in a partner's whole subtree: a tier-1's are every customer of its channel (its
 * tier-2s' and its direct ones), a tier-2's those stamped with it as their partner.
 */
function customerCountOf(kind: Company['kind'], partnerId: SQL) {
  const stamp = kind === 'tier1' ? sql`cc.channel_id` : sql`cc.partner_id`;
  // The counters of the partner's scopes (a tier-1's channel: one per tier-2 and status), not its customers one by one.
  return sql<number>`(select coalesce(sum(cc.companies), 0)::int from company_counts cc where ${stamp} = ${partnerId} and cc.kind = 'customer')`;
}

/**
 * The partners directly below the actor, filtered and sorted on the server, paged by keyset (the
 * last row's sort value and id).
 */
export async function listPartners(db: Db, actor: Actor, input: z.input<typeof ZListPartnersInput>) {
  const { cursor, limit, sort, filters } = ZListPartnersInput.parse(input);
  const kind = childKind(actor);
  const where: (SQL | undefined)[] = [
    scopeOf(actor, companies),
    eq(companies.kind, kind),
    filters.status ? eq(companies.status, filters.status) : undefined,
    filters.type ? eq(companies.type, filters.type) : undefined,
    filters.query ? sql`${companies.searchText} like ${`%${likeEscape(filters.query.toLowerCase())}%`}` : undefined,
    licenseFilterCondition({ health: filters.licenseStatus, productId: filters.productId }),
  ];
  // Names sort case-insensitively by code point, and creation dates with the id: the keys of the
  // per-scope name and creation indexes, so a page walks an index and stops.
  const column = (
    {
      name: { column: sql`lower(${companies.name}) collate "C"`, type: 'text' },
      accountName: { column: companies.accountName, type: 'text' },
      createdAt: { column: companies.createdAt, type: 'timestamptz' },
      status: { column: companies.status, type: companyStatus },
      type: { column: companies.type, type: companyType, nullsLast: true },
    } satisfies Record<typeof sort.by, KeyColumn>
  )[sort.by];
  const keys = keyset(`partners:${sort.by}:${sort.direction}`, sort.direction, [column, { column: companies.id, type: 'uuid' }]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: companies.id,
        name: companies.name,
        accountName: companies.accountName,
        type: companies.type,
        status: companies.status,
        statusReason: companies.statusReason,
        contactEmail: companies.contactEmail,
        country: companies.country,
        createdAt: companies.createdAt,
        customerCount: customerCountOf(kind, sql`"companies"."id"`),
        cursor: keys.cursor,
      })
      .from(companies)
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(companies).where(and(...where)),
  ]);
  return { ...keys.page(rows, limit), total: total?.n ?? 0 };
}

/** A partner's profile and counts, if it is below the actor (the vendor sees tier-2s too). */
export async function getPartner(db: Db, actor: Actor, input: z.input<typeof ZPartnerIdInput>) {
  const { id } = ZPartnerIdInput.parse(input);
  const kinds: Company['kind'][] = actor.tier === 'vendor' ? ['tier1', 'tier2'] : [childKind(actor)];
  const partner = await companyInScope(db, actor, id, kinds);
  const parent = alias(companies, 'parent');
  const [counts] = await db
    .select({
      parentName: parent.name,
      customers: customerCountOf(partner.kind, sql`${id}`),
      accounts: sql<number>`(select count(*)::int from users u where u.company_id = ${id})`,
    })
    .from(companies)
    .leftJoin(parent, eq(parent.id, companies.parentId))
    .where(eq(companies.id, id));
  const { searchText: _s, ...profile } = partner;
  return { ...profile, parentName: counts?.parentName ?? null, customerCount: counts?.customers ?? 0, accountCount: counts?.accounts ?? 0 };
}

/**
 * Creates a partner below the actor with its first Administrator, whose "account created" mail
 * goes out now or on the chosen date. The account name must be free in the channel; two creates
 * racing for one name make one partner and one clear refusal.
 *
 * A tier-1 may give the new tier-2 its first units (drawn from the tier-1's pool like any partner
 * assignment) and, for a reseller, its service plans, all in the transaction that creates it: a
 * short pool or a plan it cannot assign refuses the whole creation, and nothing is created.
 */
export async function createPartner(db: Db, jobs: JobQueue, actor: Actor, input: TCreatePartnerInput, context: { origin: string }) {
  const parsed = ZCreatePartnerInput.parse(input);
  const kind = childKind(actor);
  const allowed = kind === 'tier1' ? ['distributor', 'isp'] : ['msp', 'reseller'];
  if (!allowed.includes(parsed.type)) {
    throw new DomainError('BAD_REQUEST', m.partners_type_choose_of({ types: allowed.join(` ${m.prices_or()} `) }));
  }
  if (kind === 'tier1' && (parsed.licenses.length > 0 || parsed.servicePlanIds.length > 0)) {
    throw new DomainError('BAD_REQUEST', m.partners_no_licenses_for_tier1());
  }
  if (parsed.licenses.length > 0 && !can(actor, 'licensePool.assignToPartner')) {
    throw new DomainError('FORBIDDEN', m.partners_may_not_assign_licenses(), { field: 'licenses' });
  }
  if (parsed.servicePlanIds.length > 0 && !can(actor, 'servicePlans.modify')) {
    throw new DomainError('FORBIDDEN', m.partners_may_not_assign_plans(), { field: 'servicePlanIds' });
  }
  return db.transaction(async (tx) => {
    // Each step below runs its own checks and audit in a savepoint of this one transaction.
    const created = await createChildCompany(
      tx,
      jobs,
      actor,
      {
        kind,
        values: {
          ...parsed.profile,
          type: parsed.type,
          status: 'active',
          poolRefillAllowed: kind === 'tier2' ? parsed.poolRefillAllowed : false,
        },
        admin: parsed.admin,
        action: 'partner.create',
      },
      context,
    );
    for (const [index, planId] of parsed.servicePlanIds.entries()) {
      await withField(`servicePlanIds.${index}`, async () => {
        const plan = await getServicePlan(tx, actor, { id: planId });
        if (!plan.enabled) throw new DomainError('CONFLICT', m.partners_plan_disabled({ plan: plan.name }));
        await assignServicePlanToReseller(tx, actor, { planId, resellerId: created.id });
      });
    }
    // Units last: the tier-1's pool rows stay locked only from their draw to the commit.
    const licenses = [];
    for (const [index, line] of parsed.licenses.entries()) {
      licenses.push(
        await withField(`licenses.${index}`, () =>
          assignPartnerLicenses(tx, jobs, actor, {
            partnerId: created.id,
            productId: line.productId,
            trialUnits: line.trialUnits,
            fullUnits: line.fullUnits,
            ...(line.fullCapacity != null ? { fullCapacity: line.fullCapacity } : {}),
          }),
        ),
      );
    }
    return {
      ...created,
      licenses: licenses.map((l) => ({ productId: l.productId, productName: l.line.productName, trialUnits: l.trialUnits, fullUnits: l.fullUnits })),
      servicePlanIds: parsed.servicePlanIds,
    };
  });
}

/** Names the form line a refusal is about, so the wizard shows it beside that line. */
async function withField<T>(field: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && !error.details?.field) {
      throw new DomainError(error.code, error.message, { ...error.details, field });
    }
    throw error;
  }
}

/** Edits a partner's profile; allowed while suspended (the one change a suspended partner takes). */
export async function updatePartner(db: Db, actor: Actor, input: z.input<typeof ZUpdatePartnerInput>) {
  const { id, profile, poolRefillAllowed } = ZUpdatePartnerInput.parse(input);
  return db.transaction(async (tx) => {
    const before = await companyInScope(tx, actor, id, [childKind(actor)], { forUpdate: true });
    if (before.status === 'canceled') throw new DomainError('FORBIDDEN', m.partners_canceled({ partner: before.name }));
    const changes = { ...profile, ...(poolRefillAllowed !== undefined && before.kind === 'tier2' ? { poolRefillAllowed } : {}) };
    // Pool refills are a tier-2 setting: on a tier-1 partner that alone changes nothing.
    if (Object.keys(changes).length === 0) throw new DomainError('BAD_REQUEST', m.validation_change_something());
    const [after] = await tx
      .update(companies)
      .set(changes)
      .where(eq(companies.id, id))
      .returning();
    await auditCompany(tx, actor, after!, 'partner.update', before, after);
    return { id };
  });
}

/** A partner's status as the refusals say it. */
const STATUS_WORDS: Partial<Record<Company['status'], () => string>> = {
  active: m.partners_status_active,
  suspended: m.partners_status_suspended,
  canceled: m.partners_status_canceled,
};
const statusWord = (status: Company['status']) => STATUS_WORDS[status]?.() ?? status;

/**
 * Suspends a partner: its users can still sign in and read, but every change by them, and by the
 * parent to them, is refused until it is reactivated (profile edits excepted).
 */
export async function suspendPartner(db: Db, actor: Actor, input: z.input<typeof ZSuspendPartnerInput>) {
  const { id, reason } = ZSuspendPartnerInput.parse(input);
  return changeStatus(db, actor, id, 'partner.suspend', (p) => {
    if (p.status !== 'active') throw new DomainError('CONFLICT', m.partners_only_active_suspended({ partner: p.name, status: statusWord(p.status) }));
    return { status: 'suspended', statusReason: reason };
  });
}

export async function reactivatePartner(db: Db, actor: Actor, input: z.input<typeof ZPartnerIdInput>) {
  const { id } = ZPartnerIdInput.parse(input);
  return changeStatus(db, actor, id, 'partner.reactivate', (p) => {
    if (p.status !== 'suspended') throw new DomainError('CONFLICT', m.partners_only_suspended_reactivated({ partner: p.name, status: statusWord(p.status) }));
    return { status: 'active', statusReason: null };
  });
}

/**
 * Cancels a partner for good: every session of its users ends and they can no longer sign in.
 * The cancellation date (`status_changed_at`) is when the licenses it manages directly expire.
 */
export async function cancelPartner(db: Db, actor: Actor, input: z.input<typeof ZCancelPartnerInput>) {
  const { id, confirmAccountName } = ZCancelPartnerInput.parse(input);
  return changeStatus(db, actor, id, 'partner.cancel', async (p, tx) => {
    if (p.status === 'canceled') throw new DomainError('CONFLICT', m.partners_already_canceled({ partner: p.name }));
    if (confirmAccountName.toLowerCase() !== p.accountName.toLowerCase()) {
      throw new DomainError('BAD_REQUEST', m.partners_type_name_to_cancel({ accountName: p.accountName }), {
        field: 'confirmAccountName',
      });
    }
    await tx.delete(sessions).where(inArray(sessions.userId, tx.select({ id: users.id }).from(users).where(eq(users.companyId, p.id))));
    await expireLicensesOfCanceledPartner(tx, p.id, new Date(), { userId: actor.userId, companyId: actor.company.id });
    return { status: 'canceled', statusReason: null };
  });
}

async function changeStatus(
  db: Db,
  actor: Actor,
  id: string,
  action: string,
  decide: (partner: Company, tx: Tx) => Promise<Partial<Company>> | Partial<Company>,
) {
  return db.transaction(async (tx) => {
    const before = await companyInScope(tx, actor, id, [childKind(actor)], { forUpdate: true });
    const change = await decide(before, tx);
    const [after] = await tx
      .update(companies)
      .set({ ...change, statusChangedAt: new Date(), statusChangedBy: actor.userId })
      .where(eq(companies.id, id))
      .returning();
    await auditCompany(tx, actor, after!, action, { status: before.status }, { status: after!.status, reason: after!.statusReason });
    return { id, status: after!.status, statusChangedAt: after!.statusChangedAt };
  });
}
