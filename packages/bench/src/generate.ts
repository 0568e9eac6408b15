import { cliArgs, seedOf } from './args.ts';
import { ensureDataset } from './dataset.ts';
import { withBenchServer } from './server.ts';

/**
 * `npm run bench:data`: generates the search benchmark's data set (1,000,000 customers, 10,000
 * tier-2 partners) into its own database, unless the same seed is already there.
 */
const USAGE = `Usage: npm run bench:data -- [--seed N] [--force]
  --seed N   seed of the generator (default 1127); the same seed gives the same rows
  --force    generate again even when the data set of that seed is already there`;

const args = cliArgs({ seed: { type: 'string' }, force: { type: 'boolean' } }, USAGE);

await withBenchServer((server) =>
  ensureDataset(server, { seed: seedOf(args.seed), force: args.force ?? false }),
);
