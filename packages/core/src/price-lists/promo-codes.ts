import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { asConnectingRole, promoCodes, type Db, type Executor, type PromoCode, type Tx } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { today } from '../dates.ts';
import { DomainError, isUniqueViolation, notFound } from '../errors.ts';
import { pgArray } from '../sql.ts';
import type { Actor } from '../tenancy/index.ts';
import {
  ZCreatePromoCodeInput,
  ZListPromoCodesInput,
  ZPromoCode,
  ZPromoCodeIdInput,
  ZUpdatePromoCodeInput,
  type PromoCodeView,
  type TCreatePromoCodeInput,
  type TListPromoCodesInput,
  type TUpdatePromoCodeInput,
} from './model.ts';
import { BPS, formatBps, parseBps } from './money.ts';
import { m } from '../i18n.ts';

type RawCode = {
  id: string;
  code: string;
  description: string;
  allows: PromoCode['allows'];
  boundBps: number;
  channels: { id: string; name: string }[];
  products: { id: string; code: string; name: string }[];
  validFrom: string;
  validUntil: string;
  lineCount: number;
};

const stateOf = (code: { validFrom: string; validUntil: string }, day: string): PromoCodeView['state'] =>
  day < code.validFrom ? 'scheduled' : day > code.validUntil ? 'expired' : 'active';

async function readCodes(db: Executor, where: ReturnType<typeof sql>, day: string): Promise<PromoCodeView[]> {
  const rows = await db.execute<RawCode>(sql`
    select pc.id, pc.code, pc.description, pc.allows, pc.bound_bps as "boundBps",
      coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.name) from companies c where c.id = any(pc.channel_ids)), '[]') as channels,
      coalesce((select json_agg(json_build_object('id', p.id, 'code', p.code, 'name', p.name) order by p.code) from products p where p.id = any(pc.product_ids)), '[]') as products,
      pc.valid_from::text as "validFrom", pc.valid_until::text as "validUntil",
      (select count(*)::int from billing_report_lines l where l.promo_code_id = pc.id) as "lineCount"
    from promo_codes pc
    where ${where}
    order by pc.valid_until desc, pc.code`);
  return rows.map((r) => ({ ...r, bound: formatBps(r.boundBps), state: stateOf(r, day) }));
}

/** Promo codes of the vendor, newest ending first; filtered by tier-1 and by state on `day`. */
export async function listPromoCodes(db: Db, _actor: Actor, input: TListPromoCodesInput, day = today()): Promise<PromoCodeView[]> {
  const { filters } = ZListPromoCodesInput.parse(input);
  const parts = [sql`true`];
  if (filters.channelId) parts.push(sql`${filters.channelId}::uuid = any(pc.channel_ids)`);
  if (filters.state === 'scheduled') parts.push(sql`pc.valid_from > ${day}::date`);
  if (filters.state === 'active') parts.push(sql`${day}::date between pc.valid_from and pc.valid_until`);
  if (filters.state === 'expired') parts.push(sql`pc.valid_until < ${day}::date`);
  return readCodes(db, sql.join(parts, sql` and `), day);
}

export async function getPromoCode(db: Db, _actor: Actor, input: z.input<typeof ZPromoCodeIdInput>, day = today()): Promise<PromoCodeView> {
  const { promoCodeId } = ZPromoCodeIdInput.parse(input);
  const [code] = await readCodes(db, sql`pc.id = ${promoCodeId}::uuid`, day);
  if (!code) throw notFound(m.not_found_promo_code());
  return code;
}

/** Every id names a tier-1 and every product exists; otherwise NOT_FOUND, naming which. */
async function checkTargets(tx: Tx, channelIds: string[], productIds: string[]) {
  const [found] = await tx.execute<{ channels: number; products: number }>(sql`
    select (select count(*)::int from companies where id = any(${pgArray(channelIds)}::uuid[]) and kind = 'tier1') as channels,
      (select count(*)::int from products where id = any(${pgArray(productIds)}::uuid[])) as products`);
  if (found!.channels !== new Set(channelIds).size) throw notFound(m.not_found_parent_account());
  if (found!.products !== new Set(productIds).size) throw notFound(m.not_found_product());
}

function fieldsOf(parsed: z.output<typeof ZCreatePromoCodeInput>) {
  return {
    code: parsed.code,
    description: parsed.description,
    allows: parsed.allows,
    boundBps: parseBps(parsed.bound, 'bound'),
    channelIds: [...new Set(parsed.channelIds)],
    productIds: [...new Set(parsed.productIds)],
    validFrom: parsed.validFrom,
    validUntil: parsed.validUntil,
  };
}

const taken = (code: string) => new DomainError('CONFLICT', m.promo_code_taken({ code }), { field: 'code' });

export async function createPromoCode(db: Db, actor: Actor, input: TCreatePromoCodeInput, day = today()): Promise<PromoCodeView> {
  const fields = fieldsOf(ZCreatePromoCodeInput.parse(input));
  try {
    const id = await db.transaction(async (tx) => {
      await checkTargets(tx, fields.channelIds, fields.productIds);
      const [row] = await tx.insert(promoCodes).values({ ...fields, createdBy: actor.userId }).returning();
      await writeAudit(tx, actor, { company: null, action: 'promo-code.create', targetType: 'promo-code', targetId: row!.id, after: fields });
      return row!.id;
    });
    return getPromoCode(db, actor, { promoCodeId: id }, day);
  } catch (error) {
    if (isUniqueViolation(error, 'promo_codes_code_key')) throw taken(fields.code);
    throw error;
  }
}

/** Changes a code; lines it was applied to keep what they were charged. */
export async function updatePromoCode(db: Db, actor: Actor, input: TUpdatePromoCodeInput, day = today()): Promise<PromoCodeView> {
  const { promoCodeId, ...rest } = ZUpdatePromoCodeInput.parse(input);
  const fields = fieldsOf(rest);
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(promoCodes).where(eq(promoCodes.id, promoCodeId)).for('update');
      if (!before) throw notFound(m.not_found_promo_code());
      await checkTargets(tx, fields.channelIds, fields.productIds);
      await tx.update(promoCodes).set({ ...fields, updatedAt: new Date() }).where(eq(promoCodes.id, promoCodeId));
      await writeAudit(tx, actor, { company: null, action: 'promo-code.update', targetType: 'promo-code', targetId: promoCodeId, before, after: fields });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'promo_codes_code_key')) throw taken(fields.code);
    throw error;
  }
  return getPromoCode(db, actor, { promoCodeId }, day);
}

/** Deletes a code no billing line names; one in use is ended instead (set its last day). */
export async function deletePromoCode(db: Db, actor: Actor, input: z.input<typeof ZPromoCodeIdInput>): Promise<{ id: string }> {
  const { promoCodeId } = ZPromoCodeIdInput.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(promoCodes).where(eq(promoCodes.id, promoCodeId)).for('update');
    if (!row) throw notFound(m.not_found_promo_code());
    const [used] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from billing_report_lines where promo_code_id = ${row.id}::uuid`);
    if (used!.n > 0) {
      throw new DomainError('CONFLICT', m.promo_code_in_use({ code: row.code, count: used!.n, n: String(used!.n) }));
    }
    await tx.delete(promoCodes).where(eq(promoCodes.id, row.id));
    await writeAudit(tx, actor, { company: null, action: 'promo-code.delete', targetType: 'promo-code', targetId: row.id, before: row });
    return { id: row.id };
  });
}

/** What a valid code lets the tier-1 set on one line. */
export interface PromoAllowance {
  promoCodeId: string;
  code: string;
  allows: PromoCode['allows'];
  boundBps: number;
}

/**
 * Looks up the code a tier-1 specifies on a line of `productId`, on `day`: refused with the reason
 * when no such code exists, it is not valid yet or any more, it is not for this tier-1, or not for
 * this product. Codes are the vendor's: the lookup reads them as the connecting role, and answers
 * only about the one code typed, so a tier-1 learns nothing of the others.
 */
export async function promoAllowance(tx: Tx, channelId: string, productId: string, codeText: string, day = today()): Promise<PromoAllowance> {
  const parsed = ZPromoCode.safeParse(codeText);
  if (!parsed.success) throw new DomainError('BAD_REQUEST', parsed.error.issues[0]!.message, { field: 'code' });
  const code = parsed.data;
  const [row] = await asConnectingRole(tx, () => tx.select().from(promoCodes).where(eq(promoCodes.code, code)));
  // A code of another tier-1 reads as "not valid for your account", not as unknown: the tier-1 may
  // have been given it by mistake, and the vendor is who can tell.
  if (!row) throw new DomainError('BAD_REQUEST', m.promo_code_unknown({ code }), { field: 'code' });
  if (!row.channelIds.includes(channelId)) throw new DomainError('BAD_REQUEST', m.promo_code_not_yours({ code }), { field: 'code' });
  if (day < row.validFrom) throw new DomainError('BAD_REQUEST', m.promo_code_not_yet({ code, day: row.validFrom }), { field: 'code' });
  if (day > row.validUntil) throw new DomainError('BAD_REQUEST', m.promo_code_expired({ code, day: row.validUntil }), { field: 'code' });
  if (!row.productIds.includes(productId)) throw new DomainError('BAD_REQUEST', m.promo_code_not_product({ code }), { field: 'code' });
  return { promoCodeId: row.id, code: row.code, allows: row.allows, boundBps: row.boundBps };
}

/**
 * The lowest unit price a `unit_price` code allows on a line listed at `listMinor`: the list price
 * less the bound, rounded up so the discount never exceeds the bound.
 */
export function lowestUnitPrice(listMinor: bigint, boundBps: number): bigint {
  const keep = BPS - BigInt(boundBps);
  return (listMinor * keep + BPS - 1n) / BPS;
}
