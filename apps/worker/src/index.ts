import { surviveConnectionLoss } from '@keyway/db';
import { parseEnv } from './env.ts';
import { startWorker, type Worker } from './worker.ts';

const env = parseEnv();
surviveConnectionLoss('worker');

// Signal handlers come first: a stop requested while the worker is starting waits for the start
// to finish, then stops it, instead of killing it half-started.
const starting = Promise.withResolvers<Worker>();
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing the jobs in hand`);
    void (async () => {
      try {
        const worker = await starting.promise;
        await worker.stop(env.WORKER_STOP_TIMEOUT_SECONDS);
        process.exit(0);
      } catch (error) {
        console.error('[worker] stop failed:', error);
        process.exit(1);
      }
    })();
  });
}

startWorker({
  databaseUrl: env.DATABASE_URL,
  superviseIntervalSeconds: env.WORKER_SUPERVISE_SECONDS,
  origin: env.ORIGIN,
  email: {
    resendApiKey: env.RESEND_API_KEY,
    resendBaseUrl: env.RESEND_BASE_URL,
    from: env.EMAIL_FROM,
    ratePerSecond: env.EMAIL_RATE_PER_SECOND,
    logOutbox: true,
  },
}).then(starting.resolve, starting.reject);
const worker = await starting.promise;
console.log(`[worker] ready (mail through ${worker.transport.name})`);
