import { apiFailure } from '#lib/trpc.ts';

/**
 * What a form shows when the server refuses it: each field's message under that field, and a
 * message above the buttons only when something is not about a field the form shows (a conflict,
 * a missing permission, the last-Administrator rule), so nothing is said twice.
 */
export function formFailure(error: unknown, fields: readonly string[]) {
  const failure = apiFailure(error);
  const fieldErrors = failure.fieldErrors;
  const keys = Object.keys(fieldErrors);
  const allShown = keys.length > 0 && keys.every((key) => fields.includes(key));
  return { fieldErrors, message: allShown ? null : failure.message };
}
