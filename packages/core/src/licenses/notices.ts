import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { companies, emailMessages, products, servicePlans, users, type Db, type License, type LicenseStatus, type Tx } from '@keyway/db';
import type { JobQueue } from '../jobs/index.ts';
import { queueEmail } from '../email-notifications/index.ts';
import { longDate } from '../dates.ts';

/**
 * "License expiring" mails. A license has at most one scheduled: assigning, changing, renewing,
 * converting or discontinuing it cancels the one it had and schedules the one that fits its new
 * expiry. Mail rows have no license column, so the license's id travels in the mail's
 * `variables` (`licenseId`), where cancelling finds it again.
 */

const EVENT = 'license-expiring';

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
  const canceled = await tx
    .update(emailMessages)
    .set({ status: 'canceled', updatedAt: new Date() })
    .where(
      and(
        eq(emailMessages.event, EVENT),
        eq(emailMessages.status, 'scheduled'),
        // The customer's mails first (an index), then the one license among them.
        sql`${emailMessages.companyId} = (select company_id from licenses where id = ${licenseId})`,
        sql`${emailMessages.variables} ->> 'licenseId' = ${licenseId}`,
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
  await cancelExpiryNotices(tx, license.id);
  if (!NOTIFIED.includes(license.status)) return;

  const [row] = await tx
    .select({
      customerId: companies.id,
      customerName: companies.name,
      contactName: companies.contactName,
      contactEmail: companies.contactEmail,
      language: companies.language,
      productName: products.name,
      planName: servicePlans.name,
      // The customer's 09:00 on the notice day, as an instant.
      dueAt: sql<Date>`((${license.expiresOn}::date - ${license.expirationNoticeDays}::int) + time '09:00') at time zone ${companies.timeZone}`.mapWith(
        (value: string | Date) => new Date(value),
      ),
    })
    .from(companies)
    .innerJoin(products, eq(products.id, license.productId))
    .innerJoin(servicePlans, eq(servicePlans.id, license.planId))
    .where(eq(companies.id, license.companyId));
  if (!row) return;
  const now = options.now ?? new Date();
  if (row.dueAt.getTime() <= now.getTime()) return;
  const to = row.contactEmail
    ? { email: row.contactEmail, name: row.contactName, userId: null, language: row.language }
    : await firstAdministrator(tx, row.customerId);
  if (!to) return;

  const origin = (options.origin ?? '').replace(/\/$/, '');
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
  await queueEmail(tx, jobs, {
    event: EVENT,
    companyId: license.companyId,
    to: { email: to.email, name: to.name, userId: to.userId },
    language: to.language,
    variables,
    scheduledFor: row.dueAt,
    createdBy: null,
  });
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

async function firstAdministrator(tx: Tx, customerId: string) {
  const [admin] = await tx
    .select({ email: users.email, name: users.name, userId: users.id, language: users.language })
    .from(users)
    .where(and(eq(users.companyId, customerId), eq(users.role, 'admin'), eq(users.status, 'active')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return admin ?? null;
}
