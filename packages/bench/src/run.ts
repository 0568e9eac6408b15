import { cliArgs, positiveInt, seedOf } from './args.ts';
import { ensureDataset, GENERATOR_VERSION, readDataset } from './dataset.ts';
import { runEmailBenchmark } from './email.ts';
import { runSearchBenchmark } from './search.ts';
import { withBenchServer } from './server.ts';

/**
 * `npm run bench`: the dashboard search over a million customers (search.ts), then the email
 * pipeline (email.ts), on the benchmark's own server.
 */
const USAGE = `Usage: npm run bench -- [--only search|email] [--iterations N] [--seq-iterations N] [--explain] [--seed N] [--mails N] [--producers N]
  --only search|email  run one of the two benchmarks (default: both)
  search:
  --iterations N       timed calls per query with the indexes (default 200, at most 30 s per query)
  --seq-iterations N   timed calls per query forced to a sequential scan (default 20, at most 30 s)
  --explain            print EXPLAIN ANALYZE of every query on both connections
  --seed N             seed to generate the data set with when there is none yet (default 1127)
  email:
  --mails N            mails through the pipeline (default 10000)
  --producers N        mails queued at the same time, one transaction each (default 4)`;

const args = cliArgs(
  {
    only: { type: 'string' },
    iterations: { type: 'string' },
    'seq-iterations': { type: 'string' },
    explain: { type: 'boolean' },
    seed: { type: 'string' },
    mails: { type: 'string' },
    producers: { type: 'string' },
  },
  USAGE,
);
if (args.only !== undefined && args.only !== 'search' && args.only !== 'email') {
  console.error(`--only takes search or email, not "${args.only}".\n\n${USAGE}`);
  process.exit(2);
}
const search = {
  iterations: positiveInt('iterations', args.iterations, 200),
  seqIterations: positiveInt('seq-iterations', args['seq-iterations'], 20),
  explain: args.explain ?? false,
};
const mails = positiveInt('mails', args.mails, 10_000);
const email = {
  mails,
  producers: positiveInt('producers', args.producers, 4),
  // Bounded: a pipeline slower than 10 mails a second is reported as a failure, not waited for.
  timeoutSeconds: Math.max(120, Math.ceil(mails / 10)),
};

await withBenchServer(async (server) => {
  if (args.only !== 'email') {
    let dataset = await readDataset(server);
    if (!dataset || dataset.version !== GENERATOR_VERSION) {
      console.log(
        dataset
          ? `The benchmark data set was made by generator v${dataset.version}; generating v${GENERATOR_VERSION} first.`
          : `No benchmark data set in ${server.description}; generating it first.`,
      );
      dataset = await ensureDataset(server, { seed: seedOf(args.seed), force: true });
    }
    await runSearchBenchmark(server, dataset, search);
  }
  if (args.only !== 'search') await runEmailBenchmark(server, email);
});
