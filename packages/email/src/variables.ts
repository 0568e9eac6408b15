import {
  EMAIL_BLOCKS,
  EMAIL_EVENT_DEFINITIONS,
  type EmailBlocks,
  type EmailEvent,
  type EmailVariableValues,
} from './events.ts';

/** `{{name}}`, whitespace allowed inside the braces. */
const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export type VariableValue = string | number | null | undefined;

/**
 * Replaces every `{{name}}` with its value as plain text; a missing value becomes empty. The result
 * is not HTML: React escapes it when the mail is rendered.
 */
export function interpolate(text: string, values: Readonly<Record<string, VariableValue>>): string {
  return text.replace(VARIABLE, (_match, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value == null ? '' : String(value);
  });
}

/** The variable names the texts use, each once, in order of first use. */
export function variablesIn(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(VARIABLE)) names.add(match[1]!);
  }
  return [...names];
}

export function variableNames(event: EmailEvent): string[] {
  return Object.keys(EMAIL_EVENT_DEFINITIONS[event].variables);
}

/** Names the texts use that the event does not offer, each once, in order of first use. */
export function unknownVariables(event: EmailEvent, texts: readonly string[]): string[] {
  const known = new Set(variableNames(event));
  return variablesIn(texts).filter((name) => !known.has(name));
}

/**
 * The pieces of `text` that look like a variable but are not one: a `{{` that does not open a
 * well-formed `{{name}}`, or a `}}` that closes nothing.
 */
export function malformedVariables(text: string): string[] {
  const found: string[] = [];
  const rest = text.replace(VARIABLE, (match) => ' '.repeat(match.length));
  for (const match of rest.matchAll(/\{\{[^{}]{0,30}\}?\}?|\}\}/g)) found.push(match[0].trim());
  return found;
}

export interface TemplateTextsInput {
  subject: string;
  blocks: Partial<EmailBlocks>;
}

export type TemplateTextsValidation =
  | { ok: true }
  | {
      ok: false;
      /** Variable names not offered by the event. */
      unknown: string[];
      /** Broken placeholders with the field they are in, e.g. `{ field: 'subject', text: '{{cycle' }`. */
      malformed: { field: string; text: string }[];
      message: string;
    };

/**
 * Checks a company's subject and blocks before they are saved: every `{{variable}}` must be one
 * the event offers and every placeholder must be well formed.
 */
export function validateTemplateTexts(event: EmailEvent, texts: TemplateTextsInput): TemplateTextsValidation {
  const fields: [string, string][] = [['subject', texts.subject]];
  for (const block of EMAIL_BLOCKS) {
    const text = texts.blocks[block];
    if (text !== undefined) fields.push([block, text]);
  }

  const unknown = unknownVariables(
    event,
    fields.map(([, text]) => text),
  );
  const malformed = fields.flatMap(([field, text]) => malformedVariables(text).map((bad) => ({ field, text: bad })));
  if (unknown.length === 0 && malformed.length === 0) return { ok: true };

  const messages: string[] = [];
  if (unknown.length > 0) {
    const available = variableNames(event).map(braced).join(', ');
    messages.push(`Unknown variables: ${unknown.map(braced).join(', ')}. Available: ${available}.`);
  }
  if (malformed.length > 0) {
    const list = malformed.map(({ field, text }) => `"${text}" in ${field}`).join(', ');
    messages.push(`Malformed variables: ${list}. Write a variable as {{name}}, with two braces on each side.`);
  }
  return { ok: false, unknown, malformed, message: messages.join(' ') };
}

/** Preview values: the documented example of every variable of the event. */
export function sampleValues<E extends EmailEvent>(event: E): EmailVariableValues<E> {
  const variables: Record<string, { example: string }> = EMAIL_EVENT_DEFINITIONS[event].variables;
  return Object.fromEntries(
    Object.entries(variables).map(([name, { example }]) => [name, example]),
  ) as EmailVariableValues<E>;
}

function braced(name: string): string {
  return `{{${name}}}`;
}

/** Every block of `blocks` with the values filled in. */
export function interpolateBlocks(blocks: EmailBlocks, values: Readonly<Record<string, VariableValue>>): EmailBlocks {
  return Object.fromEntries(EMAIL_BLOCKS.map((name) => [name, interpolate(blocks[name], values)])) as EmailBlocks;
}
