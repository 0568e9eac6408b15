import type { ZodType } from 'zod';
import { fieldErrorsOf } from '@keyway/core/field-errors';
import { apiFailure } from '#lib/trpc.ts';

/** Messages per input path as the API names it: `profile.accountName`, `admin.email`, `reason`. */
export type FieldErrors = Record<string, string[]>;

/** The input paths a form shows, listed or as a test (`(field) => field.startsWith('profile.')`). */
export type Shown = readonly string[] | ((field: string) => boolean);

export interface FormFailure {
  /** The server's message, shown in an alert when no field on the form takes it. */
  message: string;
  code: string | undefined;
  fields: FieldErrors;
}

/**
 * A failed create or update, split by field. Zod refusals arrive as `fieldErrors`; a conflict (a
 * taken account name, a taken administrator email) names its field in `data.field`, in whatever
 * language the message is written.
 */
export function formFailure(error: unknown): FormFailure {
  const failure = apiFailure(error);
  const fields: FieldErrors = { ...failure.fieldErrors };
  const field = dataField(error);
  if (field) (fields[field] ??= []).push(failure.message);
  return { message: failure.message, code: failure.code, fields };
}

function dataField(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data = (error as { data?: { field?: unknown } }).data;
  return typeof data?.field === 'string' ? data.field : undefined;
}

/**
 * A refusal for a dialog that places only validation messages beside its inputs (`shown`) and says
 * everything else, a conflict included, in its alert.
 */
export function validationFailure(error: unknown, shown: Shown): { fieldErrors: FieldErrors; message: string | null } {
  const failure = apiFailure(error);
  return { fieldErrors: failure.fieldErrors, message: unplacedMessage({ ...failure, fields: failure.fieldErrors }, shown) };
}

/**
 * The message for the form's alert: none when every field error lands on an input the form
 * shows (`shown` names them or says which), the server's message otherwise (a conflict, a missing
 * permission, the last-Administrator rule), so nothing is said twice.
 */
export function unplacedMessage(failure: FormFailure, shown: Shown): string | null {
  const isShown = typeof shown === 'function' ? shown : (field: string) => shown.includes(field);
  const keys = Object.keys(failure.fields);
  if (keys.length > 0 && keys.every(isShown)) return null;
  return failure.message;
}

/** Checks a value against the server's own schema, so a step is refused in the browser for the reasons the server would give. */
export function validate(schema: ZodType, value: unknown, prefix = ''): FieldErrors {
  const result = schema.safeParse(value);
  return result.success ? {} : fieldErrorsOf(result.error, prefix);
}

export function hasErrors(errors: FieldErrors, prefix = ''): boolean {
  return Object.entries(errors).some(([key, messages]) => key.startsWith(prefix) && messages.length > 0);
}

/** Moves focus to the first invalid input after the page has shown the messages. */
export function focusFirstInvalid(root: ParentNode = document): void {
  requestAnimationFrame(() => {
    const first = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}

/**
 * A refusal split for a dialog: messages for the fields it shows (`shown`) go beside them, any
 * other message (a wrong status, a missing permission) to its alert.
 */
export function dialogFailure(error: unknown, shown: Shown): { fields: FieldErrors; message: string | null } {
  const failure = formFailure(error);
  return { fields: failure.fields, message: unplacedMessage(failure, shown) };
}
