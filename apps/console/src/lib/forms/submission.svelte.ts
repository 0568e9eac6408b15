import { untrack } from 'svelte';
import { dialogFailure, focusFirstInvalid, validationFailure, type FieldErrors, type Shown } from './form-failure.ts';

export interface SubmissionOptions {
  /**
   * The input paths the form shows: a refusal whose messages all land beside them leaves the alert
   * empty, anything else (a conflict, a missing permission) is said in it.
   */
  shown: Shown;
  /**
   * Put a conflict that names its field (a taken account name or email) beside that field as well;
   * by default only the schema's refusals are placed and a conflict goes to the alert.
   */
  conflicts?: boolean;
  /** The form whose first invalid input takes focus after a refusal. */
  focus?: () => HTMLElement | null | undefined;
  /** A dialog's open state: each time it opens, the last refusal is forgotten and `reset` runs. */
  open?: () => boolean;
  /** Sets the dialog's fields from its subject as it stands, each time it opens. */
  reset?: () => void;
  /** Runs after a refusal, with what was thrown (a wait to count down, a password to clear). */
  onerror?: (error: unknown) => void;
}

/** A refusal found in the browser inside an action: thrown, it shows beside the fields like the server's. */
export class Refusal extends Error {
  constructor(readonly fields: FieldErrors) {
    super('Refused in the browser.');
  }
}

/**
 * A form's or a dialog's submission: whether it is under way, the server's refusal split by field,
 * and the message no field on the form takes. Every form and dialog of the console holds one.
 */
export class Submission {
  busy = $state(false);
  message = $state<string | null>(null);
  fields = $state<FieldErrors>({});
  #options: SubmissionOptions;

  /** Call during component set-up: with `open`, it watches the dialog open. */
  constructor(options: SubmissionOptions) {
    this.#options = options;
    const { open, reset } = options;
    if (!open) return;
    $effect.pre(() => {
      if (!open()) return;
      untrack(() => {
        this.clear();
        reset?.();
      });
    });
  }

  /** Forgets the last refusal (a dialog opened again, a form reset). */
  clear() {
    this.message = null;
    this.fields = {};
  }

  /** A refusal found in the browser, before anything is sent. */
  refuse(fields: FieldErrors, message: string | null = null) {
    this.fields = fields;
    this.message = message;
    this.#focus();
  }

  /**
   * Runs `action` (the call, then whatever follows success: closing, navigating), locked while it
   * runs. Resolves to whether it succeeded; a refusal lands in `fields` and `message`.
   */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.clear();
    try {
      await action();
      return true;
    } catch (error) {
      if (error instanceof Refusal) {
        this.refuse(error.fields);
        return false;
      }
      const { shown, conflicts } = this.#options;
      if (conflicts) ({ fields: this.fields, message: this.message } = dialogFailure(error, shown));
      else ({ fieldErrors: this.fields, message: this.message } = validationFailure(error, shown));
      this.#options.onerror?.(error);
      this.#focus();
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** `aria-invalid` for an input: set while the field has a message. */
  invalid(field: string): true | undefined {
    return this.fields[field]?.length ? true : undefined;
  }

  #focus() {
    if (this.#options.focus) focusFirstInvalid(this.#options.focus() ?? undefined);
  }
}
