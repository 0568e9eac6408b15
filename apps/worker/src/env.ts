import { z } from 'zod';

/** The worker's environment, parsed once at start-up. `.env.example` documents each variable. */
const ZEnv = z.object({
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL.'),
  /** Seconds a stopping worker waits for the jobs in hand before it gives up on them. */
  WORKER_STOP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
});

export function parseEnv(source: NodeJS.ProcessEnv = process.env): z.infer<typeof ZEnv> {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`The worker's environment is not valid:\n${problems.join('\n')}`);
  }
  return result.data;
}
