import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { companies, licenses, type Company, type License, type Tx } from '@keyway/db';
import type { JobQueue } from '../jobs/index.ts';
import { drawUnits, returnUnits } from '../license-pool/index.ts';
import { addDays, addMonths, today } from '../dates.ts';
import { backfillLicenseStatus, recordTransaction, snapshotLicenseStatus } from '../licenses/index.ts';
import { demoPlan } from './service-plans.ts';

interface DemoLicense {
  /** The customer's account name. */
  customer: string;
  /** The account name of the company whose plan and pool it comes from. */
  manager: string;
  plan: string;
  units: number;
  /** Days before today the license started. */
  startedDaysAgo: number;
  status?: License['status'];
}

/**
 * A few licenses in every state the Licenses tab shows: active, trial, expiring soon (inside its
 * notice window), expired (units back in the pool) and pending the first sign-in.
 */
const LICENSES: DemoLicense[] = [
  { customer: 'golden-gate-arch', manager: 'bluefin-it', plan: 'Endpoint Protection Annual', units: 40, startedDaysAgo: 60 },
  { customer: 'sequoia-law', manager: 'bluefin-it', plan: 'Endpoint Protection Annual', units: 15, startedDaysAgo: 350 },
  { customer: 'sequoia-law', manager: 'bluefin-it', plan: 'Web Gateway Trial', units: 5, startedDaysAgo: 5 },
  { customer: 'redwood-bakery', manager: 'bluefin-it', plan: 'Endpoint Protection Annual', units: 12, startedDaysAgo: 420, status: 'expired' },
  { customer: 'mission-clinic', manager: 'bluefin-it', plan: 'Endpoint Protection 3 Years', units: 5, startedDaysAgo: 0, status: 'pending' },
  { customer: 'pinecrest-medical', manager: 'northwind-distribution', plan: 'Endpoint Protection Annual', units: 120, startedDaysAgo: 200 },
  { customer: 'lakeside-credit', manager: 'northwind-distribution', plan: 'Server Security Annual', units: 4, startedDaysAgo: 30 },
  { customer: 'globex', manager: 'summit-msp', plan: 'Email Security Annual', units: 30, startedDaysAgo: 345 },
  { customer: 'danube-pharma', manager: 'summit-msp', plan: 'Email Security Trial', units: 5, startedDaysAgo: 10 },
  { customer: 'alpenblick-hotels', manager: 'contoso-networks', plan: 'Endpoint Protection Annual', units: 60, startedDaysAgo: 340 },
];

/** The draws are small against pools far above their refill thresholds: no job can be due. */
const noJobs: JobQueue = {
  send: () => Promise.reject(new Error('The demo licenses queue no jobs.')),
  sendMany: () => Promise.reject(new Error('The demo licenses queue no jobs.')),
  stop: () => Promise.resolve(),
};

/**
 * Demo customer licenses drawn from the demo pools on the demo plans, each with its new-purchase
 * transaction (and the expired one with its units back). Idempotent: a customer that has a
 * license of the plan already keeps it as it is. Runs after the pools and plans are seeded.
 */
export async function seedLicenses(tx: Tx): Promise<void> {
  const day = today();
  for (const spec of LICENSES) {
    const customer = await byAccount(tx, spec.customer, 'customer');
    const manager = await byAccount(tx, spec.manager);
    if (!customer || !manager) continue;
    const plan = await demoPlan(tx, manager.id, spec.plan);
    if (!plan) continue;
    const [same] = await tx
      .select({ id: licenses.id })
      .from(licenses)
      .where(and(eq(licenses.companyId, customer.id), eq(licenses.planId, plan.id)))
      .limit(1);
    if (same) continue;

    const id = randomUUID();
    const pool = { companyId: manager.id, productId: plan.productId };
    const movement = { kind: 'license' as const, versionType: plan.versionType, units: spec.units, counterpartCompanyId: customer.id, licenseId: id, actorUserId: null };
    await drawUnits(tx, noJobs, pool, movement);
    const startsOn = addDays(day, -spec.startedDaysAgo);
    const expiresOn = addMonths(startsOn, plan.initialPeriodMonths);
    const status = spec.status ?? (expiresOn < day ? 'expired' : 'active');
    const [license] = await tx
      .insert(licenses)
      .values({
        id,
        companyId: customer.id,
        channelId: customer.channelId,
        partnerId: customer.partnerId,
        customerId: customer.customerId,
        managingCompanyId: manager.id,
        planId: plan.id,
        productId: plan.productId,
        versionType: plan.versionType,
        unitType: plan.unitType,
        units: spec.units,
        status,
        startsOn,
        expiresOn,
        autoRenew: status === 'expired' ? false : plan.autoRenew,
        renewalPeriodMonths: plan.renewalPeriodMonths,
        expirationNoticeDays: plan.expirationNoticeDays,
        chargeStartsOn: startsOn,
        dataCenterId: plan.dataCenterId,
        unitsReturnedAt: status === 'expired' ? new Date() : null,
      })
      .returning();
    await recordTransaction(tx, license!, { type: 'new-purchase', previousUnits: 0, previousChargeStartsOn: null, actor: null, note: 'Demo data' });
    if (status === 'expired') await returnUnits(tx, pool, { ...movement, note: 'Expired' });
  }
}

/** Days of license status history the demo starts with: the dashboard chart's 13 weeks. */
const HISTORY_DAYS = 91;

/**
 * The dashboard's license status history for the demo licenses: the last 13 weeks rebuilt from
 * their dates (as a deployment without snapshots would backfill them), then today's counts from
 * their statuses, as `licenses.daily` writes them.
 */
export async function seedLicenseStatusHistory(tx: Tx): Promise<void> {
  const day = today();
  await backfillLicenseStatus(tx, addDays(day, -HISTORY_DAYS), addDays(day, -1));
  await snapshotLicenseStatus(tx, day);
}

async function byAccount(tx: Tx, accountName: string, kind?: Company['kind']): Promise<Company | null> {
  const [row] = await tx
    .select()
    .from(companies)
    .where(and(eq(companies.accountName, accountName), kind ? eq(companies.kind, kind) : undefined));
  return row ?? null;
}
