import { availableParallelism } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import { formatKey, generateKeyCode, getKey, KEY_CHUNK, listKeys, runKeyBatch } from '@keyway/core/registration-keys';
import { listPortalProducts } from '@keyway/core/portal';
import { tierOf } from '@keyway/core/privileges';
import { actorDb, type Actor } from '@keyway/core/tenancy';
import { createJobQueue, installJobs, type JobQueue } from '@keyway/core/jobs';
import { seedDemoData } from '@keyway/core/seed';
import { closeDb, companies, createDb, keyBatches, migrateDb, products, registrationKeys, servicePlans, users, type Db } from '@keyway/db';
import { withDatabase } from '@keyway/db/testing';
import { prepareRegistrations, REGISTRATIONS_PER_USER, runRegistrations, WARM_UP_REGISTRATIONS } from './registrations.ts';
import { dropDatabase, recreateDatabase, type BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage, ms, percentile, ratio, sampleCalls, timed } from './stats.ts';

/** A fresh database for every run; dropped at the end. */
export const KEYS_DATABASE = 'keyway_bench_keys';

export interface KeysBenchOptions {
  /** Keys in the batch, and rows in the bare COPY. */
  keys: number;
  /** Timed look-ups by code once the batch is written. */
  lookups: number;
  /** Timed registrations of the batch's keys through `registerKey` once the batch is written. */
  registrations: number;
}

/**
 * `npm run bench -- --only keys`: a batch of `keys` registration keys written end to end by
 * `runKeyBatch` (chunks of 10,000, each under the batch's row lock with its progress), against a
 * bare COPY of as many pre-generated rows into a table of the same columns with only the unique
 * index on the code (no other index, no foreign key): what writing random unique keys costs at
 * least. Then, with the batch's keys in the table, the look-up of one key by its code, the
 * registration of a key by a customer user through the portal's `registerKey`, end to end, and
 * the reads the console and the portal make of the keys.
 */
export async function runKeysBenchmark(server: BenchServer, options: KeysBenchOptions): Promise<void> {
  const url = withDatabase(server.adminUrl, KEYS_DATABASE);
  console.log(`\nRegistration keys benchmark — ${new Date().toISOString().slice(0, 10)}`);
  await recreateDatabase(server.adminUrl, KEYS_DATABASE);
  const db = createDb(url, { max: 4 });
  let jobs: JobQueue | null = null;
  try {
    await migrateDb(db);
    await installJobs(url);
    await seedDemoData(db);
    console.log(
      `  fresh database ${KEYS_DATABASE} on ${server.description.replace(/^database \S+ on /, '')}; ` +
        `${availableParallelism()} CPUs, load ${loadAverage()}`,
    );
    const copyBatch = await insertBatch(db, options.keys);
    const batch = await insertBatch(db, options.keys);

    // Bare COPY of pre-generated rows into a table with only the unique index on the code (the
    // same definition as registration_keys'); generating the codes is not timed.
    await createBareTable(db);
    const codes = Array.from({ length: options.keys }, () => generateKeyCode(batch.prefix));
    const copySeconds = (await timed(() => copyRows(db, BARE_TABLE, copyBatch, codes))).seconds;
    await db.execute(sql.raw(`drop table ${BARE_TABLE}`));
    await db.execute(sql`checkpoint`);

    const runSeconds = (await timed(() => runKeyBatch(db, batch.id))).seconds;
    const [counts] = await db.execute<{ keys: number; codes: number; seqs: number }>(sql`
      select count(*)::int as keys, count(distinct code)::int as codes, count(distinct seq)::int as seqs
      from registration_keys where batch_id = ${batch.id}`);
    await db.execute(sql`analyze registration_keys`);

    console.log(
      '\n' +
        formatTable(
          [
            { title: `Writing ${fmt(options.keys)} keys` },
            { title: 's', right: true },
            { title: 'keys/s', right: true },
          ],
          [
            ['Bare COPY of pre-generated rows, unique code index only', copySeconds.toFixed(1), fmt(Math.round(options.keys / copySeconds))],
            [
              `runKeyBatch (chunks of ${fmt(KEY_CHUNK)}, codes drawn, progress recorded)`,
              runSeconds.toFixed(1),
              fmt(Math.round(options.keys / runSeconds)),
            ],
            ['Ratio (runKeyBatch ÷ COPY)', ratio(runSeconds / copySeconds), ''],
          ],
        ),
    );

    // Look-ups: half existing keys, half well-formed codes that are not in the table.
    const [{ n } = { n: 0 }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from registration_keys`);
    const existing = await db.execute<{ code: string }>(
      sql`select code from registration_keys tablesample system (1) limit ${Math.ceil(options.lookups / 2)}`,
    );
    const probes = [...existing.map((r) => r.code)];
    while (probes.length < options.lookups) probes.push(generateKeyCode(batch.prefix));
    for (const code of probes.slice(0, 50)) await lookup(db, code);
    const samples: number[] = [];
    let found = 0;
    for (const code of probes) {
      const call = await timed(() => lookup(db, code));
      if (call.result) found++;
      samples.push(call.ms);
    }
    const lookupSeconds = samples.reduce((a, b) => a + b, 0) / 1000;

    // Registrations of the batch's keys by customer users, through the portal's registerKey.
    const setup = await prepareRegistrations(db, batch.id, options.registrations);
    jobs = createJobQueue(url);
    const registered = await runRegistrations(db, jobs, setup);
    await db.execute(sql`analyze registration_keys`);
    const reads = await consoleReads(db, batch, setup.registrars[0]!.actor, probes.slice(0, Math.ceil(options.lookups / 2)));
    console.log(
      `\n  registrations: ${setup.productName} keys of the plan ${setup.planName} (${setup.units} unit${setup.units === 1 ? '' : 's'} each), ` +
        `${fmt(setup.registrars.length)} customer users (${REGISTRATIONS_PER_USER} registrations each, one IP address each) ` +
        `of ${fmt(setup.customers)} customers; ${WARM_UP_REGISTRATIONS} untimed first`,
    );

    const latency = (what: string, values: readonly number[], seconds: number) => [
      what,
      fmt(values.length),
      ms(percentile(values, 50)),
      ms(percentile(values, 95)),
      ms(percentile(values, 99)),
      fmt(Math.round(values.length / seconds)),
    ];
    console.log(
      '\n' +
        formatTable(
          [
            { title: `With ${fmt(n)} keys in the table` },
            { title: 'calls', right: true },
            { title: 'p50 ms', right: true },
            { title: 'p95 ms', right: true },
            { title: 'p99 ms', right: true },
            { title: 'calls/s', right: true },
          ],
          [
            latency(`Look-up: select … where code = $1 (${fmt(found)} found)`, samples, lookupSeconds),
            latency('Registration: registerKey, one after another', registered.samples, registered.seconds),
            ...reads.map((read) => latency(read.what, read.samples, read.samples.reduce((a, b) => a + b, 0) / 1000)),
          ],
          false,
        ),
    );

    const ok = counts!.keys === options.keys && counts!.codes === options.keys && counts!.seqs === options.keys;
    console.log(
      `\n  check: the batch holds ${fmt(counts!.keys)} keys, ${fmt(counts!.codes)} distinct codes, ${fmt(counts!.seqs)} distinct seqs — ${ok ? 'exact' : 'WRONG'}`,
    );
    console.log(`  check: ${registered.check.text} — ${registered.check.ok ? 'exact' : 'WRONG'}`);
    if (!ok || !registered.check.ok) process.exitCode = 1;
  } finally {
    await jobs?.stop();
    await closeDb(db);
    await dropDatabase(server.adminUrl, KEYS_DATABASE);
  }
}

function lookup(db: Db, code: string) {
  return db
    .select({ id: registrationKeys.id, status: registrationKeys.status, batchId: registrationKeys.batchId })
    .from(registrationKeys)
    .where(eq(registrationKeys.code, code))
    .then((rows) => rows.length > 0);
}

type BenchBatch = typeof keyBatches.$inferSelect & { prefix: string };

/** A queued batch of `count` keys on a Bluefin IT plan. */
async function insertBatch(db: Db, count: number): Promise<BenchBatch> {
  const [company] = await db.select().from(companies).where(eq(companies.accountName, 'bluefin-it'));
  const [plan] = await db
    .select({ id: servicePlans.id, productId: servicePlans.productId, prefix: products.code })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(eq(servicePlans.companyId, company!.id))
    .limit(1);
  const [batch] = await db
    .insert(keyBatches)
    .values({
      companyId: company!.id,
      channelId: company!.channelId,
      partnerId: company!.partnerId,
      customerId: company!.customerId,
      planId: plan!.id,
      productId: plan!.productId,
      count,
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
    })
    .returning();
  return { ...batch!, prefix: plan!.prefix };
}

/** The bare COPY's table: registration_keys' columns, and its unique index on the code alone. */
const BARE_TABLE = 'bench_bare_registration_keys';

async function createBareTable(db: Db): Promise<void> {
  await db.execute(sql.raw(`create table ${BARE_TABLE} (like registration_keys including defaults including identity)`));
  const [index] = await db.execute<{ definition: string }>(
    sql`select pg_get_indexdef('registration_keys_code_key'::regclass) as definition`,
  );
  await db.execute(
    sql.raw(index!.definition.replace(/INDEX registration_keys_code_key ON (public\.)?registration_keys/, `INDEX ${BARE_TABLE}_code_key ON ${BARE_TABLE}`)),
  );
}

/** COPY … FROM STDIN of one row per code, in one statement, written in blocks of 10,000 lines. */
async function copyRows(db: Db, table: string, batch: BenchBatch, codes: readonly string[]): Promise<void> {
  const stream = await db.$client`
    copy ${db.$client(table)} (code, batch_id, seq, company_id, channel_id, partner_id, customer_id, plan_id, product_id)
    from stdin`.writable();
  const tail = [batch.companyId, batch.channelId ?? '\\N', batch.partnerId ?? '\\N', batch.customerId ?? '\\N', batch.planId, batch.productId].join('\t');
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (let from = 0; from < codes.length; from += 10_000) {
    let block = '';
    for (let seq = from; seq < Math.min(from + 10_000, codes.length); seq++) block += `${codes[seq]}\t${batch.id}\t${seq}\t${tail}\n`;
    if (!stream.write(block)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
}

/** Timed calls of each console and portal read, after a few untimed ones; at most READ_BUDGET_MS each. */
const READ_CALLS = 200;
const READ_WARM_UP = 10;
const READ_BUDGET_MS = 30_000;

interface Read {
  what: string;
  samples: number[];
}

/**
 * The reads of the keys the console and the portal make, with the batch's keys in the table,
 * through `actorDb` as a request runs them (the tier's role, the actor's stamps, row-level
 * security): the issuer's admin on the keys list (first page, search by the beginning of a key as
 * a user types it, a batch's registered keys, the keys one customer registered) and a key's
 * detail; a customer user on the portal's licenses with the key each came from.
 */
async function consoleReads(db: Db, batch: BenchBatch, customer: Actor, codes: readonly string[]): Promise<Read[]> {
  const [issuer] = await db
    .select({ user: users, company: companies })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.companyId, batch.companyId), eq(users.role, 'admin')))
    .limit(1);
  const msp: Actor = { userId: issuer!.user.id, role: issuer!.user.role, tier: tierOf(issuer!.company), company: issuer!.company, ip: null };
  const asMsp = actorDb(db, msp);
  const asCustomer = actorDb(db, customer);
  const [registered] = await db
    .select({ id: registrationKeys.id })
    .from(registrationKeys)
    .where(and(eq(registrationKeys.batchId, batch.id), eq(registrationKeys.status, 'registered')))
    .limit(1);
  let next = 0;
  // "BF-7K3M-9" — the product code and the first 5 random characters, typed the way they are printed.
  const typed = () => formatKey(codes[next++ % codes.length]!).slice(0, 9).toLowerCase();
  const cases: [string, () => Promise<unknown>][] = [
    ['Console: keys list, first page of 50', () => listKeys(asMsp, msp, { limit: 50 })],
    ['Console: keys list, search by a key\'s first 9 characters ("bf-7k3m-9")', () => listKeys(asMsp, msp, { limit: 50, filters: { query: typed() } })],
    ['Console: keys list, the batch\'s registered keys', () => listKeys(asMsp, msp, { limit: 50, filters: { batchId: batch.id, status: 'registered' } })],
    ['Console: keys list, the keys one customer registered', () => listKeys(asMsp, msp, { limit: 50, filters: { registeredCompanyId: customer.company.id } })],
    ['Console: a registered key\'s detail', () => getKey(asMsp, msp, { id: registered!.id })],
    ['Portal: the customer\'s licenses with their keys', () => listPortalProducts(asCustomer, customer, {})],
  ];
  const reads: Read[] = [];
  for (const [what, run] of cases) {
    const { samples } = await sampleCalls(run, READ_WARM_UP, READ_CALLS, READ_BUDGET_MS);
    reads.push({ what, samples });
  }
  return reads;
}
