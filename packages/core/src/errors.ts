import { TRANSACTION_CONFLICT_CODES } from '@keyway/db';

/**
 * A failure the caller can act on. Domain functions throw these; the API turns each code into its
 * HTTP status, and the message is shown to the person as written.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra facts for the client, e.g. `{ retryAfterSeconds: 42 }`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * A refusal of something the caller cannot see: `notFound(m.not_found_customer())`. The message is
 * whole ("Customer was not found."), so each language words it its own way.
 */
export const notFound = (message: string) => new DomainError('NOT_FOUND', message);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

/** The Postgres error behind `error` (drivers and the ORM wrap it), if any. */
export function postgresError(error: unknown): { code: string; constraint_name?: string } | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as { code: string; constraint_name?: string };
  }
  return null;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = postgresError(error);
  return pg?.code === '23505' && (!constraint || pg.constraint_name === constraint);
}

/**
 * A deadlock or serialization failure: the transaction lost a race with another one changing the
 * same rows. `db.transaction` already ran it again; one that still conflicts is the caller's to retry.
 */
export function isTransactionConflict(error: unknown): boolean {
  const pg = postgresError(error);
  return pg !== null && TRANSACTION_CONFLICT_CODES.includes(pg.code);
}
