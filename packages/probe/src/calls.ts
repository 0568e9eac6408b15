import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ApiCaller } from '@keyway/api';

export interface Outcome {
  /** `OK`, or the tRPC error code the caller would see. */
  code: string;
  message?: string;
  /** Set for a refusal by input validation (the input's shape), as opposed to the domain's. */
  invalidInput?: boolean;
  /** What the server logged for a 500: the cause the caller never sees. */
  cause?: string;
  result?: unknown;
}

/** What the api logged for the last 500 (its error middleware logs the cause and hides it from the caller). */
let lastLogged: string | undefined;
const originalError = console.error;

/** Keeps the api's 500 logs for the report instead of printing thousands of them. */
export function captureServerLogs(): () => void {
  console.error = (...args: unknown[]) => {
    let cause = args.find((a) => a instanceof Error) as (Error & { code?: string }) | undefined;
    // Drizzle wraps the driver's error ("Failed query: …"); the driver's says what went wrong.
    while (cause?.cause instanceof Error) cause = cause.cause as Error & { code?: string };
    lastLogged = cause ? `${cause.code ? `${cause.code} ` : ''}${cause.message.split('\n')[0]}` : args.map(String).join(' ').slice(0, 200);
  };
  return () => {
    console.error = originalError;
  };
}

/** The cause the api logged since the last call to this, if any. */
export function takeLogged(): string | undefined {
  const logged = lastLogged;
  lastLogged = undefined;
  return logged;
}

export function procedureAt(caller: ApiCaller, path: string): (input: unknown) => Promise<unknown> {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
}

export async function callProcedure(caller: ApiCaller, path: string, input: unknown): Promise<Outcome> {
  lastLogged = undefined;
  try {
    const result = await procedureAt(caller, path)(input);
    return { code: 'OK', result };
  } catch (error) {
    if (error instanceof TRPCError) {
      const outcome: Outcome = { code: error.code, message: error.message, invalidInput: error.cause instanceof ZodError };
      if (error.code === 'INTERNAL_SERVER_ERROR') outcome.cause = lastLogged ?? error.cause?.message ?? error.message;
      return outcome;
    }
    return { code: 'INTERNAL_SERVER_ERROR', cause: `not a TRPCError: ${String(error).split('\n')[0]}` };
  }
}

/** A short, stable label for a cause: ids and the values that differ per input blanked, so one cause groups once. */
export function causeLabel(cause: string | undefined): string {
  return (cause ?? 'unknown')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/(out of range: )"[^"]*"/g, '$1"…"')
    .slice(0, 160);
}
