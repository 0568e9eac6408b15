import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  keyBatches,
  legalAcceptances,
  licenses,
  products,
  registrationKeys,
  servicePlans,
  users,
  type Company,
  type DataCenter,
  type Db,
  type License,
  type Product,
  type RegistrationKey,
  type ServicePlan,
  type Tx,
} from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { consumeRateLimit } from '../auth/index.ts';
import { assertWritable, companyInScope } from '../company/index.ts';
import { queueEmail } from '../email-notifications/index.ts';
import { DomainError, isUniqueViolation } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { drawUnits } from '../license-pool/index.ts';
import { addMonths, longDate, today } from '../dates.ts';
import { scheduleExpiryNotice, recordTransaction } from '../licenses/index.ts';
import { isLocked } from '../service-plans/index.ts';
import { formatActivationCode, formatKey, generateActivationCode, parseKey } from '../registration-keys/index.ts';
import { isInScope, type Actor } from '../tenancy/index.ts';
import { visibleDataCenters, currentLegalDocuments, type Doc } from '../branding/index.ts';
import { ZText, said } from '../validation.ts';
import { m } from '../i18n.ts';

/*
 * Registering a key: a customer user in the portal, or a partner on a customer's behalf, turns an
 * available registration key into a license of the key's plan for the customer. Units come from
 * the pool of the company that issued the key. Every attempt counts against a per-user and a
 * per-IP limit before the key is looked up, so keys cannot be found by guessing.
 */

/** Key checks and registrations allowed per user and per IP address in one window. */
export const KEY_ATTEMPT_LIMITS = {
  user: { limit: 20, windowSeconds: 3600 },
  ip: { limit: 100, windowSeconds: 3600 },
} as const;

const ZKey = ZText(64, { required: m.portal_key_required, tooLong: m.portal_key_not_a_key }).min(1, said(m.portal_key_required));
const ZCustomerId = z.uuid(said(m.customers_id_invalid));
const ZDocuments = {
  eulaId: z.uuid(said(m.portal_accept_eula)),
  privacyId: z.uuid(said(m.portal_accept_privacy)),
  accepted: z.literal(true, said(m.portal_accept_both)),
  dataCenterId: z.uuid(said(m.portal_choose_data_center)).nullable().optional(),
};

export const ZCheckKeyInput = z.object({ key: ZKey });
export const ZRegisterKeyInput = z.object({ key: ZKey, ...ZDocuments });
export const ZPartnerCheckKeyInput = z.object({ customerId: ZCustomerId, key: ZKey });
export const ZPartnerRegisterKeyInput = z.object({ customerId: ZCustomerId, key: ZKey, ...ZDocuments });
export type TRegisterKeyInput = z.input<typeof ZRegisterKeyInput>;
export type TPartnerRegisterKeyInput = z.input<typeof ZPartnerRegisterKeyInput>;

interface Context {
  origin: string;
}

/** What a refused key is told, in the language of the request. */
export const KEY_MESSAGES = {
  unknown: m.portal_key_unknown,
  voided: m.portal_key_voided,
  expired: m.portal_key_expired,
  registered: m.portal_key_registered,
  /** Said to partners only: the key is theirs to see, but not for this customer. */
  elsewhere: m.portal_key_elsewhere,
  eulaChanged: m.portal_eula_changed,
  privacyChanged: m.portal_privacy_changed,
};

/** Counts one attempt for the actor and its IP address; refuses when either is over its limit. */
async function limitAttempts(db: Db, actor: Actor): Promise<void> {
  const checks = [consumeRateLimit(db, `registration-key:user:${actor.userId}`, KEY_ATTEMPT_LIMITS.user)];
  if (actor.ip) checks.push(consumeRateLimit(db, `registration-key:ip:${actor.ip}`, KEY_ATTEMPT_LIMITS.ip));
  const results = await Promise.all(checks);
  const refused = results.find((r) => !r.allowed);
  if (refused) {
    const minutes = Math.ceil(refused.retryAfterSeconds / 60);
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      m.portal_too_many_attempts({ count: minutes, n: String(minutes) }),
      { retryAfterSeconds: refused.retryAfterSeconds },
    );
  }
}

/** The key's canonical code, or a message saying what is wrong with what was typed. */
function canonical(key: string): string {
  const parsed = parseKey(key);
  if (!parsed.ok) throw new DomainError('BAD_REQUEST', parsed.reason, { field: 'key' });
  return parsed.code;
}

interface KeyRow {
  key: RegistrationKey;
  validUntil: string;
  plan: ServicePlan;
  product: Product;
}

async function keyByCode(db: Db | Tx, code: string): Promise<KeyRow | null> {
  const [row] = await db
    .select({ key: registrationKeys, validUntil: keyBatches.validUntil, plan: servicePlans, product: products })
    .from(registrationKeys)
    .innerJoin(keyBatches, eq(keyBatches.id, registrationKeys.batchId))
    .innerJoin(servicePlans, eq(servicePlans.id, registrationKeys.planId))
    .innerJoin(products, eq(products.id, registrationKeys.productId))
    .where(eq(registrationKeys.code, code));
  return row ?? null;
}

/** Why a key cannot be registered by this customer now, or null when it can. */
function refusal(row: KeyRow | null, customer: Company, actor: Actor): string | null {
  if (!row) return KEY_MESSAGES.unknown();
  // A partner sees only keys its own subtree issued; others read as unknown.
  if (actor.tier !== 'customer' && row.key.companyId !== actor.company.id && !isInScope(actor, row.key)) return KEY_MESSAGES.unknown();
  const issuedForCustomer = row.key.companyId === customer.partnerId || row.key.companyId === customer.channelId;
  // A customer sees only keys issued for it: another partner's key reads as unknown whatever its
  // state, so trying keys tells a customer nothing about other partners' keys.
  if (actor.tier === 'customer' && !issuedForCustomer) return KEY_MESSAGES.unknown();
  if (row.key.status === 'voided') return KEY_MESSAGES.voided();
  if (row.key.status === 'registered') return KEY_MESSAGES.registered();
  if (row.key.status === 'expired' || row.validUntil < today()) return KEY_MESSAGES.expired();
  if (!issuedForCustomer) return KEY_MESSAGES.elsewhere();
  return null;
}

/** The key's plan and product must still be on sale: refused with what the customer can do. */
function assertOnSale({ plan, product }: KeyRow): void {
  if (!product.enabled) throw new DomainError('CONFLICT', m.portal_product_not_sold({ product: product.name }), { field: 'key' });
  if (!plan.enabled) {
    throw new DomainError('CONFLICT', m.portal_plan_not_offered({ plan: plan.name }), { field: 'key' });
  }
  if (isLocked(plan, product)) {
    throw new DomainError('CONFLICT', m.portal_plan_updating({ plan: plan.name }), { field: 'key' });
  }
}

/** The data centers the plan allows: its own when set, else the enabled visible ones for SaaS. */
async function dataCenterChoices(db: Db | Tx, customer: Company, plan: ServicePlan, product: Product): Promise<DataCenter[]> {
  if (!product.saas) return [];
  const visible = await visibleDataCenters(db, customer.id);
  if (plan.dataCenterId) return visible.filter((d) => d.id === plan.dataCenterId);
  return visible;
}

async function documentsFor(db: Db | Tx, customer: Company, product: Product, language: string) {
  const { eula, privacy } = await currentLegalDocuments(db, { companyId: customer.id, productId: product.id, language });
  if (!eula) throw new DomainError('CONFLICT', m.portal_no_eula({ product: product.name }));
  if (!privacy) throw new DomainError('CONFLICT', m.portal_no_privacy());
  return { eula, privacy };
}

const documentView = (d: Doc) => ({
  id: d.id,
  title: d.title,
  version: d.version,
  language: d.language,
  publishedAt: d.publishedAt,
  html: d.html,
});

async function customerOf(db: Db | Tx, actor: Actor, customerId: string | null, forUpdate = false): Promise<Company> {
  const id = customerId ?? actor.company.id;
  return companyInScope(db, actor, id, ['customer'], { forUpdate });
}

async function languageOf(db: Db | Tx, actor: Actor, customer: Company): Promise<string> {
  const [user] = await db.select({ language: users.language }).from(users).where(eq(users.id, actor.userId));
  return actor.tier === 'customer' ? (user?.language ?? customer.language) : customer.language;
}

/**
 * Step one: reads a key (format and check character first, then the database) and answers what
 * registering it involves: the product and plan, the documents to accept and the data centers to
 * choose from. Nothing changes.
 */
async function checkFor(db: Db, actor: Actor, customerId: string | null, key: string) {
  await limitAttempts(db, actor);
  const code = canonical(key);
  const customer = await customerOf(db, actor, customerId);
  const row = await keyByCode(db, code);
  const refused = refusal(row, customer, actor);
  if (refused || !row) throw new DomainError(refused === KEY_MESSAGES.unknown() ? 'NOT_FOUND' : 'CONFLICT', refused ?? KEY_MESSAGES.unknown(), { field: 'key' });
  assertOnSale(row);
  const language = await languageOf(db, actor, customer);
  const [{ eula, privacy }, centers] = await Promise.all([
    documentsFor(db, customer, row.product, language),
    dataCenterChoices(db, customer, row.plan, row.product),
  ]);
  return {
    key: formatKey(code),
    product: { id: row.product.id, name: row.product.name, code: row.product.code, saas: row.product.saas, needsActivationCode: row.product.needsActivationCode },
    plan: { id: row.plan.id, name: row.plan.name, units: row.plan.unitsPerLicense, unitType: row.plan.unitType, versionType: row.plan.versionType, initialPeriodMonths: row.plan.initialPeriodMonths },
    validUntil: row.validUntil,
    eula: documentView(eula),
    privacy: documentView(privacy),
    dataCenters: centers.map((d) => ({ id: d.id, code: d.code, name: d.name, region: d.region })),
  };
}

/**
 * Step two, in one transaction: claims the key (one conditional update, so of two customers
 * racing for it exactly one wins), checks the accepted documents are still the current ones,
 * creates the license from the key's plan with units drawn from the issuing company's pool,
 * issues an activation code when the product needs one, records the acceptances, queues the
 * "registration confirmation" mail and writes the audit row. Any failure leaves the key available.
 */
async function registerFor(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  customerId: string | null,
  input: z.output<typeof ZRegisterKeyInput>,
  context: Context,
) {
  await limitAttempts(db, actor);
  const code = canonical(input.key);
  return db.transaction(async (tx) => {
    const customer = await customerOf(tx, actor, customerId);
    await assertWritable(tx, customer);
    if (customer.status === 'disabled') {
      throw new DomainError('FORBIDDEN', m.portal_customer_disabled({ customer: customer.name }));
    }
    const before = await keyByCode(tx, code);
    const refused = refusal(before, customer, actor);
    if (refused || !before) throw new DomainError(refused === KEY_MESSAGES.unknown() ? 'NOT_FOUND' : 'CONFLICT', refused ?? KEY_MESSAGES.unknown(), { field: 'key' });
    assertOnSale(before);
    const { plan, product } = before;
    // The plan cannot be disabled or changed while the key becomes a license of it.
    await tx.select({ id: servicePlans.id }).from(servicePlans).where(eq(servicePlans.id, plan.id)).for('share');

    const [claimed] = await tx
      .update(registrationKeys)
      .set({ status: 'registered', registeredCompanyId: customer.id, registeredBy: actor.userId, registeredAt: new Date() })
      .where(
        and(
          eq(registrationKeys.code, code),
          eq(registrationKeys.status, 'available'),
          sql`exists (select 1 from ${keyBatches} where ${keyBatches.id} = ${registrationKeys.batchId} and ${keyBatches.validUntil} >= current_date)`,
        ),
      )
      .returning();
    if (!claimed) {
      const now = await keyByCode(tx, code);
      throw new DomainError('CONFLICT', refusal(now, customer, actor) ?? KEY_MESSAGES.registered(), { field: 'key' });
    }

    const language = await languageOf(tx, actor, customer);
    const { eula, privacy } = await documentsFor(tx, customer, product, language);
    if (eula.id !== input.eulaId) throw new DomainError('CONFLICT', KEY_MESSAGES.eulaChanged(), { field: 'eulaId', eulaId: eula.id });
    if (privacy.id !== input.privacyId) {
      throw new DomainError('CONFLICT', KEY_MESSAGES.privacyChanged(), { field: 'privacyId', privacyId: privacy.id });
    }

    const centers = await dataCenterChoices(tx, customer, plan, product);
    let dataCenterId: string | null = null;
    if (centers.length > 0) {
      const chosen = input.dataCenterId ? centers.find((d) => d.id === input.dataCenterId) : centers.length === 1 ? centers[0] : undefined;
      if (!chosen) throw new DomainError('BAD_REQUEST', m.portal_data_center_offered(), { field: 'dataCenterId' });
      dataCenterId = chosen.id;
    }

    const licenseId = randomUUID();
    const units = plan.unitsPerLicense;
    const [signedIn] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.companyId, customer.id), isNotNull(users.lastSignInAt)))
      .limit(1);
    const day = today();
    const [license] = await tx
      .insert(licenses)
      .values({
        id: licenseId,
        companyId: customer.id,
        channelId: customer.channelId,
        partnerId: customer.partnerId,
        customerId: customer.customerId,
        managingCompanyId: claimed.companyId,
        planId: plan.id,
        productId: product.id,
        versionType: plan.versionType,
        unitType: plan.unitType,
        units,
        status: plan.activationPolicy === 'first-sign-in' && !signedIn && actor.tier !== 'customer' ? 'pending' : 'active',
        startsOn: day,
        expiresOn: addMonths(day, plan.initialPeriodMonths),
        autoRenew: plan.autoRenew,
        renewalPeriodMonths: plan.renewalPeriodMonths,
        expirationNoticeDays: plan.expirationNoticeDays,
        chargeStartsOn: day,
        dataCenterId,
        createdBy: actor.userId,
      })
      .returning();
    const created = license!;
    await recordTransaction(tx, created, {
      type: 'new-purchase',
      previousUnits: 0,
      previousChargeStartsOn: null,
      actor: { userId: actor.userId, companyId: actor.company.id },
      note: `Registration key ${formatKey(code)}`,
    });

    const activationCode = product.needsActivationCode ? await issueActivationCode(tx, claimed.id, product.code) : null;
    await tx.update(registrationKeys).set({ licenseId, dataCenterId }).where(eq(registrationKeys.id, claimed.id));

    await tx.insert(legalAcceptances).values(
      [eula, privacy].map((d) => ({
        documentId: d.id,
        companyId: customer.id,
        channelId: customer.channelId,
        partnerId: customer.partnerId,
        customerId: customer.customerId,
        userId: actor.userId,
        keyId: claimed.id,
        ip: actor.ip,
      })),
    );

    await mailConfirmation(tx, jobs, actor, customer, created, { product, plan, key: code, activationCode, language }, context);
    await scheduleExpiryNotice(tx, jobs, created, { origin: context.origin });
    await writeAudit(tx, actor, {
      company: customer,
      action: 'registration-key.register',
      targetType: 'registration_key',
      targetId: String(claimed.id),
      before: { status: 'available' },
      after: {
        status: 'registered',
        licenseId,
        planId: plan.id,
        units,
        dataCenterId,
        eula: { id: eula.id, version: eula.version },
        privacy: { id: privacy.id, version: privacy.version },
        activationCodeIssued: activationCode !== null,
      },
    });
    // Units last: the issuing company's pool row stays locked only from this draw to the commit,
    // so registrations of one issuer's keys queue on it for as short a time as possible. A pool
    // that is short rolls everything back, and the key stays available.
    await drawUnits(
      tx,
      jobs,
      { companyId: claimed.companyId, productId: product.id },
      { kind: 'license', versionType: plan.versionType, units, counterpartCompanyId: customer.id, licenseId, actorUserId: actor.userId },
    );

    return {
      key: formatKey(code),
      license: licenseView(created, product, plan),
      dataCenterId,
      activationCode: activationCode ? formatActivationCode(activationCode) : null,
    };
  });
}

/** Issues a unique activation code for the key; a collision with an existing code draws again. */
async function issueActivationCode(tx: Tx, keyId: number, prefix: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const candidate = generateActivationCode(prefix);
    try {
      await tx.transaction(async (savepoint) => {
        await savepoint.update(registrationKeys).set({ activationCode: candidate }).where(eq(registrationKeys.id, keyId));
      });
      return candidate;
    } catch (error) {
      if (attempt < 5 && isUniqueViolation(error, 'registration_keys_activation_code_key')) continue;
      throw error;
    }
  }
}

async function mailConfirmation(
  tx: Tx,
  jobs: JobQueue,
  actor: Actor,
  customer: Company,
  license: License,
  facts: { product: Product; plan: ServicePlan; key: string; activationCode: string | null; language: string },
  context: Context,
) {
  // The customer user who registered gets it; a registration by a partner goes to the customer's contact.
  const to =
    actor.tier === 'customer'
      ? (await tx.select({ email: users.email, name: users.name, userId: users.id }).from(users).where(eq(users.id, actor.userId)))[0]
      : customer.contactEmail
        ? { email: customer.contactEmail, name: customer.contactName, userId: null }
        : (
            await tx
              .select({ email: users.email, name: users.name, userId: users.id })
              .from(users)
              .where(and(eq(users.companyId, customer.id), eq(users.role, 'admin'), eq(users.status, 'active')))
              .orderBy(asc(users.createdAt))
              .limit(1)
          )[0];
  if (!to) return;
  await queueEmail(tx, jobs, {
    event: 'registration-confirmation',
    companyId: customer.id,
    to,
    language: facts.language,
    createdBy: actor.userId,
    variables: {
      recipientName: to.name ?? customer.name,
      customerName: customer.name,
      productName: facts.product.name,
      planName: facts.plan.name,
      registrationKey: formatKey(facts.key),
      activationCode: facts.activationCode ? formatActivationCode(facts.activationCode) : '',
      units: String(license.units),
      unitType: license.unitType,
      expiryDate: longDate(license.expiresOn, facts.language),
      portalUrl: `${context.origin}/portal`,
    },
  });
}

function licenseView(l: License, product: Product, plan: ServicePlan) {
  return {
    id: l.id,
    productName: product.name,
    planName: plan.name,
    status: l.status,
    units: l.units,
    unitType: l.unitType,
    startsOn: l.startsOn,
    expiresOn: l.expiresOn,
  };
}

/** Portal: reads a key the signed-in customer's user typed. */
export function checkKey(db: Db, actor: Actor, input: z.input<typeof ZCheckKeyInput>) {
  const { key } = ZCheckKeyInput.parse(input);
  return checkFor(db, actor, null, key);
}

/** Portal: registers a key for the signed-in customer. */
export function registerKey(db: Db, jobs: JobQueue, actor: Actor, input: TRegisterKeyInput, context: Context) {
  return registerFor(db, jobs, actor, null, ZRegisterKeyInput.parse(input), context);
}

/** A partner reads a key for one of its customers. */
export function checkKeyForCustomer(db: Db, actor: Actor, input: z.input<typeof ZPartnerCheckKeyInput>) {
  const { customerId, key } = ZPartnerCheckKeyInput.parse(input);
  return checkFor(db, actor, customerId, key);
}

/** A partner registers a key on a customer's behalf; the acceptances record the partner's user. */
export function registerKeyForCustomer(db: Db, jobs: JobQueue, actor: Actor, input: TPartnerRegisterKeyInput, context: Context) {
  const { customerId, ...rest } = ZPartnerRegisterKeyInput.parse(input);
  return registerFor(db, jobs, actor, customerId, rest, context);
}

