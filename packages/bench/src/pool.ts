import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { JobQueue } from '@keyway/core/jobs';
import { addUnits, moveUnits, poolOf } from '@keyway/core/license-pool';
import { seedDemoData } from '@keyway/core/seed';
import { stampsFor } from '@keyway/core/tenancy';
import { closeDb, companies, createDb, licensePoolMovements, licensePools, migrateDb, products, type Db } from '@keyway/db';
import { withDatabase } from '@keyway/db/testing';
import { dropDatabase, recreateDatabase, type BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage, ms, percentile, ratio, timed } from './stats.ts';

/** A fresh database for every run; dropped at the end. */
export const POOL_DATABASE = 'keyway_bench_pool';

export interface PoolBenchOptions {
  /** Timed assignments per strategy. */
  assignments: number;
  /** Clients assigning at the same time, each on its own connection and transaction per assignment. */
  clients: number;
  /** Partners the assignments go to, in turn (the demo's two, plus MSPs made for the run). */
  partners: number;
}

/** The auto-refill threshold stays 0 here, so a draw never queues a job. */
const noJobs: JobQueue = {
  send: () => Promise.reject(new Error('The pool benchmark queues no jobs.')),
  sendMany: () => Promise.reject(new Error('The pool benchmark queues no jobs.')),
  stop: () => Promise.resolve(),
};

interface Setup {
  tier1: { id: string; channelId: string | null; partnerId: string | null; customerId: string | null };
  partners: { id: string; channelId: string | null; partnerId: string | null; customerId: string | null }[];
  productId: string;
  tier1PoolId: string;
  partnerPoolIds: string[];
}

interface Run {
  label: string;
  seconds: number;
  latencies: number[];
}

/**
 * `npm run bench -- --only pool`: assignments from one tier-1's pool to its partners by
 * `clients` concurrent clients, every one drawing from the same pool row (the worst case: a whole
 * channel assigning at once). Each assignment is `moveUnits` in its own transaction: the
 * conditional UPDATE of the tier-1's pool (which holds that row's lock until commit), the UPDATE of
 * the partner's pool and their two ledger rows. The baseline, measured in the same run on the same
 * database, inserts the same two ledger rows per transaction with no pool update and no lock.
 */
export async function runPoolBenchmark(server: BenchServer, options: PoolBenchOptions): Promise<void> {
  const url = withDatabase(server.adminUrl, POOL_DATABASE);
  console.log(`\nLicense pool assignment benchmark — ${new Date().toISOString().slice(0, 10)}`);
  await recreateDatabase(server.adminUrl, POOL_DATABASE);
  const db = createDb(url, { max: options.clients + 2 });
  try {
    await migrateDb(db);
    await seedDemoData(db);
    const setup = await prepare(db, options.assignments * 2 + 10_000, options.partners);
    console.log(
      `  fresh database ${POOL_DATABASE} on ${server.description.replace(/^database \S+ on /, '')}; ${options.clients} clients, ` +
        `${fmt(options.assignments)} assignments a strategy to ${setup.partners.length} partners in turn; ${availableParallelism()} CPUs, load ${loadAverage()}`,
    );

    const draw = (i: number) =>
      db.transaction((tx) =>
        moveUnits(
          tx,
          noJobs,
          { companyId: setup.tier1.id, productId: setup.productId },
          { companyId: setup.partners[i % setup.partners.length]!.id },
          { kind: 'partner-assignment', versionType: 'full', units: 1, actorUserId: null },
        ),
      );
    const insertOnly = (i: number) =>
      db.transaction(async (tx) => {
        const partner = setup.partners[i % setup.partners.length]!;
        await tx.insert(licensePoolMovements).values([
          movement(setup.tier1PoolId, setup.tier1, setup.productId, -1, partner.id),
          movement(setup.partnerPoolIds[i % setup.partners.length]!, partner, setup.productId, 1, setup.tier1.id),
        ]);
      });

    // Warm both paths (connections, plans, caches) before the clock starts.
    await runClients('warm-up', 500, options.clients, draw);
    await runClients('warm-up', 500, options.clients, insertOnly);
    const baseline = await runClients('Same ledger inserts, no pool update or lock', options.assignments, options.clients, insertOnly);
    const pooled = await runClients('moveUnits: conditional UPDATE draw (row lock)', options.assignments, options.clients, draw);

    const rows = [baseline, pooled].map((run) => [
      run.label,
      fmt(Math.round(run.latencies.length / run.seconds)),
      ms(percentile(run.latencies, 50)),
      ms(percentile(run.latencies, 95)),
      ms(percentile(run.latencies, 99)),
    ]);
    const slower = baseline.latencies.length / baseline.seconds / (pooled.latencies.length / pooled.seconds);
    console.log(
      '\n' +
        formatTable(
          [{ title: `${options.clients} concurrent clients` }, { title: 'assignments/s', right: true }, { title: 'p50 ms', right: true }, { title: 'p95 ms', right: true }, { title: 'p99 ms', right: true }],
          [...rows, ['Ratio (baseline ÷ pool draw)', ratio(slower), '', '', '']],
        ),
    );

    // The pool and the ledger agree, and nothing was overdrawn.
    const [pool] = await db.select().from(licensePools).where(eq(licensePools.id, setup.tier1PoolId));
    const [drawn] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(licensePoolMovements)
      .where(and(eq(licensePoolMovements.poolId, setup.tier1PoolId), eq(licensePoolMovements.kind, 'partner-assignment'), isNull(licensePoolMovements.note)));
    const expected = options.assignments + 500;
    const ok = pool!.fullAssigned === expected && drawn!.n === expected && pool!.fullAssigned <= pool!.fullTotal;
    console.log(
      `\n  check: tier-1 pool assigned ${fmt(pool!.fullAssigned)} of ${fmt(pool!.fullTotal)}, ${fmt(drawn!.n)} assignment rows in its ledger — ${ok ? 'consistent' : 'INCONSISTENT'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await closeDb(db);
    await dropDatabase(server.adminUrl, POOL_DATABASE);
  }
}

async function prepare(db: Db, stock: number, partnerCount: number): Promise<Setup> {
  const [tier1] = await db.select().from(companies).where(eq(companies.accountName, 'northwind-distribution'));
  const existing = await db.select({ id: companies.id }).from(companies).where(and(eq(companies.parentId, tier1!.id), eq(companies.kind, 'tier2')));
  for (let i = existing.length; i < partnerCount; i++) {
    const id = randomUUID();
    await db.insert(companies).values({
      id,
      kind: 'tier2',
      type: 'msp',
      parentId: tier1!.id,
      ...stampsFor('tier2', id, tier1!),
      name: `Bench MSP ${i + 1}`,
      accountName: `bench-msp-${i + 1}`,
      status: 'active',
    });
  }
  const partners = (await db.select().from(companies).where(and(eq(companies.parentId, tier1!.id), eq(companies.kind, 'tier2')))).slice(0, Math.max(1, partnerCount));
  const [product] = await db.select().from(products).where(eq(products.code, 'BK'));
  const tier1Pool = await db.transaction((tx) =>
    addUnits(tx, { companyId: tier1!.id, productId: product!.id }, { kind: 'vendor-issue', versionType: 'full', units: stock, actorUserId: null }),
  );
  const partnerPoolIds: string[] = [];
  for (const partner of partners) {
    // Creates each partner's pool up front, so neither strategy pays for the first insert.
    const pool = await db.transaction((tx) => poolOf(tx, partner.id, product!.id));
    partnerPoolIds.push(pool.id);
  }
  return { tier1: tier1!, partners, productId: product!.id, tier1PoolId: tier1Pool.id, partnerPoolIds };
}

function movement(poolId: string, company: Setup['tier1'], productId: string, fullUnits: number, counterpartCompanyId: string) {
  return {
    poolId,
    companyId: company.id,
    channelId: company.channelId,
    partnerId: company.partnerId,
    customerId: company.customerId,
    productId,
    kind: 'partner-assignment' as const,
    fullUnits,
    counterpartCompanyId,
    actorUserId: null,
    // Set apart from the real assignments for the check at the end.
    note: 'baseline',
  };
}

/** Runs `total` operations over `clients` loops, each waiting for its previous one. */
async function runClients(label: string, total: number, clients: number, op: (i: number) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const clientLoop = async () => {
    for (let i = next++; i < total; i = next++) latencies.push((await timed(() => op(i))).ms);
  };
  const { seconds } = await timed(() => Promise.all(Array.from({ length: clients }, clientLoop)));
  return { label, seconds, latencies };
}
