import { z } from 'zod';

/** The worker's environment, parsed once at start-up. `.env.example` documents each variable. */
const ZEnv = z.object({
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL.'),
  /** Seconds a stopping worker waits for the jobs in hand before it gives up on them. */
  WORKER_STOP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** Seconds between looks for expired jobs and jobs whose heartbeat went stale (retried at the next look). */
  WORKER_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Resend API key; without it mails go to the local outbox (marked sent, readable in the console). */
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Another Resend API address, e.g. a local stand-in. */
  RESEND_BASE_URL: z.string().url().optional(),
  /** The console's public origin, for links in mails the jobs write. */
  ORIGIN: z.string().url('ORIGIN must be the console\'s address, e.g. https://keyway.example.com.').optional(),
  EMAIL_FROM: z.string().min(3).default('Keyway <no-reply@keyway.example>'),
  /** Provider requests per second from this worker (one mail, or a batch of up to 100); Resend's default limit is 2. 0 turns the limit off. */
  EMAIL_RATE_PER_SECOND: z.coerce.number().min(0).max(1000).default(2),
});

export type WorkerEnv = z.infer<typeof ZEnv>;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`The worker's environment is not valid:\n${problems.join('\n')}`);
  }
  return result.data;
}
