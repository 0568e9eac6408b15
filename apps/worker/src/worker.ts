import { PgBoss } from 'pg-boss';
import { jobs } from '@keyway/core';
import { closeDb, createDb, type Db } from '@keyway/db';
import { sessionsCleanup } from './handlers/sessions-cleanup.ts';

export interface Worker {
  boss: PgBoss;
  db: Db;
  stop(timeoutSeconds?: number): Promise<void>;
}

/**
 * Starts pg-boss on the application database, creates every queue of the registry, and
 * registers one handler per queue.
 */
export async function startWorker(databaseUrl: string): Promise<Worker> {
  const db = createDb(databaseUrl, { max: 5 });
  const boss = new PgBoss({ connectionString: databaseUrl, max: 5 });
  let stopping = false;
  // While stopping, a terminal's Ctrl-C may have stopped the database too; its connection errors
  // are expected then, and the jobs in hand go back to the queue.
  boss.on('error', (error) => {
    if (!stopping) console.error('[worker] pg-boss:', error.message);
  });
  await boss.start();
  await jobs.registerQueues(boss);

  await boss.work(jobs.sessionsCleanup.name, async ([job]) => {
    const result = await sessionsCleanup(db);
    console.log(`[worker] ${jobs.sessionsCleanup.name} ${job?.id}: deleted ${result.sessions} sessions, ${result.rateLimits} rate-limit windows`);
    return result;
  });

  return {
    boss,
    db,
    async stop(timeoutSeconds = 30) {
      stopping = true;
      // Finishes the jobs in hand before closing; unfinished ones go back to the queue.
      await boss.stop({ graceful: true, timeout: timeoutSeconds * 1000 });
      await closeDb(db);
    },
  };
}
