import { z } from 'zod';

/** The console's environment, parsed once at start-up. `.env.example` documents each variable. */
const ZEnv = z.object({
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL.'),
  /** The public origin, e.g. https://keyway.example.com; state-changing requests must come from it. */
  ORIGIN: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
});

export type Env = z.infer<typeof ZEnv>;

function parseEnv(): Env {
  const result = ZEnv.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`The console's environment is not valid:\n${problems.join('\n')}`);
  }
  return result.data;
}

let parsed: Env | undefined;

/** Parsed on first use, so that building the console needs no environment. */
export function env(): Env {
  parsed ??= parseEnv();
  return parsed;
}
