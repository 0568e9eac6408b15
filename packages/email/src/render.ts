import { render, toPlainText } from '@react-email/render';
import { createElement, type ComponentType } from 'react';
import type { Brand } from './brand.ts';
import {
  EMAIL_BLOCKS,
  EMAIL_EVENT_DEFINITIONS,
  type EmailBlocks,
  type EmailEvent,
  type EmailEventDefinition,
  type EmailVariableInput,
  type EmailVariableValues,
} from './events.ts';
import { PREVIEW_COMPANY_NAME, type EmailTemplateProps } from './template-props.ts';
import { EMAIL_TEMPLATES } from './templates/index.ts';
import { interpolate, interpolateBlocks, sampleValues, variablesIn } from './variables.ts';

export interface RenderEmailInput<E extends EmailEvent = EmailEvent> {
  event: E;
  /** The sending company's brand (its own or inherited). */
  brand: Brand;
  /** The company the mail is sent on behalf of. */
  companyName: string;
  /** Language tag of the recipient, e.g. `en`. */
  language: string;
  /** The company's subject for this event and language; the built-in one when absent. */
  subject?: string;
  /** The company's blocks; any block left out keeps its built-in text. */
  blocks?: Partial<EmailBlocks>;
  variables: EmailVariableInput<E>;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders one mail: the company's texts (or the built-in ones) with the variables filled in, laid
 * out in the event's template, as HTML and plain text. Missing variables render empty, except a
 * required one the texts use (or the button's link), which throws: better no mail than a dead link.
 */
export async function renderEmail<E extends EmailEvent>(input: RenderEmailInput<E>): Promise<RenderedEmail> {
  const prepared = prepareEmail(input);
  const { html, text } = await renderLayout(input, prepared.blockTexts, prepared.values);
  return { subject: prepared.subject, html, text };
}

/** What every way of producing a mail shares: its texts, its values, and the checks on them. */
export interface PreparedEmail {
  definition: EmailEventDefinition;
  subject: string;
  /** The block texts, variables not yet filled in. */
  blockTexts: EmailBlocks;
  /** One string per catalogue variable. */
  values: Record<string, string>;
}

export function prepareEmail(input: RenderEmailInput): PreparedEmail {
  const definition: EmailEventDefinition = EMAIL_EVENT_DEFINITIONS[input.event];
  const subjectText = input.subject ?? definition.defaults.subject;
  const blockTexts = { ...definition.defaults.blocks };
  for (const name of EMAIL_BLOCKS) {
    const text = input.blocks?.[name];
    if (text !== undefined) blockTexts[name] = text;
  }

  const values = completeValues(definition, input.variables);
  assertRequiredPresent(definition, [subjectText, ...Object.values(blockTexts)], blockTexts, values);
  return {
    definition,
    // A subject is one line, whatever the values hold.
    subject: interpolate(subjectText, values).replace(/\s+/g, ' ').trim(),
    blockTexts,
    values,
  };
}

/** The event's template laid out with `values` (which may be placeholders), as HTML and plain text. */
export async function renderLayout(
  input: Pick<RenderEmailInput, 'event' | 'brand' | 'companyName' | 'language'>,
  blockTexts: EmailBlocks,
  values: Record<string, string>,
): Promise<{ html: string; text: string }> {
  const Template = EMAIL_TEMPLATES[input.event] as ComponentType<EmailTemplateProps<EmailEvent>>;
  const props: EmailTemplateProps<EmailEvent> = {
    brand: input.brand,
    companyName: input.companyName,
    language: input.language,
    blocks: interpolateBlocks(blockTexts, values),
    variables: values as EmailVariableValues<EmailEvent>,
  };
  const html = await render(createElement(Template, props));
  return { html, text: toPlainText(html, { selectors: TEXT_SELECTORS }) };
}

const TEXT_SELECTORS = [
  { selector: 'h1', options: { uppercase: false } },
  // A detail row keeps its value on one line however long it is: the text part reads the same for
  // every length of value, which lets a compiled template fill it in (compiled.ts).
  { selector: '[data-text-format="dataTable"]', format: 'dataTable', options: { maxColumnWidth: 100_000 } },
];

export interface PreviewOverrides {
  subject?: string;
  blocks?: Partial<EmailBlocks>;
  companyName?: string;
  language?: string;
}

/** Renders the event with the catalogue's example values: the preview shown while editing a template. */
export function renderPreview(event: EmailEvent, brand: Brand, overrides: PreviewOverrides = {}): Promise<RenderedEmail> {
  return renderEmail({
    event,
    brand,
    companyName: overrides.companyName ?? PREVIEW_COMPANY_NAME,
    language: overrides.language ?? 'en',
    subject: overrides.subject,
    blocks: overrides.blocks,
    variables: sampleValues(event),
  });
}

/** One string per catalogue variable, empty when not given; names the catalogue does not know are dropped. */
function completeValues(definition: EmailEventDefinition, given: Readonly<Record<string, string | number | null | undefined>>) {
  const values: Record<string, string> = {};
  for (const name of Object.keys(definition.variables)) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    values[name] = value == null ? '' : String(value);
  }
  return values;
}

function assertRequiredPresent(
  definition: EmailEventDefinition,
  texts: string[],
  blocks: EmailBlocks,
  values: Record<string, string>,
) {
  const used = new Set(variablesIn(texts));
  if (blocks.action.trim()) used.add(definition.action.urlVariable);
  const missing = [...used].filter((name) => definition.variables[name]?.required && values[name]!.trim() === '');
  if (missing.length > 0) {
    const list = missing.map((name) => `{{${name}}}`).join(', ');
    throw new Error(`Cannot render the "${definition.label}" mail: no value for ${list}, which it needs.`);
  }
}
