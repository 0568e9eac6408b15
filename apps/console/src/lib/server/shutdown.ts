import { closePool } from './db.ts';
import { stopJobs } from './jobs.ts';

let registered = false;

/**
 * On SIGTERM or SIGINT the Node adapter stops accepting connections, lets the requests in flight
 * finish, then emits `sveltekit:shutdown`. The database pool and pg-boss keep sockets open that
 * would keep the process alive after that, so they are closed here and the process exits.
 */
export function closeOnShutdown(): void {
  if (registered) return;
  registered = true;
  process.once('sveltekit:shutdown', () => {
    void Promise.allSettled([stopJobs(), closePool()]).then((results) => {
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      for (const failure of failed) console.error('[console] shutdown:', failure.reason);
      process.exit(failed.length ? 1 : 0);
    });
  });
}
