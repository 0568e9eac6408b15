import { and, asc, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { licensePools, licenses, licensesDailySteps, type Db, type License, type LicensesDailyStep, type Tx } from '@keyway/db';
import { DomainError } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { returnUnitsBatch } from '../license-pool/index.ts';
import { expireRegistrationKeys } from '../registration-keys/index.ts';
import { changeLicenses, type LicenseChange } from './change.ts';
import { addDays, addMonths } from '../dates.ts';
import { scheduleExpiryNotices } from './notices.ts';
import { snapshotLicenseStatus } from './status-daily.ts';
import { snapshotLicenseUnits } from './units-daily.ts';
import { m } from '../i18n.ts';

/** Days a full license keeps working after its expiry date before it expires for good. */
export const GRACE_DAYS = 30;

/** Licenses one transaction of the daily run handles: a failure loses at most one chunk's work. */
export const DAILY_CHUNK = 1000;

export interface LicensesDailyResult {
  day: string;
  /** Auto-renew licenses renewed for another period. */
  renewed: number;
  /** Auto-renew licenses not renewed because the managing company's licenses of the product are disabled. */
  renewalsRefused: number;
  /** Full licenses past their expiry date that entered their grace period. */
  toGrace: number;
  /** Trial licenses past expiry, and licenses past their grace period, now expired. */
  expired: number;
  /** Ended licenses whose units went back to the managing company's pool. */
  unitsReturned: number;
  /** Available registration keys whose batch's last valid day is before the day, now expired. */
  keysExpired: number;
  /** Customer × product × unit type totals written to the day's license units (usage reports). */
  unitsSnapshot: number;
  /** Tier-1 × tier-2 rows written to the day's license status counts (the dashboard's history). */
  statusSnapshot: number;
}

export interface LicensesDailyOptions {
  chunk?: number;
  /** The moment expiry mails are scheduled against; now when absent. */
  now?: Date;
  /** The console's origin, for the links in the mails the run schedules. */
  origin?: string;
}

/**
 * The `licenses.daily` run for `day` (YYYY-MM-DD), in chunks of its own transactions, each taking
 * its licenses `for update skip locked` so that a license being edited meanwhile is left to the
 * edit (the edit reschedules what it changes; the next day's run sees it again):
 *
 * 1. licenses whose grace ended before `day` expire and give their units back;
 * 2. licenses that ended otherwise (discontinued, expired with a disabled customer) and still hold
 *    units give them back, once;
 * 3. auto-renew full licenses whose expiry date is `day` or earlier are renewed: the license keeps
 *    the units it holds (they left the pool when it was assigned and come back only when it
 *    ends), expiry moves on by whole renewal periods until it is after `day`, the charge start
 *    moves to the start of the new period, a `license-change` transaction is written and the
 *    expiry mail rescheduled. A renewal is refused when the parent disabled the managing
 *    company's licenses of the product ("disable licenses"): the license goes on to grace;
 * 4. active full licenses whose expiry date is before `day` enter grace until expiry + 30 days
 *    (or expire, when that is already past: a run that missed days); active trial licenses past
 *    expiry expire at once; what expires gives its units back.
 *
 * 5. available registration keys of batches whose last valid day is before `day` expire;
 * 6. the day's counts of licenses per status are written down (`snapshotLicenseStatus`).
 *
 * Before all of it, the units every customer holds in live full licenses are written down for
 * `day` (`snapshotLicenseUnits`): what the usage report of the cycle counts as provisioned, taken
 * before the day's expiries so a license ending today still counts today.
 *
 * Each chunk writes set-based, whatever its size: one UPDATE of its licenses per kind of change,
 * one UPDATE per pool its ended licenses give units back to and one multi-row insert of their
 * ledger rows (still one per license), one UPDATE and one multi-row insert of the Customer
 * Transactions rows for its renewals.
 *
 * A second run for the day finds nothing to do: the renewals the first refused it refuses again,
 * every other step selects only licenses the first run's work moved out of its condition, and the
 * two snapshots, which read every license, are taken once a day (`licenses_daily_steps`): after
 * them the `licenses` trigger keeps the day's units, and the status counts stay those the day's
 * run left.
 */
export async function runLicensesDaily(
  db: Db,
  jobs: JobQueue,
  day: string,
  options: LicensesDailyOptions = {},
): Promise<LicensesDailyResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new DomainError('BAD_REQUEST', m.usage_not_a_day({ day }));
  }
  const chunk = options.chunk ?? DAILY_CHUNK;
  const result: LicensesDailyResult = { day, renewed: 0, renewalsRefused: 0, toGrace: 0, expired: 0, unitsReturned: 0, keysExpired: 0, unitsSnapshot: 0, statusSnapshot: 0 };

  result.unitsSnapshot = await onceADay(db, day, 'units-snapshot', (tx) => snapshotLicenseUnits(tx, day));

  // 1. Grace over → expired (and units back). Grace licenses all sit below `day` in the expiry index.
  for (;;) {
    const moved = await db.transaction(async (tx) => {
      const rows = await lockLicenses(
        tx,
        sql`status = 'grace' and expires_on < ${day}::date and grace_ends_on < ${day}::date`,
        [],
        chunk,
      );
      await end(tx, rows);
      result.expired += rows.length;
      result.unitsReturned += rows.length;
      return rows.length;
    });
    if (moved === 0) break;
  }

  // 2. Licenses that ended elsewhere (discontinued, expired by a disabled customer) and still hold units.
  for (;;) {
    const moved = await db.transaction(async (tx) => {
      const rows = await lockLicenses(
        tx,
        sql`status in ('expired', 'discontinued') and units_returned_at is null`,
        [],
        chunk,
      );
      await giveBack(tx, rows);
      result.unitsReturned += rows.length;
      return rows.length;
    });
    if (moved === 0) break;
  }

  // 3. Renewals. Walks the live-by-expiry index in (expiry, id) order: a refused renewal stays
  // behind the cursor instead of being taken again.
  const renewals = async () => {
    let renewed = 0;
    let refused = 0;
    let after: { expiresOn: string; id: string } | null = null;
    for (;;) {
      const batch: { renewed: number; refused: number; last: { expiresOn: string; id: string } | null } = await db.transaction(
        async (tx) => {
          const rows = await lockLicenses(
            tx,
            sql`status = 'active' and auto_renew and version_type = 'full' and expires_on <= ${day}::date
              ${after ? sql`and (expires_on, id) > (${after.expiresOn}::date, ${after.id}::uuid)` : sql``}`,
            [asc(licenses.expiresOn), asc(licenses.id)],
            chunk,
          );
          const renewedRows = await renew(tx, rows, day);
          const refusals = rows.length - renewedRows.length;
          // The chunk's expiry mails in a few statements, not a few per license.
          await scheduleExpiryNotices(tx, jobs, renewedRows, { now: options.now, origin: options.origin });
          const done = renewedRows.length;
          const lastRow = rows.at(-1);
          return { renewed: done, refused: refusals, last: lastRow ? { expiresOn: lastRow.expiresOn, id: lastRow.id } : null };
        },
      );
      renewed += batch.renewed;
      refused += batch.refused;
      if (!batch.last) break;
      after = batch.last;
    }
    return { renewed, refused };
  };
  const renewal = await renewals();
  result.renewed = renewal.renewed;
  result.renewalsRefused = renewal.refused;

  // 4. Past expiry (and not renewed): full → grace, trial → expired (and its units back).
  for (;;) {
    const moved = await db.transaction(async (tx) => {
      const rows = await lockLicenses(tx, sql`status = 'active' and expires_on < ${day}::date`, [], chunk);
      // A full license whose grace would already be over (the run missed days) expires at once.
      const graceOver = (license: License) => addDays(license.expiresOn, GRACE_DAYS) < day;
      const full = rows.filter((license) => license.versionType === 'full' && !graceOver(license));
      if (full.length > 0) {
        // One statement for the chunk: grace changes nothing else.
        await tx.execute(sql`
          update licenses set status = 'grace', grace_ends_on = expires_on + ${GRACE_DAYS}::int, updated_at = now()
          where id in (${idList(full)})`);
        result.toGrace += full.length;
      }
      const ended = rows.filter((license) => !(license.versionType === 'full' && !graceOver(license)));
      await end(tx, ended);
      result.expired += ended.length;
      result.unitsReturned += ended.length;
      return rows.length;
    });
    if (moved === 0) break;
  }

  // 5. Registration keys not registered by their batch's last valid day expire.
  result.keysExpired = await expireRegistrationKeys(db, day, options.chunk);

  // 6. The day's license status counts, after the day's changes: what the dashboard charts.
  result.statusSnapshot = await onceADay(db, day, 'status-snapshot', (tx) => snapshotLicenseStatus(tx, day));

  return result;
}

/**
 * Runs a whole-table step of the day's run unless a run of the same day already did it, recording
 * it as done in the transaction of its write; a run going on meanwhile waits for that commit and
 * then skips it. Answers the rows the step wrote (0 when skipped).
 */
async function onceADay(db: Db, day: string, step: LicensesDailyStep, write: (tx: Tx) => Promise<number>): Promise<number> {
  return db.transaction(async (tx) => {
    const marked = await tx.insert(licensesDailySteps).values({ day, step }).onConflictDoNothing().returning({ step: licensesDailySteps.step });
    return marked.length === 0 ? 0 : write(tx);
  });
}

/** Up to `limit` licenses matching `where`, locked for this transaction; rows others hold are skipped. */
async function lockLicenses(tx: Tx, where: SQL, orderBy: SQL[], limit: number): Promise<License[]> {
  return tx
    .select()
    .from(licenses)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .for('update', { skipLocked: true });
}

/**
 * Renews the chunk's licenses, each for as many periods as bring its expiry after `day`, in one
 * `changeLicenses`; a license whose managing company's licenses of the product are disabled is
 * left as it is. Answers the renewed licenses as they are now.
 */
async function renew(tx: Tx, due: License[], day: string): Promise<License[]> {
  if (due.length === 0) return [];
  const pool = (license: { managingCompanyId: string; productId: string }) => `${license.managingCompanyId}/${license.productId}`;
  const disabled = new Set(
    (
      await tx
        .select({ managingCompanyId: licensePools.companyId, productId: licensePools.productId })
        .from(licensePools)
        .where(and(inArray(licensePools.companyId, [...new Set(due.map((license) => license.managingCompanyId))]), isNotNull(licensePools.disabledAt)))
    ).map(pool),
  );
  const changes: LicenseChange[] = [];
  for (const license of due) {
    if (disabled.has(pool(license))) continue;
    let periods = 1;
    while (addMonths(license.expiresOn, license.renewalPeriodMonths * periods) <= day) periods++;
    const expiresOn = addMonths(license.expiresOn, license.renewalPeriodMonths * periods);
    changes.push({
      before: license,
      changes: { expiresOn, chargeStartsOn: addDays(addMonths(license.expiresOn, license.renewalPeriodMonths * (periods - 1)), 1) },
      event: { type: 'license-change', actor: null, note: `Renewed automatically until ${expiresOn}` },
    });
  }
  return changeLicenses(tx, changes);
}

/** Expires licenses and gives their units back: one UPDATE of the licenses, then `giveBack`. */
async function end(tx: Tx, ended: License[]) {
  if (ended.length === 0) return;
  await tx.execute(sql`update licenses set status = 'expired', grace_ends_on = null, updated_at = now() where id in (${idList(ended)})`);
  await giveBack(tx, ended);
}

/**
 * Gives back the units of the licenses still holding theirs: one `returnUnitsBatch` (an UPDATE per
 * pool, a ledger row per license) and one UPDATE marking them returned.
 */
async function giveBack(tx: Tx, ended: License[]) {
  const holding = ended.filter((license) => !license.unitsReturnedAt);
  if (holding.length === 0) return;
  await returnUnitsBatch(
    tx,
    holding.map((license) => ({
      pool: { companyId: license.managingCompanyId, productId: license.productId },
      movement: {
        kind: 'license',
        versionType: license.versionType,
        units: license.units,
        counterpartCompanyId: license.companyId,
        licenseId: license.id,
        actorUserId: null,
        note: license.status === 'discontinued' ? 'License discontinued' : 'License expired',
      },
    })),
  );
  await tx.execute(sql`update licenses set units_returned_at = now() where id in (${idList(holding)})`);
}

const idList = (rows: License[]): SQL =>
  sql.join(
    rows.map((license) => sql`${license.id}::uuid`),
    sql`, `,
  );
