import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, licensePools, type Db, type Executor } from '@keyway/db';
import { assertWritable } from '../company/index.ts';
import { DomainError, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import {
  moveUnits,
  ownCompany,
  poolAudit,
  poolLines,
  poolOf,
  poolTotals,
  productOf,
  requireTier1,
  ZProductId,
  ZUnitsOrZero,
} from '../license-pool/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { m } from '../i18n.ts';
import { said } from '../validation.ts';

/*
 * The partner's Licenses tab: its tier-1 sees the partner's pools, assigns it units from its own
 * pool and disables an MSP's licenses.
 */

export const ZPartnerLicensesListInput = z.object({ partnerId: z.uuid(said(m.customers_partner_id_invalid)) });
export const ZAssignPartnerLicensesInput = z
  .object({
    partnerId: z.uuid(said(m.customers_partner_id_invalid)),
    productId: ZProductId,
    trialUnits: ZUnitsOrZero.default(0),
    fullUnits: ZUnitsOrZero.default(0),
    /** The most units a refill by the partner tops its pool up to; null removes it, absent leaves it. */
    trialCapacity: ZUnitsOrZero.nullable().optional(),
    fullCapacity: ZUnitsOrZero.nullable().optional(),
  })
  .refine((v) => v.trialUnits > 0 || v.fullUnits > 0 || v.trialCapacity !== undefined || v.fullCapacity !== undefined, {
    ...said(m.partners_units_to_assign),
    path: ['fullUnits'],
  });
export const ZDisablePartnerLicensesInput = z.object({
  partnerId: z.uuid(said(m.customers_partner_id_invalid)),
  productId: ZProductId,
  /** False enables them again. */
  disabled: z.boolean().default(true),
});

/** A tier-2 directly below the tier-1 actor; other ids answer NOT_FOUND. */
async function partnerBelow(db: Executor, actor: Actor, partnerId: string, options: { forUpdate?: boolean } = {}) {
  requireTier1(actor, m.pool_only_tier1_partner_licenses);
  const query = db
    .select()
    .from(companies)
    .where(and(eq(companies.id, partnerId), eq(companies.kind, 'tier2'), eq(companies.parentId, actor.company.id)));
  const [partner] = options.forUpdate ? await query.for('update') : await query;
  if (!partner) throw notFound(m.not_found_partner());
  return partner;
}

/** A partner's pools, one line per product, as its tier-1 sees them on the partner's Licenses tab. */
export async function listPartnerLicenses(db: Db, actor: Actor, input: z.input<typeof ZPartnerLicensesListInput>) {
  const { partnerId } = ZPartnerLicensesListInput.parse(input);
  const partner = await partnerBelow(db, actor, partnerId);
  const items = await poolLines(db, partner.id);
  return { items, nextCursor: null, total: items.length, partner: { id: partner.id, type: partner.type, status: partner.status, poolRefillAllowed: partner.poolRefillAllowed } };
}

/**
 * Tier-1 assigns trial and full units of a product to a partner: one draw from its own pool per
 * unit kind (refused with a clear message when short, whatever the concurrency) and the same
 * units added to the partner's pool, optionally with the partner's refill capacity.
 */
export async function assignPartnerLicenses(db: Executor, jobs: JobQueue, actor: Actor, input: z.input<typeof ZAssignPartnerLicensesInput>) {
  const parsed = ZAssignPartnerLicensesInput.parse(input);
  return db.transaction(async (tx) => {
    const partner = await partnerBelow(tx, actor, parsed.partnerId);
    const product = await productOf(tx, parsed.productId);
    await assertWritable(tx, partner);
    const own = await ownCompany(tx, actor);
    const before = await poolOf(tx, partner.id, product.id);
    for (const versionType of ['trial', 'full'] as const) {
      const units = versionType === 'trial' ? parsed.trialUnits : parsed.fullUnits;
      if (units === 0) continue;
      await moveUnits(
        tx,
        jobs,
        { companyId: own.id, productId: product.id },
        { companyId: partner.id },
        { kind: 'partner-assignment', versionType, units, actorUserId: actor.userId },
      );
    }
    const capacity = {
      ...(parsed.trialCapacity !== undefined ? { trialCapacity: parsed.trialCapacity } : {}),
      ...(parsed.fullCapacity !== undefined ? { fullCapacity: parsed.fullCapacity } : {}),
    };
    if (Object.keys(capacity).length > 0) {
      await tx.update(licensePools).set(capacity).where(eq(licensePools.id, before.id));
    }
    const [after] = await tx.select().from(licensePools).where(eq(licensePools.id, before.id));
    await poolAudit(tx, actor, partner, 'partner.licenses.assign', after!, poolTotals(before), {
      ...poolTotals(after!),
      product: product.name,
      trialUnits: parsed.trialUnits,
      fullUnits: parsed.fullUnits,
      ...capacity,
    });
    return {
      partnerId: partner.id,
      productId: product.id,
      trialUnits: parsed.trialUnits,
      fullUnits: parsed.fullUnits,
      line: (await poolLines(tx, partner.id)).find((l) => l.productId === product.id)!,
    };
  });
}

/**
 * "Disable licenses": stops an MSP assigning a product's units (draws from its pool are refused)
 * until enabled again. Its customers' licenses stay as they are.
 */
export async function setPartnerLicensesDisabled(db: Db, actor: Actor, input: z.input<typeof ZDisablePartnerLicensesInput>) {
  const { partnerId, productId, disabled } = ZDisablePartnerLicensesInput.parse(input);
  return db.transaction(async (tx) => {
    const partner = await partnerBelow(tx, actor, partnerId);
    const product = await productOf(tx, productId);
    if (partner.type !== 'msp') throw new DomainError('BAD_REQUEST', m.partners_licenses_msp_only());
    await assertWritable(tx, partner);
    await ownCompany(tx, actor);
    const { id } = await poolOf(tx, partner.id, product.id);
    const [before] = await tx.select().from(licensePools).where(eq(licensePools.id, id)).for('update');
    const [after] = await tx
      .update(licensePools)
      .set(disabled ? { disabledAt: before!.disabledAt ?? new Date(), disabledBy: before!.disabledBy ?? actor.userId } : { disabledAt: null, disabledBy: null })
      .where(eq(licensePools.id, id))
      .returning();
    await poolAudit(tx, actor, partner, disabled ? 'partner.licenses.disable' : 'partner.licenses.enable', after!, { disabledAt: before!.disabledAt }, { disabledAt: after!.disabledAt, product: product.name });
    return { partnerId, productId, disabledAt: after!.disabledAt };
  });
}
