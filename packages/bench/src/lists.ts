import { availableParallelism, cpus } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { ApiCaller } from '@keyway/api';
import { customerExport, listCustomers } from '@keyway/core/customers';
import type { ExportInput } from '@keyway/core/exports';
import { listPartners } from '@keyway/core/partners';
import { type Actor, actorDb } from '@keyway/core/tenancy';
import type { SignedIn } from '@keyway/core/auth';
import { closeDb, companies, createDb, migrateDb, rateLimits, type Db } from '@keyway/db';
import type { Dataset } from './dataset.ts';
import { benchCaller, checkSeqScanSettings, seqScanDb, signedInActor } from './search.ts';
import type { BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage, ms, percentile, ratio, sampleCalls, timed, type Column } from './stats.ts';

export interface ListsBenchOptions {
  iterations: number;
  seqIterations: number;
  /** Timed owner/actor pairs per case in the row-level security comparison. */
  pairs: number;
}

const BUDGET_MS = 10_000;
const WARMUP = { indexed: 5, seq: 1 };
/** The console's page size. */
const LIMIT = 25;
const DEEP_PAGE = 50;
/**
 * Selects 104,270 of the largest tier-1's 223,977 customers (seed 1127): the "100,000 rows" of the
 * export requirement with a filter a person could type, rather than a cut-off export.
 */
const EXPORT_QUERY = 'in';
const MEMORY_SAMPLE_MS = 50;

type CustomersInput = Parameters<ApiCaller['customers']['list']>[0];
type PartnersInput = Parameters<ApiCaller['partners']['list']>[0];

/** The two lists, called through tRPC or straight on a database. */
interface Lister {
  partners: ApiCaller['partners']['list'];
  customers: ApiCaller['customers']['list'];
}

const viaApi = (caller: ApiCaller): Lister => ({ partners: caller.partners.list, customers: caller.customers.list });
const viaCore = (db: Db, actor: Actor): Lister => ({
  partners: (input) => listPartners(db, actor, input),
  customers: (input) => listCustomers(db, actor, input),
});

type Case = (
  | { list: 'partners'; input: PartnersInput }
  | { list: 'customers'; input: CustomersInput }
) & {
  label: string;
  page: number;
  /** False where the forced sequential scan is not worth waiting for. */
  seq?: boolean;
};

interface Page {
  ids: string[];
  total: string;
}

interface Measurement {
  samples: number[];
  page: Page;
}

/**
 * The partners and customers lists (`partners.list`, `customers.list`) of the largest tier-1,
 * called in-process through the real tRPC procedures with the console's filters (so under the
 * actor's row-level security context, as a request runs), on the normal connection and on one
 * forced to sequential scans; then the customer export, CSV and XLSX, of
 * about 100,000 rows: rows per second and the process's peak memory.
 */
export async function runListsBenchmark(server: BenchServer, dataset: Dataset, options: ListsBenchOptions): Promise<void> {
  const db = createDb(server.url, { max: 2 });
  const seqDb = seqScanDb(server.url);
  try {
    await migrateDb(db);
    await checkSeqScanSettings(seqDb);
    const auth = await signedInActor(db, dataset.actorUserId);
    await describe(server.description, db, dataset, auth);
    const cases = await listCases(db, dataset, auth);
    await runLists(db, seqDb, cases, auth, options);
    await runRowSecurityComparison(db, cases, auth, options.pairs);
    await runExports(db, auth);
  } finally {
    await closeDb(seqDb);
    await closeDb(db);
  }
}

async function describe(where: string, db: Db, dataset: Dataset, auth: SignedIn): Promise<void> {
  const [server] = await db.execute<{ version: string }>(sql`select current_setting('server_version') as version`);
  const counts = await db
    .select({ kind: companies.kind, n: sql<number>`count(*)`.mapWith(Number) })
    .from(companies)
    .where(eq(companies.channelId, auth.company.id))
    .groupBy(companies.kind);
  const inScope = (kind: string) => counts.find((c) => c.kind === kind)?.n ?? 0;
  console.log(`\npartners.list, customers.list and the customer export — ${new Date().toISOString().slice(0, 10)}`);
  console.log(`Server: PostgreSQL ${server?.version}, ${where}.`);
  console.log(
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; ` +
      `load average ${loadAverage()} at the start.`,
  );
  console.log(
    `Data set: seed ${dataset.seed}, ${fmt(dataset.customers)} customers. Acting as ${auth.user.email} ` +
      `(${auth.roleLabel}, ${auth.company.name}, ${auth.tierLabel}): ${fmt(inScope('customer'))} customers, ` +
      `${fmt(inScope('tier2'))} tier-2 partners in its channel.`,
  );
}

/**
 * `npm run bench -- --only rls`: the row-level security comparison alone, without the lists'
 * sequential scans and the exports.
 */
export async function runRowSecurityBenchmark(server: BenchServer, dataset: Dataset, pairs: number): Promise<void> {
  const db = createDb(server.url, { max: 2 });
  try {
    await migrateDb(db);
    const auth = await signedInActor(db, dataset.actorUserId);
    await describe(server.description, db, dataset, auth);
    await runRowSecurityComparison(db, await listCases(db, dataset, auth), auth, pairs);
  } finally {
    await closeDb(db);
  }
}

async function listCases(db: Db, dataset: Dataset, auth: SignedIn): Promise<Case[]> {
  // The tier-2 with the most customers in the channel (12,265 for seed 1127), and a rare substring
  // of its name: its first word without the first letter.
  const [big] = await db
    .select({ id: companies.partnerId, name: sql<string>`max(p.name)`, n: sql<number>`count(*)`.mapWith(Number) })
    .from(companies)
    .innerJoin(sql`companies p`, sql`p.id = ${companies.partnerId}`)
    .where(and(eq(companies.channelId, auth.company.id), eq(companies.kind, 'customer')))
    .groupBy(companies.partnerId)
    .orderBy(sql`count(*) desc`)
    .limit(1);
  if (!big?.id) throw new Error('The benchmark channel has no partner with customers.');
  const rarePartner = (big.name.split(' ')[0] ?? big.name).slice(1).toLowerCase();

  return [
    { list: 'partners', label: 'first page', input: {}, page: 1 },
    { list: 'partners', label: 'status suspended', input: { filters: { status: 'suspended' } }, page: 1 },
    { list: 'partners', label: 'query, common word "solutions"', input: { filters: { query: 'solutions' } }, page: 1 },
    { list: 'partners', label: `query, rare "${rarePartner}"`, input: { filters: { query: rarePartner } }, page: 1 },
    { list: 'partners', label: 'sort createdAt desc', input: { sort: { by: 'createdAt', direction: 'desc' } }, page: 1 },
    { list: 'partners', label: `page ${DEEP_PAGE} (keyset)`, input: {}, page: DEEP_PAGE },
    { list: 'customers', label: 'first page', input: {}, page: 1 },
    { list: 'customers', label: 'status disabled', input: { filters: { status: 'disabled' } }, page: 1 },
    { list: 'customers', label: 'query, common word "solutions"', input: { filters: { query: 'solutions' } }, page: 1 },
    { list: 'customers', label: `query, rare "${dataset.probes.rare}"`, input: { filters: { query: dataset.probes.rare } }, page: 1 },
    { list: 'customers', label: `partner "${big.name}"`, input: { filters: { partnerId: big.id } }, page: 1 },
    { list: 'customers', label: 'direct: true', input: { filters: { direct: true } }, page: 1 },
    { list: 'customers', label: 'sort createdAt desc', input: { sort: { by: 'createdAt', direction: 'desc' } }, page: 1 },
    { list: 'customers', label: `page ${DEEP_PAGE} (keyset)`, input: {}, page: DEEP_PAGE },
  ];
}

async function runLists(db: Db, seqDb: Db, cases: Case[], auth: SignedIn, options: ListsBenchOptions): Promise<void> {
  const indexed = viaApi(benchCaller(db, auth));
  const seq = viaApi(benchCaller(seqDb, auth));
  console.log(
    `Cases (limit ${LIMIT}, sorted by name unless said otherwise; a later page is timed with the cursor of the page ` +
      `before it, found untimed). Timing: ${WARMUP.indexed} warm-up calls, then up to ${options.iterations} with indexes; ` +
      `${WARMUP.seq} warm-up, up to ${options.seqIterations} forced to a sequential scan; at most ` +
      `${BUDGET_MS / 1000} s per case and mode; one call at a time.\n`,
  );

  const results: { c: Case; indexed: Measurement; seq: Measurement | null }[] = [];
  for (const c of cases) {
    process.stdout.write(`  measuring ${c.list}.list ${c.label} …`);
    const call = await pageCall(indexed, c);
    const withIndex = await measure(() => call(indexed), WARMUP.indexed, options.iterations);
    const withSeq = c.seq === false ? null : await measure(() => call(seq), WARMUP.seq, options.seqIterations);
    if (withSeq && withIndex.page.ids.join() !== withSeq.page.ids.join()) {
      throw new Error(`The two connections disagree on ${c.list}.list ${c.label}.`);
    }
    results.push({ c, indexed: withIndex, seq: withSeq });
    process.stdout.write(' done\n');
  }

  const rows = results.map(({ c, indexed: i, seq: s }) => {
    const [ip50, ip95] = [percentile(i.samples, 50), percentile(i.samples, 95)];
    if (!s) return [`${c.list}.list`, c.label, i.page.total, ms(ip50), ms(ip95), '—', '—', '—', '—', `${i.samples.length}/0`];
    const [sp50, sp95] = [percentile(s.samples, 50), percentile(s.samples, 95)];
    return [
      `${c.list}.list`, c.label, i.page.total, ms(ip50), ms(ip95), ms(sp50), ms(sp95),
      ratio(sp50 / ip50), ratio(sp95 / ip95), `${i.samples.length}/${s.samples.length}`,
    ];
  });
  const pooled = (m: 'indexed' | 'seq') => results.flatMap((r) => r[m]?.samples ?? []);
  const worst = Math.max(...results.map((r) => percentile(r.indexed.samples, 95)));
  rows.push([
    'all cases', `(worst index p95 ${ms(worst)})`, '',
    ms(percentile(pooled('indexed'), 50)), ms(percentile(pooled('indexed'), 95)),
    ms(percentile(pooled('seq'), 50)), ms(percentile(pooled('seq'), 95)),
    ratio(percentile(pooled('seq'), 50) / percentile(pooled('indexed'), 50)),
    ratio(percentile(pooled('seq'), 95) / percentile(pooled('indexed'), 95)),
    `${pooled('indexed').length}/${pooled('seq').length}`,
  ]);
  const columns: Column[] = [
    { title: 'list' }, { title: 'case' }, { title: 'total', right: true },
    { title: 'index p50', right: true }, { title: 'index p95', right: true },
    { title: 'seq p50', right: true }, { title: 'seq p95', right: true },
    { title: 'seq/idx p50', right: true }, { title: 'seq/idx p95', right: true },
    { title: 'calls', right: true },
  ];
  console.log(`\nLatency in ms (total = the list's own count; customers count up to 10,000, then "10,000+"):\n`);
  console.log(formatTable(columns, rows));
  console.log(`\nLoad average at the end of the lists: ${loadAverage()}.`);
}

/** Pages to the case's page (untimed) and returns the call that fetches it. */
async function pageCall(caller: Lister, c: Case): Promise<(on: Lister) => Promise<Page>> {
  if (c.list === 'partners') {
    type Cursor = NonNullable<PartnersInput['cursor']>;
    const at = (cursor: Cursor | undefined) => async (on: Lister): Promise<Page & { next: Cursor | null }> => {
      const r = await on.partners({ ...c.input, limit: LIMIT, cursor });
      return { ids: r.items.map((i) => i.id), total: fmt(r.total), next: r.nextCursor };
    };
    let cursor: Cursor | undefined;
    for (let page = 1; page < c.page; page++) {
      const { next } = await at(cursor)(caller);
      if (next === null) throw new Error(`partners.list ${c.label}: fewer than ${c.page} pages.`);
      cursor = next;
    }
    return at(cursor);
  }
  type Cursor = NonNullable<CustomersInput['cursor']>;
  const at = (cursor: Cursor | undefined) => async (on: Lister): Promise<Page & { next: Cursor | null }> => {
    const r = await on.customers({ ...c.input, limit: LIMIT, cursor });
    return { ids: r.items.map((i) => i.id), total: `${fmt(r.total)}${r.totalIsCapped ? '+' : ''}`, next: r.nextCursor };
  };
  let cursor: Cursor | undefined;
  for (let page = 1; page < c.page; page++) {
    const { next } = await at(cursor)(caller);
    if (next === null) throw new Error(`customers.list ${c.label}: fewer than ${c.page} pages.`);
    cursor = next;
  }
  return at(cursor);
}

const RLS_WARMUP_PAIRS = 3;
const RLS_BUDGET_MS = 20_000;

/**
 * What row-level security costs each list: the same core function called alternately on the
 * owner's connection (not subject to the policies) and through `actorDb` (the tier role and the
 * actor's stamps, as a request runs), in one process, the first of each pair taking turns. On a
 * shared, loaded machine only such interleaved ratios compare like with like: both sides see the
 * same load. Both must return the same page.
 */
async function runRowSecurityComparison(db: Db, cases: Case[], auth: SignedIn, pairs: number): Promise<void> {
  const actor: Actor = { userId: auth.user.id, role: auth.user.role, tier: auth.tier, company: auth.company, ip: null };
  const owner = viaCore(db, actor);
  const scoped = viaCore(actorDb(db, actor), actor);
  console.log(
    `\nRow-level security, interleaved: each case's core function on the owner's connection and under the ` +
      `actor's context (${actor.tier} role and stamps) in turn, ${RLS_WARMUP_PAIRS} warm-up pairs then up to ` +
      `${pairs} timed pairs, at most ${RLS_BUDGET_MS / 1000} s per case; load average ${loadAverage()}.\n`,
  );
  const rows: string[][] = [];
  const ratios: number[] = [];
  for (const c of cases) {
    const call = await pageCall(owner, c);
    const times = { owner: [] as number[], scoped: [] as number[] };
    const timedSide = async (side: 'owner' | 'scoped') => {
      const page = await timed(() => call(side === 'owner' ? owner : scoped));
      times[side].push(page.ms);
      return page.result;
    };
    const started = performance.now();
    for (let i = 0; i < RLS_WARMUP_PAIRS + pairs && performance.now() - started < RLS_BUDGET_MS; i++) {
      const order = i % 2 === 0 ? (['owner', 'scoped'] as const) : (['scoped', 'owner'] as const);
      const [a, b] = [await timedSide(order[0]), await timedSide(order[1])];
      if (a.ids.join() !== b.ids.join()) throw new Error(`${c.list}.list ${c.label}: the owner and the actor disagree.`);
      if (i < RLS_WARMUP_PAIRS) {
        times.owner.pop();
        times.scoped.pop();
      }
    }
    const [o, r] = [percentile(times.owner, 50), percentile(times.scoped, 50)];
    ratios.push(r / o);
    rows.push([
      `${c.list}.list`, c.label, ms(o), ms(r), `${(r / o).toFixed(2)}×`,
      ms(percentile(times.owner, 95)), ms(percentile(times.scoped, 95)), `${times.owner.length}`,
    ]);
  }
  const geomean = Math.exp(ratios.reduce((sum, x) => sum + Math.log(x), 0) / ratios.length);
  rows.push(['all cases', `(worst ${Math.max(...ratios).toFixed(2)}×)`, '', '', `${geomean.toFixed(2)}× geo`, '', '', '']);
  const columns: Column[] = [
    { title: 'list' }, { title: 'case' },
    { title: 'owner p50', right: true }, { title: 'rls p50', right: true }, { title: 'rls/owner', right: true },
    { title: 'owner p95', right: true }, { title: 'rls p95', right: true }, { title: 'pairs', right: true },
  ];
  console.log(formatTable(columns, rows));
  console.log(`\nLoad average at the end of the comparison: ${loadAverage()}.`);
}

async function measure(call: () => Promise<Page>, warmup: number, iterations: number): Promise<Measurement> {
  const { samples, last } = await sampleCalls(call, warmup, iterations, BUDGET_MS);
  return { samples, page: last ?? { ids: [], total: '' } };
}

interface ExportRun {
  format: 'csv' | 'xlsx';
  rows: number;
  /** CSV only: data lines in the file, which must equal `rows`. */
  linesWritten: number | null;
  bytes: number;
  firstByteMs: number;
  seconds: number;
  rss: { baseline: number; peak: number };
  heap: { baseline: number; peak: number };
}

/**
 * The customer export as the download endpoint runs it (`customerExport.start` on the actor's
 * database, under the row-level policies: the rate limit, the count, then the stream from a
 * database cursor), read to the end and discarded, while the
 * process's memory is sampled every 50 ms.
 */
async function runExports(db: Db, auth: SignedIn): Promise<void> {
  const actor: Actor = { userId: auth.user.id, role: auth.user.role, tier: auth.tier, company: auth.company, ip: null };
  const filters = { query: EXPORT_QUERY };
  console.log(
    `\nCustomer export of filter { query: "${EXPORT_QUERY}" } (the whole channel's customers whose name, account ` +
      `name or contact email contain it), read to the end and discarded; memory sampled every ${MEMORY_SAMPLE_MS} ms, ` +
      `peak minus the value just before the export.`,
  );
  const runs: ExportRun[] = [];
  for (const format of ['csv', 'xlsx'] as const) {
    process.stdout.write(`  exporting ${format} …`);
    runs.push(await exportOnce(db, actor, { format, filters }));
    process.stdout.write(' done\n');
  }
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const columns: Column[] = [
    { title: 'format' }, { title: 'rows', right: true }, { title: 'file MB', right: true },
    { title: 'first byte ms', right: true }, { title: 'seconds', right: true }, { title: 'rows/s', right: true },
    { title: 'rss base MB', right: true }, { title: 'rss peak +MB', right: true },
    { title: 'heap base MB', right: true }, { title: 'heap peak +MB', right: true },
  ];
  const rows = runs.map((r) => [
    r.format, fmt(r.rows), mb(r.bytes), ms(r.firstByteMs), r.seconds.toFixed(1), fmt(Math.round(r.rows / r.seconds)),
    mb(r.rss.baseline), mb(r.rss.peak - r.rss.baseline), mb(r.heap.baseline), mb(r.heap.peak - r.heap.baseline),
  ]);
  console.log(`\n${formatTable(columns, rows, false)}`);
  const csv = runs.find((r) => r.format === 'csv');
  console.log(
    `\nRows are the export's own count; the CSV held ${fmt(csv?.linesWritten ?? 0)} data lines ` +
      `(the XLSX is compressed and not read back). Load average at the end: ${loadAverage()}.`,
  );
}

async function exportOnce(db: Db, actor: Actor, input: ExportInput<typeof customerExport>): Promise<ExportRun> {
  // Ten exports per ten minutes per person: the benchmark clears its own window before each run.
  await db.delete(rateLimits).where(eq(rateLimits.key, `export:customers:${actor.userId}`));
  const baseline = process.memoryUsage();
  const peak = { rss: baseline.rss, heap: baseline.heapUsed };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  }, MEMORY_SAMPLE_MS);
  try {
    const t0 = performance.now();
    const { rows, stream } = await customerExport.start(actorDb(db, actor), actor, input);
    let bytes = 0;
    let newlines = 0;
    let firstByteMs = 0;
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (bytes === 0) firstByteMs = performance.now() - t0;
      bytes += buffer.length;
      if (input.format === 'csv') for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) newlines++;
    }
    const seconds = (performance.now() - t0) / 1000;
    // The header is one line; csv-stringify ends every record with a newline.
    const linesWritten = input.format === 'csv' ? newlines - 1 : null;
    if (linesWritten !== null && linesWritten !== rows) {
      throw new Error(`The CSV export counted ${rows} rows but wrote ${linesWritten}.`);
    }
    if (rows < 100_000) throw new Error(`The export filter selects ${rows} rows, fewer than 100,000.`);
    return {
      format: input.format, rows, linesWritten, bytes, firstByteMs, seconds,
      rss: { baseline: baseline.rss, peak: peak.rss },
      heap: { baseline: baseline.heapUsed, peak: peak.heap },
    };
  } finally {
    clearInterval(sampler);
  }
}
