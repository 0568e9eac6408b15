import { cliArgs, positiveInt, seedOf } from './args.ts';
import { runDailyBenchmark } from './daily.ts';
import { ensureDataset, GENERATOR_VERSION, migrateDataset, readDataset } from './dataset.ts';
import { runEmailBenchmark } from './email.ts';
import { runKeysBenchmark } from './keys.ts';
import { runListsBenchmark, runRowSecurityBenchmark } from './lists.ts';
import { runPagesBenchmark } from './pages.ts';
import { runPoolBenchmark } from './pool.ts';
import { runSearchBenchmark } from './search.ts';
import { withBenchServer } from './server.ts';
import { runUsageBenchmark } from './usage.ts';
import { runBillingBenchmark } from './billing.ts';

/**
 * `npm run bench`: the dashboard search over a million customers (search.ts), the partners and
 * customers lists and the customer export over the same data (lists.ts), the email pipeline
 * (email.ts) and pool assignments (pool.ts), on the benchmark's own server.
 */
const BENCHMARKS = ['search', 'lists', 'rls', 'pages', 'email', 'pool', 'daily', 'keys', 'usage', 'billing'] as const;
const USAGE = `Usage: npm run bench -- [--only search|lists|rls|pages|email|pool|daily|keys|usage|billing] [--iterations N] [--seq-iterations N] [--pairs N] [--explain] [--seed N] [--mails N] [--producers N]
  --only search|lists|rls|pages|email|pool|daily|keys|usage|billing  run one of the benchmarks (default:
                       all but rls, pages, daily, keys, usage and billing; lists ends with the rls comparison)
  search and lists:
  --iterations N       timed calls per query or case with the indexes (default 200 for search, at most
                       30 s per query; 100 for lists, at most 10 s per case)
  --seq-iterations N   timed calls forced to a sequential scan (default 20 for search, 5 for lists)
  --seed N             seed to generate the data set with when there is none yet (default 1127)
  lists and rls:
  --pairs N            timed owner / row-level security pairs per list case, interleaved (default 30)
  pages (only with --only pages, on the built console: npm run build -w @keyway/console):
  --iterations N       timed requests per page (default 50, at most 20 s a page)
  search:
  --explain            print EXPLAIN ANALYZE of every query on both connections
  email:
  --mails N            mails through the pipeline (default 100000)
  --producers N        bulk transactions queueing mails at the same time (default 4)
  pool:
  --assignments N      timed assignments per strategy (default 20000)
  --clients N          clients assigning at the same time (default 20)
  --partners N         partners the assignments go to in turn (default 20; 2 = the demo's own)
  daily (only with --only daily: generating the licenses takes minutes):
  --licenses N         licenses licenses.daily runs over (default 2000000)
  keys (only with --only keys: writing the keys takes minutes):
  --keys N             keys in the batch and rows in the bare COPY (default 1000000)
  --lookups N          timed look-ups of a key by its code (default 2000)
  --registrations N    timed registrations of the batch's keys through registerKey (default 300)
  usage (only with --only usage, on the built console: npm run build -w @keyway/console):
  --records N          usage records through POST /api/v1/usage and rows in the bare COPY (default 1000000)
  --msps N             MSPs of 100 customers × 2 products whose last cycle usage-reports.prepare
                       writes (default 1000)
  billing (only with --only billing):
  --reports N          approved usage reports billing.run drafts bills of (default 1000)
  --lines N            lines per report (default 200)`;

const args = cliArgs(
  {
    only: { type: 'string' },
    iterations: { type: 'string' },
    'seq-iterations': { type: 'string' },
    pairs: { type: 'string' },
    explain: { type: 'boolean' },
    seed: { type: 'string' },
    mails: { type: 'string' },
    producers: { type: 'string' },
    assignments: { type: 'string' },
    clients: { type: 'string' },
    partners: { type: 'string' },
    licenses: { type: 'string' },
    keys: { type: 'string' },
    lookups: { type: 'string' },
    registrations: { type: 'string' },
    records: { type: 'string' },
    msps: { type: 'string' },
    reports: { type: 'string' },
    lines: { type: 'string' },
  },
  USAGE,
);
if (args.only !== undefined && !(BENCHMARKS as readonly string[]).includes(args.only)) {
  console.error(`--only takes ${BENCHMARKS.join(', ')}, not "${args.only}".\n\n${USAGE}`);
  process.exit(2);
}
const runs = (name: (typeof BENCHMARKS)[number]) =>
  name === 'daily' || name === 'keys' || name === 'rls' || name === 'pages' || name === 'usage' || name === 'billing' ? args.only === name : args.only === undefined || args.only === name;
const search = {
  iterations: positiveInt('iterations', args.iterations, 200),
  seqIterations: positiveInt('seq-iterations', args['seq-iterations'], 20),
  explain: args.explain ?? false,
};
const lists = {
  iterations: positiveInt('iterations', args.iterations, 100),
  seqIterations: positiveInt('seq-iterations', args['seq-iterations'], 5),
  pairs: positiveInt('pairs', args.pairs, 30),
};
const mails = positiveInt('mails', args.mails, 100_000);
const email = {
  mails,
  producers: positiveInt('producers', args.producers, 4),
  // Bounded: a pipeline slower than 10 mails a second is reported as a failure, not waited for.
  timeoutSeconds: Math.max(120, Math.ceil(mails / 10)),
};

await withBenchServer(async (server) => {
  if (runs('search') || runs('lists') || runs('rls') || runs('pages')) {
    let dataset = await readDataset(server);
    if (!dataset || dataset.version !== GENERATOR_VERSION) {
      console.log(
        dataset
          ? `The benchmark data set was made by generator v${dataset.version}; generating v${GENERATOR_VERSION} first.`
          : `No benchmark data set in ${server.description}; generating it first.`,
      );
      dataset = await ensureDataset(server, { seed: seedOf(args.seed), force: true });
    } else {
      await migrateDataset(server);
    }
    if (runs('search')) await runSearchBenchmark(server, dataset, search);
    if (runs('lists')) await runListsBenchmark(server, dataset, lists);
    if (runs('rls')) await runRowSecurityBenchmark(server, dataset, lists.pairs);
    if (runs('pages')) await runPagesBenchmark(server, dataset, { iterations: positiveInt('iterations', args.iterations, 50) });
  }
  if (runs('email')) await runEmailBenchmark(server, email);
  if (runs('daily')) await runDailyBenchmark(server, { licenses: positiveInt('licenses', args.licenses, 2_000_000) });
  if (runs('keys')) {
    await runKeysBenchmark(server, {
      keys: positiveInt('keys', args.keys, 1_000_000),
      lookups: positiveInt('lookups', args.lookups, 2_000),
      registrations: positiveInt('registrations', args.registrations, 300),
    });
  }
  if (runs('usage')) {
    await runUsageBenchmark(server, {
      records: positiveInt('records', args.records, 1_000_000),
      msps: positiveInt('msps', args.msps, 1_000),
    });
  }
  if (runs('billing')) {
    await runBillingBenchmark(server, {
      reports: positiveInt('reports', args.reports, 1_000),
      lines: positiveInt('lines', args.lines, 200),
    });
  }
  if (runs('pool')) {
    await runPoolBenchmark(server, {
      assignments: positiveInt('assignments', args.assignments, 20_000),
      clients: positiveInt('clients', args.clients, 20),
      partners: positiveInt('partners', args.partners, 20),
    });
  }
});
