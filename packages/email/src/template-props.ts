import { DEFAULT_BRAND, type Brand } from './brand.ts';
import { EMAIL_EVENT_DEFINITIONS, type EmailBlocks, type EmailEvent, type EmailVariableValues } from './events.ts';
import { interpolateBlocks, sampleValues } from './variables.ts';

/** What every template receives: the brand, the sender, the filled-in texts and the raw values. */
export interface EmailTemplateProps<E extends EmailEvent> {
  brand: Brand;
  /** The company the mail is sent on behalf of. */
  companyName: string;
  language: string;
  /** The texts with the variables already filled in. */
  blocks: EmailBlocks;
  /** The same values, for the parts a template lays out itself (links, details, codes). */
  variables: EmailVariableValues<E>;
}

/** Sample company name used by previews. */
export const PREVIEW_COMPANY_NAME = 'Northwind IT';

/** Props rendering the event's built-in texts with the catalogue's example values. */
export function previewProps<E extends EmailEvent>(event: E): EmailTemplateProps<E> {
  const variables = sampleValues(event);
  return {
    brand: DEFAULT_BRAND,
    companyName: PREVIEW_COMPANY_NAME,
    language: 'en',
    blocks: interpolateBlocks(EMAIL_EVENT_DEFINITIONS[event].defaults.blocks, variables),
    variables,
  };
}

/** "25 mailboxes", or nothing when the count is missing. */
export function unitsText(units: string, unitType: string): string {
  return units.trim() ? `${units} ${unitType}`.trim() : '';
}
