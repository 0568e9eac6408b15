import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  companies,
  companyCards,
  licensePools,
  licenses,
  products,
  servicePlans,
  users,
  type Company,
  type Db,
  type License,
  type Tx,
} from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { assertWritable, companyInScope } from '../company/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { keyset, ZPageCursor } from '../paging.ts';
import { cardOf } from '../sql.ts';
import { requireChange, ZDay, said } from '../validation.ts';
import type { JobQueue } from '../jobs/index.ts';
import { drawUnits, returnUnits } from '../license-pool/index.ts';
import { assignablePlan, listAssignablePlans } from '../service-plans/index.ts';
import { tierOf } from '../privileges.ts';
import { isInScope, scopeOf, type Actor } from '../tenancy/index.ts';
import { addDays, addMonths, laterOf, today } from '../dates.ts';
import { cancelExpiryNotices, changeLicense, latestUsageOf, mailLicenseEvent, overAllocatedCondition, recordTransaction, scheduleExpiryNotice } from '../licenses/index.ts';
import { m, formatCount } from '../i18n.ts';

/*
 * Units: a license's `units` is what it covers and exactly what it holds of its managing company's
 * pool (one pool unit per license unit). A plan's `units_per_license` is the step a license of that
 * plan is sold in: its units must be a multiple of it (1 = any whole number).
 */

const ZLicenseId = z.uuid(said(m.licenses_id_invalid));
const ZCustomerId = z.uuid(said(m.customers_id_invalid));
const ZUnits = z
  .number(said(m.licenses_units_number))
  .int(said(m.licenses_units_whole))
  .min(1, said(m.licenses_units_min))
  .max(1_000_000, said(() => m.licenses_units_max({ max: formatCount(1_000_000) })));

export const LICENSE_STATUSES = ['pending', 'active', 'grace', 'expired', 'suspended', 'discontinued'] as const;

export const ZListCustomerLicensesInput = z.object({
  customerId: ZCustomerId,
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  sort: z
    .object({
      by: z.enum(['createdAt', 'startsOn', 'expiresOn']).default('createdAt'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ by: 'createdAt', direction: 'desc' }),
  filters: z.object({ status: z.enum(LICENSE_STATUSES).optional() }).default({}),
});

export const ZAssignLicensesInput = z.object({
  customerId: ZCustomerId,
  plans: z
    .array(
      z.object({
        planId: z.uuid(said(m.licenses_plan_choose)),
        units: ZUnits,
        startsOn: ZDay(),
      }),
    )
    .min(1, said(m.licenses_plans_min))
    .max(20, said(() => m.licenses_plans_max({ max: formatCount(20) })))
    .refine((rows) => new Set(rows.map((r) => r.planId)).size === rows.length, said(m.licenses_plans_once)),
});
export type TAssignLicensesInput = z.input<typeof ZAssignLicensesInput>;

export const ZUpdateLicenseInput = requireChange(
  z.object({
    id: ZLicenseId,
    units: ZUnits.optional(),
    expiresOn: ZDay().optional(),
    autoRenew: z.boolean().optional(),
    renewalPeriodMonths: z
      .number()
      .int(said(m.licenses_renewal_whole))
      .min(1, said(m.licenses_renewal_min))
      .max(66, said(() => m.licenses_renewal_max({ max: formatCount(66) })))
      .optional(),
    expirationNoticeDays: z
      .number()
      .int(said(m.licenses_notice_whole))
      .min(0, said(m.licenses_notice_negative))
      .max(365, said(() => m.licenses_notice_max({ max: formatCount(365) })))
      .optional(),
  }),
);
export type TUpdateLicenseInput = z.input<typeof ZUpdateLicenseInput>;

export const ZLicenseIdInput = z.object({ id: ZLicenseId });
export const ZConvertLicenseInput = z.object({
  id: ZLicenseId,
  /** A full plan of the same product to continue on; the trial's own settings when absent. */
  planId: z.uuid(said(m.licenses_plan_choose)).optional(),
});
export const ZAssignablePlansInput = z.object({ customerId: ZCustomerId });

interface Context {
  origin: string;
}

/** A customer's licenses, newest first by default; the actor must see the customer. */
export async function listCustomerLicenses(db: Db, actor: Actor, input: z.input<typeof ZListCustomerLicensesInput>) {
  const { customerId, cursor, limit, sort, filters } = ZListCustomerLicensesInput.parse(input);
  await companyInScope(db, actor, customerId, ['customer']);
  const column = { createdAt: licenses.createdAt, startsOn: licenses.startsOn, expiresOn: licenses.expiresOn }[sort.by];
  const keys = keyset(`customers.licenses:${sort.by}:${sort.direction}`, sort.direction, [
    { column, type: sort.by === 'createdAt' ? 'timestamptz' : 'date' },
    { column: licenses.id, type: 'uuid' },
  ]);
  const where = and(
    eq(licenses.companyId, customerId),
    scopeOf(actor, licenses),
    filters.status ? eq(licenses.status, filters.status) : undefined,
  );
  // The manager may be an ancestor (a tier-1 managing its partner's customer's license).
  const manager = cardOf(licenses.managingCompanyId, 'manager');
  const day = today();
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        license: licenses,
        productName: products.name,
        planName: servicePlans.name,
        unitsPerLicense: servicePlans.unitsPerLicense,
        managingCompanyName: manager.name,
        manager: { channelId: manager.channelId, partnerId: manager.partnerId, customerId: manager.customerId },
        reportedUsed: latestUsageOf(day, licenses),
        overAllocated: overAllocatedCondition(day, licenses).mapWith(Boolean),
        cursor: keys.cursor,
      })
      .from(licenses)
      .innerJoin(products, eq(products.id, licenses.productId))
      .innerJoin(servicePlans, eq(servicePlans.id, licenses.planId))
      .innerJoinLateral(manager, sql`true`)
      .where(and(where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(licenses).where(where),
  ]);
  const page = keys.page(rows, limit);
  const items = page.items.map((r) => ({
    ...view(r.license),
    productName: r.productName,
    planName: r.planName,
    unitsPerLicense: r.unitsPerLicense,
    managingCompanyName: r.managingCompanyName,
    /** The actor's company manages the license or is above its manager: it may change it. */
    changeable: isInScope(actor, r.manager),
    /** The customer's latest reported usage of the product and unit type; null when none this week. */
    reportedUsed: r.reportedUsed === null ? null : Number(r.reportedUsed),
    /** Live, and the customer uses more than its live licenses of the product hold. */
    overAllocated: r.overAllocated,
    /** Active and inside its expiration-notice window. */
    expiringSoon: r.license.status === 'active' && r.license.expiresOn <= addDays(day, r.license.expirationNoticeDays),
  }));
  return {
    items,
    nextCursor: page.nextCursor,
    total: counted?.n ?? 0,
  };
}

/**
 * The plans the actor's company may assign to this customer (its own and those its tier-1 lent
 * it; enabled and not locked), with what its pool has left of each plan's version type.
 */
export async function assignablePlans(db: Db, actor: Actor, input: z.input<typeof ZAssignablePlansInput>) {
  const { customerId } = ZAssignablePlansInput.parse(input);
  await companyInScope(db, actor, customerId, ['customer']);
  const [plans, pools] = await Promise.all([
    listAssignablePlans(db, actor),
    db.select().from(licensePools).where(eq(licensePools.companyId, actor.company.id)),
  ]);
  const poolOf = new Map(pools.map((p) => [p.productId, p]));
  return {
    items: plans.map((plan) => {
      const pool = poolOf.get(plan.productId);
      const remaining = !pool ? 0 : plan.versionType === 'trial' ? pool.trialTotal - pool.trialAssigned : pool.fullTotal - pool.fullAssigned;
      return { ...plan, remaining, poolDisabled: pool?.disabledAt != null };
    }),
  };
}

/**
 * Assigns one or several plans to a customer, all or nothing: each becomes a license whose units
 * are drawn from the actor company's pool, a `new-purchase` transaction and a "license added"
 * mail. A plan whose activation policy is first sign-in leaves the license pending until a user
 * of the customer signs in for the first time (active at once if one already has).
 */
export async function assignLicenses(db: Db, jobs: JobQueue, actor: Actor, input: TAssignLicensesInput, context: Context) {
  const { customerId, plans } = ZAssignLicensesInput.parse(input);
  return db.transaction(async (tx) => {
    const customer = await writableCustomer(tx, actor, customerId);
    const [signedIn] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.companyId, customer.id), isNotNull(users.lastSignInAt)))
      .limit(1);
    const day = today();
    const created: License[] = [];
    for (const [index, row] of plans.entries()) {
      const field = (name: string) => `plans.${index}.${name}`;
      const { plan } = await assignablePlan(tx, actor, row.planId).catch((error: unknown) => {
        throw withField(error, field('planId'));
      });
      if (row.startsOn < day) {
        throw new DomainError('BAD_REQUEST', m.licenses_start_today_or_later(), { field: field('startsOn') });
      }
      if (row.units % plan.unitsPerLicense !== 0) {
        throw new DomainError('BAD_REQUEST', m.licenses_units_step({ plan: plan.name, units: String(plan.unitsPerLicense) }), {
          field: field('units'),
        });
      }
      const id = randomUUID();
      await drawUnits(
        tx,
        jobs,
        { companyId: actor.company.id, productId: plan.productId },
        { kind: 'license', versionType: plan.versionType, units: row.units, counterpartCompanyId: customer.id, licenseId: id, actorUserId: actor.userId },
      ).catch((error: unknown) => {
        throw withField(error, field('units'));
      });
      const [license] = await tx
        .insert(licenses)
        .values({
          id,
          companyId: customer.id,
          channelId: customer.channelId,
          partnerId: customer.partnerId,
          customerId: customer.customerId,
          managingCompanyId: actor.company.id,
          planId: plan.id,
          productId: plan.productId,
          versionType: plan.versionType,
          unitType: plan.unitType,
          units: row.units,
          status: plan.activationPolicy === 'first-sign-in' && !signedIn ? 'pending' : 'active',
          startsOn: row.startsOn,
          expiresOn: addMonths(row.startsOn, plan.initialPeriodMonths),
          autoRenew: plan.autoRenew,
          renewalPeriodMonths: plan.renewalPeriodMonths,
          expirationNoticeDays: plan.expirationNoticeDays,
          chargeStartsOn: row.startsOn,
          dataCenterId: plan.dataCenterId,
          createdBy: actor.userId,
        })
        .returning();
      await recordTransaction(tx, license!, { type: 'new-purchase', previousUnits: 0, previousChargeStartsOn: null, actor: who(actor) });
      await audit(tx, actor, customer, 'license.assign', license!.id, null, snapshot(license!));
      await mailLicenseEvent(tx, jobs, 'license-added', license!, { origin: context.origin, createdBy: actor.userId });
      await scheduleExpiryNotice(tx, jobs, license!, { origin: context.origin });
      created.push(license!);
    }
    return { items: created.map(view) };
  });
}

/**
 * Changes a license: more units draw the difference from its managing company's pool, fewer
 * return it; a new expiry date revives a license in grace or expired (while it still holds its
 * units). Units or dates changing write a `license-change` transaction and a "license modified" mail.
 */
export async function updateLicense(db: Db, jobs: JobQueue, actor: Actor, input: TUpdateLicenseInput, context: Context) {
  const parsed = ZUpdateLicenseInput.parse(input);
  return db.transaction(async (tx) => {
    const { license: before, customer } = await changeableLicense(tx, actor, parsed.id);
    const units = parsed.units ?? before.units;
    const expiresOn = parsed.expiresOn ?? before.expiresOn;
    const unitsChanged = units !== before.units;
    const expiryChanged = expiresOn !== before.expiresOn;
    if ((unitsChanged || expiryChanged) && before.unitsReturnedAt) {
      throw new DomainError('CONFLICT', m.licenses_ended());
    }
    if (unitsChanged) {
      const [plan] = await tx.select().from(servicePlans).where(eq(servicePlans.id, before.planId));
      if (plan && units % plan.unitsPerLicense !== 0) {
        throw new DomainError('BAD_REQUEST', m.licenses_units_step({ plan: plan.name, units: String(plan.unitsPerLicense) }), { field: 'units' });
      }
      const pool = { companyId: before.managingCompanyId, productId: before.productId };
      const movement = { kind: 'license' as const, versionType: before.versionType, counterpartCompanyId: customer.id, licenseId: before.id, actorUserId: actor.userId };
      if (units > before.units) {
        await drawUnits(tx, jobs, pool, { ...movement, units: units - before.units }).catch((error: unknown) => {
          throw withField(error, 'units');
        });
      } else {
        await returnUnits(tx, pool, { ...movement, units: before.units - units });
      }
    }
    if (expiryChanged) {
      if (expiresOn <= before.startsOn) {
        throw new DomainError('BAD_REQUEST', m.licenses_expiry_after_start(), { field: 'expiresOn' });
      }
      if (expiresOn < today()) {
        throw new DomainError('BAD_REQUEST', m.licenses_expiry_today_or_later(), { field: 'expiresOn' });
      }
    }
    const revived = expiryChanged && (before.status === 'grace' || before.status === 'expired');
    const changed = unitsChanged || expiryChanged;
    const after = await changeLicense(
      tx,
      before,
      {
        units,
        expiresOn,
        autoRenew: parsed.autoRenew ?? before.autoRenew,
        renewalPeriodMonths: parsed.renewalPeriodMonths ?? before.renewalPeriodMonths,
        expirationNoticeDays: parsed.expirationNoticeDays ?? before.expirationNoticeDays,
        ...(revived ? { status: 'active' as const, graceEndsOn: null } : {}),
      },
      changed
        ? { type: 'license-change', actor: who(actor), note: expiryChanged ? `Expiry date ${before.expiresOn} → ${expiresOn}` : null }
        : null,
    );
    if (changed) await mailModified(tx, jobs, actor, before, after, context);
    await scheduleExpiryNotice(tx, jobs, after, { origin: context.origin });
    await audit(tx, actor, customer, 'license.update', before.id, snapshot(before), snapshot(after));
    return view(after);
  });
}

/**
 * Extends a license by its renewal period: from its expiry date while that is still ahead,
 * otherwise from today. The new period's first day is when charging starts. A license whose units
 * already went back to the pool draws them again.
 */
export async function renewLicense(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZLicenseIdInput>, context: Context) {
  const { id } = ZLicenseIdInput.parse(input);
  return db.transaction(async (tx) => {
    const { license: before, customer } = await changeableLicense(tx, actor, id);
    if (before.versionType === 'trial') {
      throw new DomainError('CONFLICT', m.licenses_trial_not_renewed());
    }
    const from = laterOf(before.expiresOn, today());
    if (before.unitsReturnedAt) {
      await drawUnits(
        tx,
        jobs,
        { companyId: before.managingCompanyId, productId: before.productId },
        { kind: 'license', versionType: before.versionType, units: before.units, counterpartCompanyId: customer.id, licenseId: before.id, actorUserId: actor.userId },
      );
    }
    const expiresOn = addMonths(from, before.renewalPeriodMonths);
    const after = await changeLicense(
      tx,
      before,
      {
        expiresOn,
        chargeStartsOn: from,
        status: before.status === 'pending' ? 'pending' : 'active',
        graceEndsOn: null,
        unitsReturnedAt: null,
      },
      { type: 'license-change', actor: who(actor), note: `Renewed until ${expiresOn}` },
    );
    await audit(tx, actor, customer, 'license.renew', before.id, snapshot(before), snapshot(after));
    await scheduleExpiryNotice(tx, jobs, after, { origin: context.origin });
    await mailModified(tx, jobs, actor, before, after, context);
    return view(after);
  });
}

/**
 * Converts a trial license to full: the full units are drawn from the managing company's pool and
 * the trial units go back to it; charging starts today and the license runs for the full plan's
 * initial period (or its own renewal period when it stays on its plan). Only trial licenses.
 */
export async function convertLicense(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZConvertLicenseInput>, context: Context) {
  const { id, planId } = ZConvertLicenseInput.parse(input);
  return db.transaction(async (tx) => {
    const { license: before, customer, manager } = await changeableLicense(tx, actor, id);
    if (before.versionType !== 'trial') throw new DomainError('CONFLICT', m.licenses_only_trial_converted());
    // The license stays its manager's, so it continues on a plan its manager may assign.
    const target = planId
      ? await assignablePlan(tx, { tier: tierOf(manager), company: manager }, planId).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'NOT_FOUND' && manager.id !== actor.company.id) {
            throw new DomainError('BAD_REQUEST', m.licenses_manager_full_plans({ manager: manager.name }), { field: 'planId' });
          }
          throw withField(error, 'planId');
        })
      : null;
    if (target && (target.plan.versionType !== 'full' || target.plan.productId !== before.productId)) {
      throw new DomainError('BAD_REQUEST', m.licenses_full_plan_same_product(), { field: 'planId' });
    }
    if (target && before.units % target.plan.unitsPerLicense !== 0) {
      throw new DomainError('BAD_REQUEST', m.licenses_units_step({ plan: target.plan.name, units: String(target.plan.unitsPerLicense) }), { field: 'planId' });
    }
    const pool = { companyId: before.managingCompanyId, productId: before.productId };
    const movement = { kind: 'license' as const, units: before.units, counterpartCompanyId: customer.id, licenseId: before.id, actorUserId: actor.userId };
    await drawUnits(tx, jobs, pool, { ...movement, versionType: 'full' });
    if (!before.unitsReturnedAt) await returnUnits(tx, pool, { ...movement, versionType: 'trial', note: 'Converted to full' });
    const day = today();
    const plan = target?.plan;
    const after = await changeLicense(
      tx,
      before,
      {
        versionType: 'full',
        chargeStartsOn: day,
        expiresOn: addMonths(day, plan ? plan.initialPeriodMonths : before.renewalPeriodMonths),
        status: before.status === 'pending' ? 'pending' : 'active',
        graceEndsOn: null,
        unitsReturnedAt: null,
        ...(plan
          ? {
              planId: plan.id,
              unitType: plan.unitType,
              autoRenew: plan.autoRenew,
              renewalPeriodMonths: plan.renewalPeriodMonths,
              expirationNoticeDays: plan.expirationNoticeDays,
              dataCenterId: plan.dataCenterId ?? before.dataCenterId,
            }
          : {}),
      },
      { type: 'conversion', actor: who(actor) },
    );
    await audit(tx, actor, customer, 'license.convert', before.id, snapshot(before), snapshot(after));
    await scheduleExpiryNotice(tx, jobs, after, { origin: context.origin });
    await mailModified(tx, jobs, actor, before, after, context);
    return view(after);
  });
}

/** Ends a license for good: its units go back to the pool (once) and it no longer renews. */
export async function discontinueLicense(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZLicenseIdInput>, context: Context) {
  const { id } = ZLicenseIdInput.parse(input);
  return db.transaction(async (tx) => {
    const { license: before, customer } = await changeableLicense(tx, actor, id);
    if (!before.unitsReturnedAt) {
      await returnUnits(
        tx,
        { companyId: before.managingCompanyId, productId: before.productId },
        { kind: 'license', versionType: before.versionType, units: before.units, counterpartCompanyId: customer.id, licenseId: before.id, actorUserId: actor.userId, note: 'Discontinued' },
      );
    }
    const now = new Date();
    const after = await changeLicense(
      tx,
      before,
      { status: 'discontinued', discontinuedAt: now, autoRenew: false, unitsReturnedAt: before.unitsReturnedAt ?? now, updatedAt: now },
      { type: 'discontinue', actor: who(actor) },
    );
    await audit(tx, actor, customer, 'license.discontinue', before.id, snapshot(before), snapshot(after));
    await cancelExpiryNotices(tx, before.id);
    await mailLicenseEvent(tx, jobs, 'license-discontinued', after, { origin: context.origin, createdBy: actor.userId });
    return view(after);
  });
}

/** The customer, locked, when changes to its licenses are allowed. */
async function writableCustomer(tx: Tx, actor: Actor, customerId: string): Promise<Company> {
  const customer = await companyInScope(tx, actor, customerId, ['customer'], { forUpdate: true });
  await assertWritable(tx, customer);
  if (customer.status === 'disabled') {
    throw new DomainError('FORBIDDEN', m.licenses_customer_disabled({ customer: customer.name }));
  }
  return customer;
}

/**
 * A license the actor may change, locked for the change, with its customer (locked, accepting
 * changes) and the company that manages it. Every change of a license by a user passes here.
 *
 * Seeing a license is not enough to change it. Its units are held from its managing company's
 * pool, so only that company or a company above it (one whose scope holds the manager) may change
 * its units, dates, renewal or version, or discontinue it. A partner sees the licenses its tier-1
 * assigned to its customers but must not spend or return the tier-1's units. Whoever acts, the
 * units move on the managing company's pool, never the actor's, and the actor is recorded.
 */
async function changeableLicense(tx: Tx, actor: Actor, id: string): Promise<{ license: License; customer: Company; manager: Company }> {
  const [license] = await tx
    .select()
    .from(licenses)
    .where(and(eq(licenses.id, id), scopeOf(actor, licenses)))
    .for('update');
  if (!license) throw notFound(m.not_found_license());
  // A manager the actor's scope holds is a row of its subtree; any other is an ancestor, of which
  // only the name is read (through `company_cards`).
  const [manager] = await tx.select().from(companies).where(eq(companies.id, license.managingCompanyId));
  if (!manager || !isInScope(actor, manager)) {
    // The license is in scope, so naming its manager tells the actor nothing it cannot see.
    const [above] = await tx.select({ name: companyCards.name }).from(companyCards).where(eq(companyCards.id, license.managingCompanyId));
    const name = above?.name ?? m.companies_another();
    throw new DomainError('FORBIDDEN', m.licenses_managed_by({ manager: name }));
  }
  const customer = await writableCustomer(tx, actor, license.companyId);
  if (license.status === 'discontinued') {
    throw new DomainError('CONFLICT', m.licenses_discontinued());
  }
  return { license, customer, manager };
}

function withField(error: unknown, field: string): unknown {
  if (error instanceof DomainError && !error.details?.field) {
    return new DomainError(error.code, error.message, { ...error.details, field });
  }
  return error;
}

const who = (actor: Actor) => ({ userId: actor.userId, companyId: actor.company.id });

/** The mail saying a license changed, with its units and expiry date before the change. */
function mailModified(tx: Tx, jobs: JobQueue, actor: Actor, before: License, after: License, context: Context) {
  return mailLicenseEvent(tx, jobs, 'license-modified', after, {
    origin: context.origin,
    createdBy: actor.userId,
    previous: { units: before.units, expiresOn: before.expiresOn },
  });
}

function audit(tx: Tx, actor: Actor, customer: Company, action: string, licenseId: string, before: unknown, after: unknown) {
  return writeAudit(tx, actor, {
    company: customer,
    action,
    targetType: 'license',
    targetId: licenseId,
    before,
    after,
  });
}

function snapshot(l: License) {
  return {
    planId: l.planId,
    versionType: l.versionType,
    units: l.units,
    status: l.status,
    startsOn: l.startsOn,
    expiresOn: l.expiresOn,
    autoRenew: l.autoRenew,
    renewalPeriodMonths: l.renewalPeriodMonths,
    expirationNoticeDays: l.expirationNoticeDays,
    chargeStartsOn: l.chargeStartsOn,
  };
}

/** What the console shows of a license (no tenancy stamps). */
function view(l: License) {
  const { channelId: _c, partnerId: _p, customerId: _cu, ...rest } = l;
  return rest;
}

