import { parseEnv } from './env.ts';
import { startWorker } from './worker.ts';

const env = parseEnv();
const worker = await startWorker({
  databaseUrl: env.DATABASE_URL,
  email: {
    resendApiKey: env.RESEND_API_KEY,
    resendBaseUrl: env.RESEND_BASE_URL,
    from: env.EMAIL_FROM,
    ratePerSecond: env.EMAIL_RATE_PER_SECOND,
  },
});
console.log(`[worker] ready (mail through ${worker.transport.name})`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing the jobs in hand`);
    worker
      .stop(env.WORKER_STOP_TIMEOUT_SECONDS)
      .then(() => process.exit(0))
      .catch((error) => {
        console.error('[worker] stop failed:', error);
        process.exit(1);
      });
  });
}
