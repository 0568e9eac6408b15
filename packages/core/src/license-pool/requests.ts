import { and, count, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { asConnectingRole, companies, licenseRequests, licenseRequestStatus, products, users, type Company, type Db, type LicenseRequest, type Tx } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { assertWritable } from '../company/index.ts';
import { queueEmail } from '../email-notifications/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import type { JobQueue } from '../jobs/index.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { ZProductId, ZUnits, ZVersionType } from './pools.ts';
import { moveUnits } from './units.ts';
import { ZText, said } from '../validation.ts';
import { m, formatCount } from '../i18n.ts';

const ZRequestId = z.uuid(said(m.pool_request_id_invalid));

export const ZListLicenseRequestsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({ by: z.enum(['createdAt', 'status']).default('createdAt'), direction: z.enum(['asc', 'desc']).default('desc') })
    .default({ by: 'createdAt', direction: 'desc' }),
  filters: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }).default({}),
});

export const ZCreateLicenseRequestInput = z.object({
  productId: ZProductId,
  versionType: ZVersionType,
  units: ZUnits,
  note: ZText(1000, { tooLong: () => m.pool_note_too_long({ max: formatCount(1000) }) }).optional(),
});
export const ZApproveLicenseRequestInput = z.object({ id: ZRequestId });
export const ZRejectLicenseRequestInput = z.object({
  id: ZRequestId,
  reason: ZText(1000, { tooLong: () => m.validation_reason_too_long({ max: formatCount(1000) }) }).min(3, said(m.pool_reject_reason)),
});

/** A request's version type and decision as its mails word them, in the mail's language. */
const VERSION_WORD = { trial: m.mails_value_version_trial, full: m.mails_value_version_full } as const;
const DECISION_WORD = { approved: m.mails_value_request_approved, rejected: m.mails_value_request_rejected } as const;

/**
 * License requests the actor sees: a tier-1 the requests of its partners (to decide), a tier-2
 * its own. Newest first by default.
 */
export async function listLicenseRequests(db: Db, actor: Actor, input: z.input<typeof ZListLicenseRequestsInput>) {
  const { cursor, limit, sort, filters } = ZListLicenseRequestsInput.parse(input);
  const requester = alias(companies, 'requester');
  const where: (SQL | undefined)[] = [
    scopeOf(actor, licenseRequests),
    actor.tier === 'tier1' ? eq(licenseRequests.parentCompanyId, actor.company.id) : eq(licenseRequests.companyId, actor.company.id),
    filters.status ? eq(licenseRequests.status, filters.status) : undefined,
  ];
  const column: KeyColumn =
    sort.by === 'status'
      ? { column: licenseRequests.status, type: licenseRequestStatus }
      : { column: licenseRequests.createdAt, type: 'timestamptz' };
  const keys = keyset(`license-pool.requests:${sort.by}:${sort.direction}`, sort.direction, [
    column,
    { column: licenseRequests.id, type: 'uuid' },
  ]);
  const requestedBy = alias(users, 'requested_by');
  const decidedBy = alias(users, 'decided_by');
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: licenseRequests.id,
        companyId: licenseRequests.companyId,
        companyName: requester.name,
        productId: licenseRequests.productId,
        productName: products.name,
        versionType: licenseRequests.versionType,
        units: licenseRequests.units,
        note: licenseRequests.note,
        status: licenseRequests.status,
        createdAt: licenseRequests.createdAt,
        requestedByName: requestedBy.name,
        decidedAt: licenseRequests.decidedAt,
        decidedByName: decidedBy.name,
        rejectionReason: licenseRequests.rejectionReason,
        cursor: keys.cursor,
      })
      .from(licenseRequests)
      .innerJoin(requester, eq(requester.id, licenseRequests.companyId))
      .innerJoin(products, eq(products.id, licenseRequests.productId))
      .leftJoin(requestedBy, eq(requestedBy.id, licenseRequests.requestedBy))
      .leftJoin(decidedBy, eq(decidedBy.id, licenseRequests.decidedBy))
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(licenseRequests).where(and(...where)),
  ]);
  return { ...keys.page(rows, limit), total: total?.n ?? 0 };
}

function requestAudit(tx: Tx, actor: Actor, requester: Company, action: string, request: LicenseRequest, before: unknown, after: unknown) {
  return writeAudit(tx, actor, {
    company: requester,
    action,
    targetType: 'license-request',
    targetId: request.id,
    before,
    after,
  });
}

const poolUrl = (origin: string) => `${origin}/licenses/pool`;

/** What a decided license request says when it is decided again. */
const REQUEST_ALREADY = { approved: m.pool_request_already_approved, rejected: m.pool_request_already_rejected };

/**
 * A tier-2 asks its parent for units of a product. The parent's administrators and license
 * managers get a mail in the same transaction.
 */
export async function createLicenseRequest(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: z.input<typeof ZCreateLicenseRequestInput>,
  context: { origin: string },
) {
  const parsed = ZCreateLicenseRequestInput.parse(input);
  if (actor.tier !== 'msp' && actor.tier !== 'reseller') {
    throw new DomainError('FORBIDDEN', m.pool_only_tier2_request());
  }
  return db.transaction(async (tx) => {
    const [product] = await tx.select().from(products).where(eq(products.id, parsed.productId));
    if (!product) throw notFound(m.not_found_product());
    const [company] = await tx.select().from(companies).where(eq(companies.id, actor.company.id));
    if (!company?.parentId) throw notFound(m.not_found_your_parent_account());
    await assertWritable(tx, company);
    const [request] = await tx
      .insert(licenseRequests)
      .values({
        companyId: company.id,
        channelId: company.channelId,
        partnerId: company.partnerId,
        customerId: company.customerId,
        parentCompanyId: company.parentId,
        productId: product.id,
        versionType: parsed.versionType,
        units: parsed.units,
        note: parsed.note || null,
        requestedBy: actor.userId,
      })
      .returning();
    // The parent's deciders and their mails lie above the requester's row policies: this one
    // step crosses the tier boundary on purpose.
    const parentId = company.parentId;
    const deciders = await asConnectingRole(tx, async () => {
      const found = await tx
        .select({ id: users.id, email: users.email, name: users.name, language: users.language })
        .from(users)
        .where(and(eq(users.companyId, parentId), inArray(users.role, ['admin', 'license_manager']), eq(users.status, 'active')));
      for (const to of found) {
        await queueEmail(tx, jobs, {
          event: 'license-request-received',
          companyId: parentId,
          to: { email: to.email, name: to.name, userId: to.id },
          language: to.language,
          variables: (locale) => ({
            recipientName: to.name,
            partnerName: company.name,
            productName: product.name,
            versionType: VERSION_WORD[parsed.versionType]({}, { locale }),
            units: parsed.units,
            requestNote: parsed.note ?? '',
            requestsUrl: poolUrl(context.origin),
          }),
          createdBy: actor.userId,
        });
      }
      return found;
    });
    await requestAudit(tx, actor, company, 'license-pool.request', request!, null, {
      product: product.name,
      versionType: parsed.versionType,
      units: parsed.units,
      note: parsed.note ?? null,
    });
    return { id: request!.id, status: request!.status, notified: deciders.length };
  });
}

/** A pending request of one of the tier-1 actor's partners, locked for the decision. */
async function pendingRequest(tx: Tx, actor: Actor, id: string) {
  if (actor.tier !== 'tier1') throw new DomainError('FORBIDDEN', m.pool_only_parent_decides());
  const [row] = await tx
    .select({ request: licenseRequests, requester: companies, productName: products.name })
    .from(licenseRequests)
    .innerJoin(companies, eq(companies.id, licenseRequests.companyId))
    .innerJoin(products, eq(products.id, licenseRequests.productId))
    .where(and(eq(licenseRequests.id, id), scopeOf(actor, licenseRequests), eq(licenseRequests.parentCompanyId, actor.company.id)))
    .for('update', { of: licenseRequests });
  if (!row) throw notFound(m.not_found_license_request());
  if (row.request.status !== 'pending') {
    throw new DomainError('CONFLICT', REQUEST_ALREADY[row.request.status]());
  }
  return row;
}

async function mailDecision(
  tx: Tx,
  jobs: JobQueue,
  actor: Actor,
  row: { request: LicenseRequest; requester: Company; productName: string },
  decision: 'approved' | 'rejected',
  reason: string,
  context: { origin: string },
) {
  const [parent] = await tx.select({ name: companies.name }).from(companies).where(eq(companies.id, actor.company.id));
  const [requester] = row.request.requestedBy
    ? await tx
        .select({ id: users.id, email: users.email, name: users.name, language: users.language })
        .from(users)
        .where(and(eq(users.id, row.request.requestedBy), eq(users.status, 'active')))
    : [];
  const to = requester ?? (row.requester.contactEmail ? { id: null, email: row.requester.contactEmail, name: row.requester.contactName ?? row.requester.name, language: undefined } : null);
  if (!to) return null;
  return queueEmail(tx, jobs, {
    event: 'license-request-decided',
    companyId: row.requester.id,
    to: { email: to.email, name: to.name, userId: to.id },
    language: to.language,
    variables: (locale) => ({
      recipientName: to.name,
      partnerName: row.requester.name,
      parentName: parent?.name ?? '',
      productName: row.productName,
      versionType: VERSION_WORD[row.request.versionType]({}, { locale }),
      units: row.request.units,
      decision: DECISION_WORD[decision]({}, { locale }),
      rejectionReason: reason,
      poolUrl: poolUrl(context.origin),
    }),
    createdBy: actor.userId,
  });
}

/**
 * The parent approves: the units move from its pool to the requester's (refused with the pool's
 * own message, leaving the request pending, when its pool is short), and the requester is told.
 */
export async function approveLicenseRequest(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: z.input<typeof ZApproveLicenseRequestInput>,
  context: { origin: string },
) {
  const { id } = ZApproveLicenseRequestInput.parse(input);
  return db.transaction(async (tx) => {
    const row = await pendingRequest(tx, actor, id);
    await assertWritable(tx, row.requester);
    const { request } = row;
    await moveUnits(
      tx,
      jobs,
      { companyId: actor.company.id, productId: request.productId },
      { companyId: request.companyId },
      { kind: 'request-approved', versionType: request.versionType, units: request.units, requestId: request.id, actorUserId: actor.userId, note: request.note },
    );
    const [after] = await tx
      .update(licenseRequests)
      .set({ status: 'approved', decidedBy: actor.userId, decidedAt: new Date() })
      .where(eq(licenseRequests.id, id))
      .returning();
    await mailDecision(tx, jobs, actor, row, 'approved', '', context);
    await requestAudit(tx, actor, row.requester, 'license-pool.request.approve', after!, { status: 'pending' }, { status: 'approved', units: request.units });
    return { id, status: after!.status };
  });
}

/** The parent rejects with a reason the requester reads in the mail and on its License Pool page. */
export async function rejectLicenseRequest(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: z.input<typeof ZRejectLicenseRequestInput>,
  context: { origin: string },
) {
  const { id, reason } = ZRejectLicenseRequestInput.parse(input);
  return db.transaction(async (tx) => {
    const row = await pendingRequest(tx, actor, id);
    const [after] = await tx
      .update(licenseRequests)
      .set({ status: 'rejected', decidedBy: actor.userId, decidedAt: new Date(), rejectionReason: reason })
      .where(eq(licenseRequests.id, id))
      .returning();
    await mailDecision(tx, jobs, actor, row, 'rejected', reason, context);
    await requestAudit(tx, actor, row.requester, 'license-pool.request.reject', after!, { status: 'pending' }, { status: 'rejected', reason });
    return { id, status: after!.status };
  });
}
