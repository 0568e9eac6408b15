import { and, eq, inArray, sql } from 'drizzle-orm';
import { emailMessages, type Db, type License, type LicenseStatus, type Tx } from '@keyway/db';
import type { JobQueue } from '../jobs/index.ts';
import { queueEmails, type QueueEmailInput } from '../email-notifications/index.ts';
import { longDate } from '../dates.ts';
import { pgArray } from '../sql.ts';

/**
 * "License expiring" mails. A license has at most one scheduled: assigning, changing, renewing,
 * converting or discontinuing it cancels the one it had and schedules the one that fits its new
 * expiry. Mail rows have no license column, so the license's id travels in the mail's
 * `variables` (`licenseId`), where cancelling finds it again.
 */

const EVENT = 'license-expiring' as const;

/** Statuses whose license runs towards an expiry date a customer should hear about. */
const NOTIFIED: readonly LicenseStatus[] = ['active'];

export interface ExpiryNoticeOptions {
  /** The moment that counts as now; a notice due before it is not scheduled. */
  now?: Date;
  /** The console's origin, for the mail's link to the portal; the link is relative without it. */
  origin?: string;
}

/** Cancels the license's "license expiring" mails that have not gone out yet. Returns how many. */
export async function cancelExpiryNotices(tx: Tx, licenseId: string): Promise<number> {
  return cancelExpiryNoticesOf(tx, [licenseId]);
}

/** `cancelExpiryNotices` for many licenses in one statement. */
export async function cancelExpiryNoticesOf(tx: Tx, licenseIds: readonly string[]): Promise<number> {
  if (licenseIds.length === 0) return 0;
  const ids = pgArray(licenseIds);
  const canceled = await tx
    .update(emailMessages)
    .set({ status: 'canceled', updatedAt: new Date() })
    .where(
      and(
        eq(emailMessages.event, EVENT),
        eq(emailMessages.status, 'scheduled'),
        // The customers' mails first (an index), then the licenses among them.
        sql`${emailMessages.companyId} in (select company_id from licenses where id = any(${ids}::uuid[]))`,
        sql`${emailMessages.variables} ->> 'licenseId' = any(${ids}::text[])`,
      ),
    )
    .returning({ id: emailMessages.id });
  return canceled.length;
}

/**
 * Replaces the license's scheduled "license expiring" mail: cancels the one it had, then, when the
 * license is active, schedules one for `expirationNoticeDays` before its expiry at 09:00 in the
 * customer's time zone, to the customer's contact person (or its first Administrator when it has
 * no contact email). Nothing is scheduled when that moment has passed, when the customer has
 * nobody to write to, or when the company disabled the template.
 */
export async function scheduleExpiryNotice(
  tx: Tx,
  jobs: JobQueue,
  license: License,
  options: ExpiryNoticeOptions = {},
): Promise<void> {
  await scheduleExpiryNotices(tx, jobs, [license], options);
}

/**
 * `scheduleExpiryNotice` for many licenses (a chunk of the daily run's renewals): one statement
 * cancels their mails, one reads what the new ones need, and `queueEmails` writes them.
 */
export async function scheduleExpiryNotices(
  tx: Tx,
  jobs: JobQueue,
  licenses: readonly License[],
  options: ExpiryNoticeOptions = {},
): Promise<void> {
  await cancelExpiryNoticesOf(tx, licenses.map((license) => license.id));
  const notified = licenses.filter((license) => NOTIFIED.includes(license.status));
  if (notified.length === 0) return;

  const rows = await tx.execute<{
    licenseId: string;
    customerName: string;
    contactName: string | null;
    contactEmail: string | null;
    language: string;
    productName: string;
    planName: string;
    dueAt: string | Date;
    adminId: string | null;
    adminEmail: string | null;
    adminName: string | null;
    adminLanguage: string | null;
  }>(sql`
    select l.id as "licenseId", c.name as "customerName", c.contact_name as "contactName", c.contact_email as "contactEmail",
      c.language, p.name as "productName", sp.name as "planName",
      -- The customer's 09:00 on the notice day, as an instant.
      ((l.expires_on - l.notice_days) + time '09:00') at time zone c.time_zone as "dueAt",
      a.id as "adminId", a.email as "adminEmail", a.name as "adminName", a.language as "adminLanguage"
    from jsonb_to_recordset(${JSON.stringify(
      notified.map((license) => ({
        id: license.id,
        company_id: license.companyId,
        product_id: license.productId,
        plan_id: license.planId,
        expires_on: license.expiresOn,
        notice_days: license.expirationNoticeDays,
      })),
    )}::jsonb) as l(id uuid, company_id uuid, product_id uuid, plan_id uuid, expires_on date, notice_days int)
    join companies c on c.id = l.company_id
    join products p on p.id = l.product_id
    join service_plans sp on sp.id = l.plan_id
    -- Without a contact email, the customer's first active Administrator.
    left join lateral (
      select u.id, u.email, u.name, u.language from users u
      where u.company_id = c.id and u.role = 'admin' and u.status = 'active'
      order by u.created_at limit 1
    ) a on coalesce(c.contact_email, '') = ''
  `);
  const byId = new Map(notified.map((license) => [license.id, license]));
  const now = (options.now ?? new Date()).getTime();
  const origin = (options.origin ?? '').replace(/\/$/, '');
  const mails: QueueEmailInput<typeof EVENT>[] = [];
  for (const row of rows) {
    const license = byId.get(row.licenseId)!;
    const dueAt = new Date(row.dueAt);
    if (dueAt.getTime() <= now) continue;
    const to = row.contactEmail
      ? { email: row.contactEmail, name: row.contactName, userId: null, language: row.language }
      : row.adminEmail
        ? { email: row.adminEmail, name: row.adminName, userId: row.adminId, language: row.adminLanguage ?? row.language }
        : null;
    if (!to) continue;
    // The license's id rides along in the variables, where cancelling finds it again.
    const variables = {
      recipientName: to.name ?? row.customerName,
      customerName: row.customerName,
      productName: row.productName,
      planName: row.planName,
      units: String(license.units),
      unitType: license.unitType,
      expiryDate: longDate(license.expiresOn, to.language),
      daysLeft: String(license.expirationNoticeDays),
      portalUrl: `${origin}/portal/products`,
      licenseId: license.id,
    };
    mails.push({
      event: EVENT,
      companyId: license.companyId,
      to: { email: to.email, name: to.name, userId: to.userId },
      language: to.language,
      variables,
      scheduledFor: dueAt,
      createdBy: null,
    });
  }
  await queueEmails(tx, jobs, mails);
}

/** The scheduled "license expiring" mails of some licenses: license id → when it is due. */
export async function scheduledExpiryNotices(tx: Db | Tx, licenseIds: string[]): Promise<Map<string, Date>> {
  if (licenseIds.length === 0) return new Map();
  const rows = await tx
    .select({ licenseId: sql<string>`${emailMessages.variables} ->> 'licenseId'`, scheduledFor: emailMessages.scheduledFor })
    .from(emailMessages)
    .where(
      and(
        eq(emailMessages.event, EVENT),
        eq(emailMessages.status, 'scheduled'),
        inArray(sql`${emailMessages.variables} ->> 'licenseId'`, licenseIds),
      ),
    );
  return new Map(rows.map((r) => [r.licenseId, r.scheduledFor]));
}
