import { and, asc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import { licenses, type License, type Tx } from '@keyway/db';
import { DomainError } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { drawUnits } from '../license-pool/index.ts';
import { changeLicense, changeLicenses, type LicenseChanges } from './change.ts';
import { earlierOf, today } from '../dates.ts';
import { cancelExpiryNoticesOf, scheduleExpiryNotice } from './notices.ts';

/** Statuses of a license still in force, or about to be. */
const LIVE: License['status'][] = ['pending', 'active', 'grace', 'suspended'];

type HookActor = { userId: string; companyId: string } | null;

/**
 * Disabling a customer expires its live licenses at once. Each remembers its expiry date and
 * status so that enabling the customer again restores them; the units stay with the license
 * (a restored license must not find its pool emptied meanwhile).
 */
export async function expireLicensesOfDisabledCustomer(tx: Tx, customerId: string, actor: HookActor): Promise<number> {
  return expireLiveLicenses(tx, eq(licenses.companyId, customerId), today(), actor, 'Customer disabled', (before) => ({
    statusBeforeDisable: before.status,
    expiresOnBeforeDisable: before.expiresOn,
  }));
}

/**
 * Enabling a customer restores what disabling it expired: the original expiry date and status.
 * A license whose original end has passed meanwhile comes back expired, not active.
 */
export async function restoreLicensesOfEnabledCustomer(tx: Tx, jobs: JobQueue, customerId: string, actor: HookActor): Promise<number> {
  const held = await tx
    .select()
    .from(licenses)
    .where(and(eq(licenses.companyId, customerId), isNotNull(licenses.statusBeforeDisable)))
    .for('update');
  const day = today();
  for (const before of held) {
    const expiresOn = before.expiresOnBeforeDisable ?? before.expiresOn;
    const previous = before.statusBeforeDisable!;
    let ended = previous === 'grace' ? (before.graceEndsOn ?? expiresOn) < day : expiresOn < day;
    let note = `Customer enabled: expiry date ${expiresOn} restored`;
    // While it was expired the daily run may have returned its units: a license coming back to
    // life takes them again, and stays expired when its pool no longer has them.
    const redraw = !ended && before.unitsReturnedAt !== null;
    if (redraw) {
      try {
        await drawUnits(
          tx,
          jobs,
          { companyId: before.managingCompanyId, productId: before.productId },
          { kind: 'license', versionType: before.versionType, units: before.units, counterpartCompanyId: customerId, licenseId: before.id, actorUserId: actor?.userId ?? null, note: 'Customer enabled' },
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        ended = true;
        note = `Customer enabled: the license stays expired (${error.message})`;
      }
    }
    const after = await changeLicense(
      tx,
      before,
      {
        status: ended ? 'expired' : previous,
        expiresOn,
        statusBeforeDisable: null,
        expiresOnBeforeDisable: null,
        ...(redraw && !ended ? { unitsReturnedAt: null } : {}),
      },
      { type: 'license-change', actor, note },
    );
    await scheduleExpiryNotice(tx, jobs, after);
  }
  return held.length;
}

/**
 * Canceling a partner expires the licenses it manages directly on the cancellation day (those
 * ending earlier keep their date). Licenses of its customers managed by the tier-1 are untouched.
 */
export async function expireLicensesOfCanceledPartner(tx: Tx, partnerId: string, canceledAt: Date, actor: HookActor): Promise<number> {
  return expireLiveLicenses(tx, eq(licenses.managingCompanyId, partnerId), today(canceledAt), actor, 'Partner canceled', () => ({
    autoRenew: false,
  }));
}

/** A customer's first sign-in activates the licenses waiting for it. */
export async function activatePendingLicenses(tx: Tx, customerId: string): Promise<number> {
  const activated = await tx
    .update(licenses)
    .set({ status: 'active', updatedAt: new Date() })
    .where(and(eq(licenses.companyId, customerId), eq(licenses.status, 'pending')))
    .returning({ id: licenses.id });
  return activated.length;
}

/**
 * Expires the live licenses `where` selects on `day` (those ending earlier keep their date), each
 * with the columns `also` adds, a Customer Transactions row noted `<reason>: expired on …` and its
 * expiry notices canceled. Set-based, however many the customer or partner has: one
 * `changeLicenses` (an UPDATE per set of columns, one insert of the transactions) and one UPDATE
 * of the notices. Answers how many it expired.
 */
async function expireLiveLicenses(
  tx: Tx,
  where: SQL,
  day: string,
  actor: HookActor,
  reason: string,
  also: (before: License) => LicenseChanges,
): Promise<number> {
  const live = await tx
    .select()
    .from(licenses)
    .where(and(where, inArray(licenses.status, LIVE)))
    .orderBy(asc(licenses.id))
    .for('update');
  await changeLicenses(
    tx,
    live.map((before) => {
      const expiresOn = earlierOf(before.expiresOn, day);
      return {
        before,
        changes: { status: 'expired', expiresOn, ...also(before) },
        event: { type: 'license-change', actor, note: `${reason}: expired on ${expiresOn} (was ${before.expiresOn})` },
      };
    }),
  );
  await cancelExpiryNoticesOf(tx, live.map((license) => license.id));
  return live.length;
}
