/** SQLSTATEs of a server that ended the connection: admin shutdown, crash, not accepting yet. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);
/** The driver's and the socket's own codes for a connection that went away. */
const SOCKET_GONE = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
]);

/** Whether an error says the database connection was lost (a failover, a restart, a proxy). */
export function isConnectionLoss(error: unknown): boolean {
  if (!error || typeof error !== 'object' || !('code' in error)) return false;
  const code = String(error.code);
  return SERVER_GONE.has(code) || SOCKET_GONE.has(code) || code.startsWith('08');
}

/**
 * When every connection is terminated at once, the driver also rejects promises of queries whose
 * callers already failed on the same loss (and are retried by the job queue or answered with an
 * error); left unhandled, such a rejection would end the process. These are logged and the
 * process carries on; any other unhandled rejection still ends it.
 */
export function surviveConnectionLoss(processName: string): void {
  process.on('unhandledRejection', (reason) => {
    if (!isConnectionLoss(reason)) throw reason;
    console.error(`[${processName}] database connection lost: ${(reason as Error).message}`);
  });
}
