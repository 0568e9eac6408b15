import { fail, type ActionFailure } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';
import { DomainError } from '@keyway/core/errors';
import { fieldErrorsOf } from '@keyway/core/field-errors';

/** What a form action that failed renders back into its page (the `form` prop). */
export interface FailedAction {
  message: string;
  /** What the user typed, except secrets, so the page can show it again. */
  values: Record<string, string>;
  fieldErrors: Record<string, string[]>;
  retryAfterSeconds?: number;
}

/**
 * Turns an error of an in-process API call into the form action's answer, the way `apiFailure`
 * does for the browser's calls: the server's message, field errors, and the status tRPC would send.
 */
export function actionFailure(
  error: unknown,
  values: Record<string, string> = {},
): ActionFailure<FailedAction> {
  if (!(error instanceof TRPCError)) throw error;
  const fieldErrors = error.cause instanceof ZodError ? fieldErrorsOf(error.cause) : {};
  const retryAfterSeconds =
    error.cause instanceof DomainError ? (error.cause.details?.retryAfterSeconds as number | undefined) : undefined;
  return fail(getHTTPStatusCodeFromError(error), { message: error.message, values, fieldErrors, retryAfterSeconds });
}
