import { availableParallelism, cpus } from 'node:os';
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { createApiCaller, type ApiCaller } from '@keyway/api';
import { MIN_SUBSTRING_LENGTH, searchCompanies } from '@keyway/core/search';
import type { Actor } from '@keyway/core/tenancy';
import { type SignedIn, toSignedIn } from '@keyway/core/auth';
import type { JobQueue } from '@keyway/core/jobs';
import { closeDb, companies, createDb, migrateDb, schema, users, type Db } from '@keyway/db';
import type { Dataset } from './dataset.ts';
import type { BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage, ms, percentile, ratio, sampleCalls, type Column } from './stats.ts';

export interface SearchBenchOptions {
  iterations: number;
  seqIterations: number;
  explain: boolean;
}

const BUDGET_MS = 30_000;
const WARMUP = { indexed: 10, seq: 2 };
const LIMIT = 20;

/**
 * Planner settings sent as startup parameters: postgres.js passes unknown URL query parameters
 * to the server, so the second pool goes through the same `createDb` as the first.
 */
export const SEQ_SCAN_SETTINGS = { enable_indexscan: 'off', enable_bitmapscan: 'off', enable_indexonlyscan: 'off' };

/**
 * The dashboard search (`search.companies`) over a million customers, called in-process through
 * the real tRPC procedure as a tier-1 administrator, once on the normal connection and once on a
 * connection whose planner may not use any index.
 */
export async function runSearchBenchmark(server: BenchServer, dataset: Dataset, options: SearchBenchOptions): Promise<void> {
  const db = createDb(server.url, { max: 2 });
  const seqDb = seqScanDb(server.url);
  try {
    // A migration added since the data set was generated (say, a new index) is benchmarked too.
    await migrateDb(db);
    await runBenchmark(server.description, db, seqDb, dataset, options);
  } finally {
    await closeDb(seqDb);
    await closeDb(db);
  }
}

interface Probe {
  shape: string;
  query: string;
  /** 1 for the first page; a later page is timed with the cursor of the one before it. */
  page: number;
}

interface Measurement {
  samples: number[];
  /** Ids of the timed page, in order: both connections must answer the same. */
  ids: string[];
}

async function runBenchmark(where: string, db: Db, seqDb: Db, dataset: Dataset, options: SearchBenchOptions): Promise<void> {
  const auth = await signedInActor(db, dataset.actorUserId);
  const indexed = benchCaller(db, auth);
  const seq = benchCaller(seqDb, auth);

  await checkSeqScanSettings(seqDb);
  const [server] = await db.execute<{ version: string; size: string; table: string; trgm: string }>(sql`
    select current_setting('server_version') as version,
           pg_size_pretty(pg_database_size(current_database())) as size,
           pg_size_pretty(pg_total_relation_size('companies')) as table,
           pg_size_pretty(pg_relation_size('companies_search_text_trgm_idx')) as trgm`);
  const counts = await db
    .select({ kind: companies.kind, n: sql<number>`count(*)`.mapWith(Number) })
    .from(companies)
    .where(eq(companies.channelId, auth.company.id))
    .groupBy(companies.kind);
  const [all] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(companies);
  const inScope = (kind: string) => counts.find((c) => c.kind === kind)?.n ?? 0;

  console.log(`\nsearch.companies benchmark — ${new Date().toISOString().slice(0, 10)}`);
  console.log(`Server: PostgreSQL ${server?.version}, ${where}.`);
  console.log(
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; ` +
      `load average ${loadAverage()} at the start.`,
  );
  console.log(
    `Data set: seed ${dataset.seed}, ${fmt(all?.n ?? 0)} companies (${fmt(dataset.customers)} customers, ` +
      `${fmt(dataset.partners)} tier-2s, ${dataset.channels} tier-1s); database ${server?.size}, ` +
      `companies with indexes ${server?.table}, trigram index ${server?.trgm}.`,
  );
  console.log(
    `Acting as ${auth.user.email} (${auth.roleLabel}, ${auth.company.name}, ${auth.tierLabel}): ` +
      `${fmt(inScope('tier1') + inScope('tier2') + inScope('customer'))} rows in its channel ` +
      `(${fmt(inScope('customer'))} customers, ${fmt(inScope('tier2'))} tier-2 partners).`,
  );

  const probes: Probe[] = [
    { shape: 'rare substring', query: dataset.probes.rare, page: 1 },
    { shape: 'common word', query: 'solutions', page: 1 },
    { shape: 'email fragment', query: dataset.probes.email, page: 1 },
    { shape: '3 letters', query: 'ber', page: 1 },
    { shape: '2 letters', query: 'ma', page: 1 },
    { shape: 'exact account name', query: dataset.probes.account, page: 1 },
    { shape: 'common word, page 5', query: 'solutions', page: 5 },
  ];
  console.log(
    `Queries (limit ${LIMIT}): ${probes.map((p) => `${p.shape} "${p.query}"`).join(', ')}; ` +
      `the rare substring, email and account come from "${dataset.probes.name}". ` +
      `Queries of fewer than ${MIN_SUBSTRING_LENGTH} characters match the beginning of a name only.`,
  );
  console.log(
    `Timing: ${WARMUP.indexed} warm-up calls, then up to ${options.iterations} calls with indexes; ` +
      `${WARMUP.seq} warm-up, up to ${options.seqIterations} calls forced to a sequential scan; ` +
      `at most ${BUDGET_MS / 1000} s per query and mode; one call at a time.\n`,
  );

  const results: { probe: Probe; hits: number; indexed: Measurement; seq: Measurement }[] = [];
  for (const probe of probes) {
    process.stdout.write(`  measuring ${probe.shape} "${probe.query}" …`);
    const cursor = await cursorOf(indexed, probe);
    const withIndex = await measure(indexed, probe.query, cursor, WARMUP.indexed, options.iterations);
    const withSeq = await measure(seq, probe.query, cursor, WARMUP.seq, options.seqIterations);
    if (withIndex.ids.join() !== withSeq.ids.join()) {
      throw new Error(`The two connections disagree on "${probe.query}" (page ${probe.page}).`);
    }
    results.push({ probe, hits: await countHits(db, auth, probe.query), indexed: withIndex, seq: withSeq });
    process.stdout.write(' done\n');
  }

  const rows = results.map(({ probe, hits, indexed: i, seq: s }) => {
    const ip50 = percentile(i.samples, 50);
    const ip95 = percentile(i.samples, 95);
    const sp50 = percentile(s.samples, 50);
    const sp95 = percentile(s.samples, 95);
    return [
      probe.shape, `"${probe.query}"`, fmt(hits), ms(ip50), ms(ip95), ms(sp50), ms(sp95),
      ratio(sp50 / ip50), ratio(sp95 / ip95), `${i.samples.length}/${s.samples.length}`,
    ];
  });
  const pooled = (m: 'indexed' | 'seq') => results.flatMap((r) => r[m].samples);
  const [ip50, ip95, sp50, sp95] = [
    percentile(pooled('indexed'), 50), percentile(pooled('indexed'), 95),
    percentile(pooled('seq'), 50), percentile(pooled('seq'), 95),
  ];
  const geoMean = Math.exp(
    results.reduce(
      (sum, r) => sum + Math.log(percentile(r.seq.samples, 50) / percentile(r.indexed.samples, 50)),
      0,
    ) / results.length,
  );
  rows.push([
    'all queries', `(p50 ratio geo-mean ${ratio(geoMean)})`, '', ms(ip50), ms(ip95), ms(sp50), ms(sp95),
    ratio(sp50 / ip50), ratio(sp95 / ip95),
    `${pooled('indexed').length}/${pooled('seq').length}`,
  ]);
  const columns: Column[] = [
    { title: 'query shape' }, { title: 'query' }, { title: 'hits', right: true },
    { title: 'index p50', right: true }, { title: 'index p95', right: true },
    { title: 'seq p50', right: true }, { title: 'seq p95', right: true },
    { title: 'seq/idx p50', right: true }, { title: 'seq/idx p95', right: true },
    { title: 'calls', right: true },
  ];
  console.log(`\nLatency of search.companies in ms (hits = matches in the actor's scope):\n`);
  console.log(formatTable(columns, rows));
  console.log(`\nLoad average at the end: ${loadAverage()} (other processes on the machine skew the figures).`);

  const capture = capturingDb(db);
  const plans = options.explain ? probes : probes.slice(0, 2);
  for (const probe of plans) {
    const statement = await capture.statementFor(auth, probe.query, await cursorOf(indexed, probe));
    console.log(`\nEXPLAIN ANALYZE, ${probe.shape} "${probe.query}", with indexes:`);
    console.log(await explain(db, statement, true));
    if (options.explain) {
      console.log(`\nEXPLAIN ANALYZE, ${probe.shape} "${probe.query}", sequential scan forced:`);
      console.log(await explain(seqDb, statement, true));
    }
  }
  const seqPlan = await explain(seqDb, await capture.statementFor(auth, probes[0]?.query ?? 'a', undefined), false);
  const usesIndex = /Index Scan|Index Only Scan|Bitmap/.test(seqPlan);
  console.log(
    `\nPlan of the same query on the forced connection: ${seqPlan.includes('Seq Scan on companies') ? 'Seq Scan' : 'NO Seq Scan'} ` +
      `on companies, ${usesIndex ? 'and it STILL USES AN INDEX' : 'no index'}.`,
  );
}

/** Reading never sends a job; if a timed call ever starts to, the benchmark says so instead of timing it. */
export const noJobs: JobQueue = {
  send: async (_tx, job) => {
    throw new Error(`A benchmarked call sent a ${job.name} job; the benchmark does not expect any.`);
  },
  sendMany: async (_tx, job) => {
    throw new Error(`A benchmarked call sent ${job.name} jobs; the benchmark does not expect any.`);
  },
  stop: async () => {},
};

/** The tRPC caller the console's server uses, in-process, signed in as `auth`. */
export function benchCaller(on: Db, auth: SignedIn): ApiCaller {
  return createApiCaller({
    db: on,
    jobs: noJobs,
    origin: 'http://127.0.0.1',
    auth,
    ip: '127.0.0.1',
    userAgent: 'keyway-bench',
    cookies: { set() {}, clear() {}, device: null, setDevice() {} },
  });
}

/** A second pool on the same database whose planner may not use any index. */
export function seqScanDb(url: string): Db {
  const seqUrl = new URL(url);
  for (const [key, value] of Object.entries(SEQ_SCAN_SETTINGS)) seqUrl.searchParams.set(key, value);
  return createDb(seqUrl.toString(), { max: 2 });
}

export async function signedInActor(db: Db, userId: string): Promise<SignedIn> {
  const [row] = await db
    .select({ user: users, company: companies })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, userId));
  if (!row) throw new Error('The benchmark actor is missing from the data set; run `npm run bench:data -- --force`.');
  return toSignedIn(row.user, row.company, { id: 'bench', expiresAt: new Date(Date.now() + 3_600_000) });
}

export async function checkSeqScanSettings(seqDb: Db): Promise<void> {
  for (const [key, value] of Object.entries(SEQ_SCAN_SETTINGS)) {
    const [row] = await seqDb.$client.unsafe(`show ${key}`);
    if (row?.[key] !== value) throw new Error(`The sequential-scan connection did not get ${key}=${value}.`);
  }
}

/** The cursor that asks for the probe's page, found by paging there (untimed). */
async function cursorOf(caller: ApiCaller, probe: Probe): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 1; page < probe.page; page++) {
    const result = await caller.search.companies({ query: probe.query, limit: LIMIT, cursor });
    if (!result.nextCursor) throw new Error(`"${probe.query}" has fewer than ${probe.page} pages.`);
    cursor = result.nextCursor;
  }
  return cursor;
}

async function measure(
  caller: ApiCaller,
  query: string,
  cursor: string | undefined,
  warmup: number,
  iterations: number,
): Promise<Measurement> {
  let ids: string[] = [];
  const call = async () => (ids = (await caller.search.companies({ query, limit: LIMIT, cursor })).items.map((i) => i.id));
  const { samples } = await sampleCalls(call, warmup, iterations, BUDGET_MS);
  return { samples, ids };
}

/**
 * How many companies in the actor's scope match the query under the search's rules, counted here
 * (the product no longer counts them): a substring of the search text, or for a query shorter
 * than a trigram the beginning of the name, or an exact account name.
 */
async function countHits(db: Db, auth: SignedIn, query: string): Promise<number> {
  const q = query.toLowerCase();
  const like = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(companies)
    .where(
      and(
        eq(companies.channelId, auth.company.id),
        ne(companies.id, auth.company.id),
        inArray(companies.kind, ['customer', 'tier2']),
        or(
          q.length < MIN_SUBSTRING_LENGTH
            ? sql`lower(${companies.name}) like ${`${like}%`}`
            : sql`${companies.searchText} like ${`%${like}%`}`,
          sql`lower(${companies.accountName}) = ${q}`,
        ),
      ),
    );
  return row?.n ?? 0;
}

/**
 * The SQL `searchCompanies` sends, captured through a Drizzle logger on the same client, so the
 * EXPLAIN shows the product's statement rather than a hand-written copy of it.
 */
function capturingDb(db: Db) {
  let last: { query: string; params: unknown[] } | null = null;
  const logging = drizzle(db.$client, {
    schema,
    casing: 'snake_case',
    logger: { logQuery: (query, params) => void (last = { query, params }) },
  }) as unknown as Db;
  return {
    async statementFor(auth: SignedIn, query: string, cursor: string | undefined) {
      last = null;
      const actor: Actor = { userId: auth.user.id, role: auth.user.role, tier: auth.tier, company: auth.company, ip: null };
      await searchCompanies(logging, actor, { query, limit: LIMIT, cursor });
      if (!last) throw new Error('searchCompanies ran no query to explain.');
      return last as { query: string; params: unknown[] };
    },
  };
}

async function explain(on: Db, statement: { query: string; params: unknown[] }, analyze: boolean) {
  const options = analyze ? 'analyze, buffers, costs off' : 'costs off';
  const rows = await on.$client.unsafe(
    `explain (${options}) ${statement.query}`,
    statement.params as never[],
  );
  return rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n');
}
