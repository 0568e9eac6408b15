import { createDb } from '@keyway/db';
import { env } from './env.ts';

/** One pool for the life of the process. */
export const db = createDb(env.DATABASE_URL, { max: 10 });
