import { and, asc, count, eq, exists, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  companies,
  dataCenters,
  products,
  servicePlanResellers,
  servicePlans,
  versionType,
  type Db,
  type Executor,
  type Product,
  type ServicePlan,
  type Tx,
} from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { isDataCenterVisible, visibleDataCenters } from '../branding/index.ts';
import { assertWritable } from '../company/index.ts';
import { DomainError, isUniqueViolation, notFound } from '../errors.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import { likeEscape } from '../sql.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { isLocked } from './assignable.ts';
import { planTermColumns } from './columns.ts';
import { said, ZHttpsUrl, ZText } from '../validation.ts';
import { formatCount, m } from '../i18n.ts';

const ZPlanId = z.uuid(said(m.plans_id_invalid));

/** What a period in months says when it is refused. */
interface MonthsMessages {
  required: () => string;
  whole: () => string;
  min: () => string;
  max: (inputs: { max: string }) => string;
}

const months = (messages: MonthsMessages, max = 66) =>
  z
    .number(said(messages.required))
    .int(said(messages.whole))
    .min(1, said(messages.min))
    .max(max, said(() => messages.max({ max: String(max) })));

const ZTrialSignupUrl = z
  .union([
    z.literal(''),
    ZHttpsUrl(m.plans_trial_url_https, () => m.plans_url_too_long({ max: formatCount(2000) })),
  ])
  .nullable()
  .transform((v) => (v ? v : null));

/** The terms of a plan that may change after it is created (no defaults: an update sends what changes). */
const ZPlanTerms = z.object({
  name: ZText(100, { required: m.plans_name_required, tooLong: () => m.plans_name_too_long({ max: formatCount(100) }) }).min(
    2,
    said(m.plans_name_too_short),
  ),
  nfr: z.boolean(),
  unitType: ZText(40, { required: m.plans_unit_type_choose, tooLong: () => m.plans_unit_type_too_long({ max: formatCount(40) }) }).min(
    1,
    said(m.plans_unit_type_choose),
  ),
  unitsPerLicense: z
    .number(said(m.plans_units_required))
    .int(said(m.plans_units_whole))
    .min(1, said(m.plans_units_min))
    .max(1_000_000, said(() => m.plans_units_max({ max: formatCount(1_000_000) }))),
  initialPeriodMonths: months({ required: m.plans_initial_months_required, whole: m.plans_initial_months_whole, min: m.plans_initial_months_min, max: m.plans_initial_months_max }),
  autoRenew: z.boolean(),
  renewalPeriodMonths: months({ required: m.plans_renewal_months_required, whole: m.licenses_renewal_whole, min: m.licenses_renewal_min, max: m.licenses_renewal_max }),
  expirationNoticeDays: z
    .number(said(m.plans_notice_required))
    .int(said(m.plans_notice_whole))
    .min(0, said(m.plans_notice_negative))
    .max(365, said(() => m.plans_notice_max({ max: String(365) }))),
  activationPolicy: z.enum(['on-assignment', 'first-sign-in'], said(m.plans_activation_choose)),
  dataCenterId: z.uuid(said(m.portal_choose_data_center)).nullable(),
  trialSignupUrl: ZTrialSignupUrl,
});

export const ZCreateServicePlanInput = ZPlanTerms.extend({
  productId: z.uuid(said(m.plans_choose_product)),
  versionType: z.enum(['trial', 'full'], said(m.plans_version_choose)),
  nfr: ZPlanTerms.shape.nfr.default(false),
  autoRenew: ZPlanTerms.shape.autoRenew.default(false),
  renewalPeriodMonths: ZPlanTerms.shape.renewalPeriodMonths.default(12),
  expirationNoticeDays: ZPlanTerms.shape.expirationNoticeDays.default(30),
  activationPolicy: ZPlanTerms.shape.activationPolicy.default('on-assignment'),
  dataCenterId: ZPlanTerms.shape.dataCenterId.default(null),
  trialSignupUrl: ZTrialSignupUrl.default(null),
});
export type TCreateServicePlanInput = z.input<typeof ZCreateServicePlanInput>;

export const ZUpdateServicePlanInput = z.object({
  id: ZPlanId,
  /** Fixed at creation: accepted only unchanged, so a form may send the plan back whole. */
  productId: z.uuid(said(m.customers_product_id_invalid)).optional(),
  versionType: z.enum(['trial', 'full'], said(m.plans_version_choose)).optional(),
  ...ZPlanTerms.partial().shape,
});

export const ZServicePlanIdInput = z.object({ id: ZPlanId });
export const ZSetServicePlanEnabledInput = z.object({ id: ZPlanId, enabled: z.boolean(said(m.plans_say_enabled)) });
export const ZServicePlanResellerInput = z.object({
  planId: ZPlanId,
  resellerId: z.uuid(said(m.customers_partner_id_invalid)),
});

export const ZListServicePlansInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({
      by: z.enum(['name', 'product', 'versionType', 'initialPeriodMonths', 'createdAt', 'enabled']).default('name'),
      direction: z.enum(['asc', 'desc']).default('asc'),
    })
    .default({ by: 'name', direction: 'asc' }),
  filters: z
    .object({
      query: ZText(100, { tooLong: () => m.customers_search_too_long({ max: formatCount(100) }) }).optional(),
      productId: z.uuid(said(m.customers_product_id_invalid)).optional(),
      versionType: z.enum(['trial', 'full']).optional(),
      enabled: z.boolean().optional(),
      nfr: z.boolean().optional(),
      locked: z.boolean().optional(),
      /** Tier-1: only the plans assigned to this reseller (the partner's Service Plans tab). */
      resellerId: z.uuid(said(m.customers_partner_id_invalid)).optional(),
    })
    .default({}),
});

/** Tier-1s and MSPs own plans; anyone else reaching here is refused with a reason. */
function assertOwnerTier(actor: Actor) {
  if (actor.tier !== 'tier1' && actor.tier !== 'msp') {
    throw new DomainError('FORBIDDEN', m.plans_only_tier1_msp());
  }
}

const lockedSql = sql<boolean>`(${products.compositionVersion} > ${servicePlans.approvedCompositionVersion})`;

/** Own plans only: a tier-1's scope would also take in its MSPs' plans, which are theirs to manage. */
const ownedBy = (actor: Actor) => and(scopeOf(actor, servicePlans), eq(servicePlans.companyId, actor.company.id));

/** The actor's plans, filtered and sorted on the server, paged by keyset (the last row's sort value and id). */
export async function listServicePlans(db: Db, actor: Actor, input: z.input<typeof ZListServicePlansInput>) {
  assertOwnerTier(actor);
  const { cursor, limit, sort, filters } = ZListServicePlansInput.parse(input);
  if (filters.resellerId) await resellerOf(db, actor, filters.resellerId);
  const where: (SQL | undefined)[] = [
    ownedBy(actor),
    filters.query ? sql`lower(${servicePlans.name}) like ${`%${likeEscape(filters.query.toLowerCase())}%`}` : undefined,
    filters.productId ? eq(servicePlans.productId, filters.productId) : undefined,
    filters.versionType ? eq(servicePlans.versionType, filters.versionType) : undefined,
    filters.enabled !== undefined ? eq(servicePlans.enabled, filters.enabled) : undefined,
    filters.nfr !== undefined ? eq(servicePlans.nfr, filters.nfr) : undefined,
    filters.locked !== undefined ? (filters.locked ? lockedSql : sql`not ${lockedSql}`) : undefined,
    filters.resellerId
      ? exists(
          db
            .select({ one: sql`1` })
            .from(servicePlanResellers)
            .where(and(eq(servicePlanResellers.planId, servicePlans.id), eq(servicePlanResellers.resellerId, filters.resellerId))),
        )
      : undefined,
  ];
  const column = (
    {
      name: { column: sql`lower(${servicePlans.name})`, type: 'text' },
      product: { column: products.name, type: 'text' },
      versionType: { column: servicePlans.versionType, type: versionType },
      initialPeriodMonths: { column: servicePlans.initialPeriodMonths, type: 'integer' },
      createdAt: { column: servicePlans.createdAt, type: 'timestamptz' },
      enabled: { column: servicePlans.enabled, type: 'boolean' },
    } satisfies Record<typeof sort.by, KeyColumn>
  )[sort.by];
  const keys = keyset(`service-plans:${sort.by}:${sort.direction}`, sort.direction, [column, { column: servicePlans.id, type: 'uuid' }]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...planColumns,
        productName: products.name,
        productCode: products.code,
        dataCenterName: dataCenters.name,
        locked: lockedSql,
        resellerCount: sql<number>`(select count(*)::int from service_plan_resellers r where r.plan_id = ${servicePlans.id})`,
        cursor: keys.cursor,
      })
      .from(servicePlans)
      .innerJoin(products, eq(products.id, servicePlans.productId))
      .leftJoin(dataCenters, eq(dataCenters.id, servicePlans.dataCenterId))
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db
      .select({ n: count() })
      .from(servicePlans)
      .innerJoin(products, eq(products.id, servicePlans.productId))
      .where(and(...where)),
  ]);
  return { ...keys.page(rows, limit), total: total?.n ?? 0 };
}

const planColumns = {
  id: servicePlans.id,
  companyId: servicePlans.companyId,
  name: servicePlans.name,
  enabled: servicePlans.enabled,
  productId: servicePlans.productId,
  ...planTermColumns,
  trialSignupUrl: servicePlans.trialSignupUrl,
  approvedCompositionVersion: servicePlans.approvedCompositionVersion,
  createdAt: servicePlans.createdAt,
  updatedAt: servicePlans.updatedAt,
};

/** One of the actor's plans with its product, data center and the resellers it is assigned to. */
export async function getServicePlan(db: Executor, actor: Actor, input: z.input<typeof ZServicePlanIdInput>) {
  assertOwnerTier(actor);
  const { id } = ZServicePlanIdInput.parse(input);
  const { plan, product } = await ownPlan(db, actor, id);
  const [dataCenter] = plan.dataCenterId
    ? await db.select().from(dataCenters).where(eq(dataCenters.id, plan.dataCenterId))
    : [];
  const resellers = await db
    .select({ id: companies.id, name: companies.name, accountName: companies.accountName, assignedAt: servicePlanResellers.createdAt })
    .from(servicePlanResellers)
    .innerJoin(companies, eq(companies.id, servicePlanResellers.resellerId))
    .where(and(eq(servicePlanResellers.planId, id), scopeOf(actor, servicePlanResellers)))
    .orderBy(asc(companies.name));
  const { createdBy: _c, ...rest } = plan;
  return {
    ...rest,
    product: { id: product.id, name: product.name, code: product.code, saas: product.saas, unitTypes: product.unitTypes, compositionVersion: product.compositionVersion },
    dataCenter: dataCenter ? { id: dataCenter.id, name: dataCenter.name, region: dataCenter.region } : null,
    locked: isLocked(plan, product),
    resellers,
  };
}

/** The enabled products and data centers a plan form offers. */
export async function servicePlanCatalog(db: Db, actor: Actor) {
  assertOwnerTier(actor);
  const [productRows, centers] = await Promise.all([
    db
      .select({ id: products.id, code: products.code, name: products.name, unitTypes: products.unitTypes, saas: products.saas, enabled: products.enabled })
      .from(products)
      .orderBy(asc(products.name)),
    // Disabled ones too, so a plan keeps showing the one it has; the form offers only enabled ones.
    visibleDataCenters(db, actor.company.id, { enabledOnly: false }),
  ]);
  return {
    products: productRows,
    dataCenters: centers.map(({ id, code, name, region, enabled }) => ({ id, code, name, region, enabled })),
  };
}

async function ownPlan(db: Executor, actor: Actor, id: string, forUpdate = false): Promise<{ plan: ServicePlan; product: Product }> {
  const query = db
    .select({ plan: servicePlans, product: products })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(and(eq(servicePlans.id, id), ownedBy(actor)));
  const [row] = forUpdate ? await query.for('update', { of: servicePlans }) : await query;
  if (!row) throw notFound(m.not_found_service_plan());
  return row;
}

const fieldError = (field: string, message: string, code: 'BAD_REQUEST' | 'CONFLICT' = 'BAD_REQUEST') =>
  new DomainError(code, message, { field });

type Terms = z.output<typeof ZPlanTerms>;

/**
 * Checks a plan's terms against its product and the owner's other plans and answers the data
 * center's region. The messages name the field they are about.
 */
async function checkTerms(
  tx: Tx,
  actor: Actor,
  product: Product,
  versionType: 'trial' | 'full',
  terms: Terms,
  selfId: string | null,
  /** The data center the plan has now: kept as it is even if it was disabled since. */
  currentDataCenterId: string | null = null,
): Promise<{ region: string | null }> {
  if (versionType === 'trial' && terms.initialPeriodMonths !== 1) {
    throw fieldError('initialPeriodMonths', m.plans_trial_one_month({ months: String(terms.initialPeriodMonths) }));
  }
  if (!product.unitTypes.includes(terms.unitType)) {
    throw fieldError('unitType', m.plans_unit_type_wrong({ product: product.name, unitTypes: product.unitTypes.join(` ${m.prices_or()} `), unitType: terms.unitType }));
  }
  let region: string | null = null;
  if (product.saas) {
    if (!terms.dataCenterId) throw fieldError('dataCenterId', m.plans_saas_data_center({ product: product.name }));
    const [center] = await tx.select().from(dataCenters).where(eq(dataCenters.id, terms.dataCenterId));
    // Another MSP's or another channel's data center is not the plan owner's to offer.
    if (!center || !(await isDataCenterVisible(tx, actor.company.id, center.id))) throw fieldError('dataCenterId', m.plans_data_center_unknown());
    if (!center.enabled && center.id !== currentDataCenterId) throw fieldError('dataCenterId', m.plans_data_center_disabled({ dataCenter: center.name }));
    region = center.region;
  } else if (terms.dataCenterId) {
    throw fieldError('dataCenterId', m.plans_installed_no_data_center({ product: product.name }));
  }
  const [sameName] = await tx
    .select({ id: servicePlans.id, name: servicePlans.name })
    .from(servicePlans)
    .where(
      and(
        eq(servicePlans.companyId, actor.company.id),
        eq(sql`lower(${servicePlans.name})`, terms.name.toLowerCase()),
        selfId ? ne(servicePlans.id, selfId) : undefined,
      ),
    );
  if (sameName) throw fieldError('name', m.plans_name_taken({ name: sameName.name }), 'CONFLICT');
  if (terms.nfr) {
    const [otherNfr] = await tx
      .select({ id: servicePlans.id, name: servicePlans.name })
      .from(servicePlans)
      .where(
        and(
          eq(servicePlans.companyId, actor.company.id),
          eq(servicePlans.productId, product.id),
          eq(servicePlans.nfr, true),
          sql`coalesce(${servicePlans.region}, '') = ${region ?? ''}`,
          selfId ? ne(servicePlans.id, selfId) : undefined,
        ),
      );
    if (otherNfr) {
      throw fieldError(
        'nfr',
        `"${otherNfr.name}" is already your NFR plan for ${product.name}${region ? ` in the ${region} region` : ''}: there is one NFR plan per product${region ? ' and region' : ''}.`,
        'CONFLICT',
      );
    }
  }
  return { region };
}

/** Two writers racing past the checks above meet the unique indexes: answer as the checks would. */
function uniqueRace(error: unknown, name: string): never {
  if (isUniqueViolation(error, 'service_plans_company_name_key')) {
    throw fieldError('name', m.plans_name_taken({ name }), 'CONFLICT');
  }
  if (isUniqueViolation(error, 'service_plans_nfr_key')) {
    throw fieldError('nfr', m.plans_nfr_exists(), 'CONFLICT');
  }
  throw error;
}

function auditPlan(tx: Tx, actor: Actor, plan: ServicePlan, action: string, before: unknown, after: unknown) {
  return writeAudit(tx, actor, {
    company: actor.company,
    action,
    targetType: 'service-plan',
    targetId: plan.id,
    before,
    after,
  });
}

/** Creates a plan owned by the actor's company. */
export async function createServicePlan(db: Db, actor: Actor, input: TCreateServicePlanInput) {
  assertOwnerTier(actor);
  const parsed = ZCreateServicePlanInput.parse(input);
  try {
    return await db.transaction(async (tx) => {
      const [product] = await tx.select().from(products).where(eq(products.id, parsed.productId));
      if (!product) throw fieldError('productId', m.legal_product_unknown());
      if (!product.enabled) throw fieldError('productId', m.plans_product_not_sold_choose({ product: product.name }));
      const { region } = await checkTerms(tx, actor, product, parsed.versionType, parsed, null);
      const [plan] = await tx
        .insert(servicePlans)
        .values({
          ...parsed,
          companyId: actor.company.id,
          channelId: actor.company.channelId,
          partnerId: actor.company.partnerId,
          customerId: null,
          region,
          approvedCompositionVersion: product.compositionVersion,
          createdBy: actor.userId,
        })
        .returning();
      await auditPlan(tx, actor, plan!, 'service-plan.create', null, plan);
      return { id: plan!.id, name: plan!.name };
    });
  } catch (error) {
    uniqueRace(error, parsed.name);
  }
}

/** Changes a plan's terms; its product and version type are fixed, and a locked plan waits for approval. */
export async function updateServicePlan(db: Db, actor: Actor, input: z.input<typeof ZUpdateServicePlanInput>) {
  assertOwnerTier(actor);
  const { id, productId, versionType, ...changes } = ZUpdateServicePlanInput.parse(input);
  try {
    return await db.transaction(async (tx) => {
      const { plan: before, product } = await ownPlan(tx, actor, id, true);
      if (productId !== undefined && productId !== before.productId) {
        throw fieldError('productId', m.plans_product_fixed());
      }
      if (versionType !== undefined && versionType !== before.versionType) {
        throw fieldError('versionType', (before.versionType === 'trial' ? m.plans_version_fixed_trial : m.plans_version_fixed_full)({ plan: before.name }));
      }
      if (isLocked(before, product)) throw lockedError(before, product);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<Terms>;
      const terms: Terms = {
        name: before.name,
        nfr: before.nfr,
        unitType: before.unitType,
        unitsPerLicense: before.unitsPerLicense,
        initialPeriodMonths: before.initialPeriodMonths,
        autoRenew: before.autoRenew,
        renewalPeriodMonths: before.renewalPeriodMonths,
        expirationNoticeDays: before.expirationNoticeDays,
        activationPolicy: before.activationPolicy,
        dataCenterId: before.dataCenterId,
        trialSignupUrl: before.trialSignupUrl,
        ...defined,
      };
      const { region } = await checkTerms(tx, actor, product, before.versionType, terms, before.id, before.dataCenterId);
      const [after] = await tx
        .update(servicePlans)
        .set({ ...terms, region })
        .where(eq(servicePlans.id, id))
        .returning();
      await auditPlan(tx, actor, after!, 'service-plan.update', before, after);
      return { id, name: after!.name };
    });
  } catch (error) {
    uniqueRace(error, changes.name ?? '');
  }
}

function lockedError(plan: ServicePlan, product: Product) {
  return new DomainError(
    'CONFLICT',
    m.plans_locked({ plan: plan.name, product: product.name }),
  );
}

/**
 * Enables or disables a plan. Disabling stops new assignments only: licenses already assigned
 * from it keep running as they are.
 */
export async function setServicePlanEnabled(db: Db, actor: Actor, input: z.input<typeof ZSetServicePlanEnabledInput>) {
  assertOwnerTier(actor);
  const { id, enabled } = ZSetServicePlanEnabledInput.parse(input);
  return db.transaction(async (tx) => {
    const { plan: before } = await ownPlan(tx, actor, id, true);
    if (before.enabled === enabled) return { id, enabled };
    const [after] = await tx.update(servicePlans).set({ enabled }).where(eq(servicePlans.id, id)).returning();
    await auditPlan(tx, actor, after!, enabled ? 'service-plan.enable' : 'service-plan.disable', { enabled: before.enabled }, { enabled });
    return { id, enabled };
  });
}

/** The owner reviewed the vendor's change to the plan's product: the plan is unlocked. */
export async function approveServicePlanChanges(db: Db, actor: Actor, input: z.input<typeof ZServicePlanIdInput>) {
  assertOwnerTier(actor);
  const { id } = ZServicePlanIdInput.parse(input);
  return db.transaction(async (tx) => {
    const { plan: before, product } = await ownPlan(tx, actor, id, true);
    if (!isLocked(before, product)) {
      throw new DomainError('CONFLICT', m.plans_no_changes_waiting({ plan: before.name }));
    }
    const [after] = await tx
      .update(servicePlans)
      .set({ approvedCompositionVersion: product.compositionVersion })
      .where(eq(servicePlans.id, id))
      .returning();
    await auditPlan(
      tx,
      actor,
      after!,
      'service-plan.approve-changes',
      { approvedCompositionVersion: before.approvedCompositionVersion },
      { approvedCompositionVersion: product.compositionVersion },
    );
    return { id, approvedCompositionVersion: product.compositionVersion };
  });
}

/** One of the tier-1's own resellers; MSPs are refused (they make their own plans). */
async function resellerOf(db: Executor, actor: Actor, resellerId: string, forUpdate = false) {
  if (actor.tier !== 'tier1') throw new DomainError('FORBIDDEN', m.plans_only_tier1_assign());
  const query = db
    .select()
    .from(companies)
    .where(and(eq(companies.id, resellerId), eq(companies.kind, 'tier2'), eq(companies.parentId, actor.company.id), scopeOf(actor, companies)));
  const [row] = forUpdate ? await query.for('share') : await query;
  if (!row) throw notFound(m.not_found_partner());
  if (row.type !== 'reseller') {
    throw new DomainError('BAD_REQUEST', m.plans_msp_own_plans({ partner: row.name }));
  }
  return row;
}

/** The tier-1 lets one of its resellers sell one of its plans. Assigning twice changes nothing. */
export async function assignServicePlanToReseller(db: Executor, actor: Actor, input: z.input<typeof ZServicePlanResellerInput>) {
  const { planId, resellerId } = ZServicePlanResellerInput.parse(input);
  return db.transaction(async (tx) => {
    const reseller = await resellerOf(tx, actor, resellerId, true);
    const { plan, product } = await ownPlan(tx, actor, planId, true);
    await assertWritable(tx, reseller);
    if (isLocked(plan, product)) throw lockedError(plan, product);
    const inserted = await tx
      .insert(servicePlanResellers)
      .values({
        planId,
        resellerId,
        channelId: reseller.channelId,
        partnerId: reseller.partnerId,
        customerId: null,
        assignedBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length > 0) {
      await writeAudit(tx, actor, {
        company: reseller,
        action: 'service-plan.assign-reseller',
        targetType: 'service-plan',
        targetId: planId,
        before: null,
        after: { planId, planName: plan.name, resellerId, resellerName: reseller.name },
      });
    }
    return { planId, resellerId, assigned: true };
  });
}

/**
 * The reseller may no longer sell the plan. Licenses it already assigned from it keep running.
 */
export async function unassignServicePlanFromReseller(db: Db, actor: Actor, input: z.input<typeof ZServicePlanResellerInput>) {
  const { planId, resellerId } = ZServicePlanResellerInput.parse(input);
  return db.transaction(async (tx) => {
    const reseller = await resellerOf(tx, actor, resellerId, true);
    const { plan } = await ownPlan(tx, actor, planId, true);
    await assertWritable(tx, reseller);
    const removed = await tx
      .delete(servicePlanResellers)
      .where(and(eq(servicePlanResellers.planId, planId), eq(servicePlanResellers.resellerId, resellerId)))
      .returning();
    if (removed.length > 0) {
      await writeAudit(tx, actor, {
        company: reseller,
        action: 'service-plan.unassign-reseller',
        targetType: 'service-plan',
        targetId: planId,
        before: { planId, planName: plan.name, resellerId, resellerName: reseller.name },
        after: null,
      });
    }
    return { planId, resellerId, assigned: false };
  });
}
