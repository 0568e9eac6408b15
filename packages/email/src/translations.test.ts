import { describe, expect, it } from 'vitest';
import { DEFAULT_BRAND } from './brand.ts';
import { EMAIL_BLOCKS, EMAIL_EVENTS, EMAIL_EVENT_DEFINITIONS, type EmailTexts } from './events.ts';
import { renderEmail } from './render.ts';
import { sampleValues, variablesIn } from './variables.ts';

/** The languages every event's built-in text must be written in, besides English. */
const REQUIRED = ['de'] as const;
/** Started: checked where present. */
const STARTED = ['fr'] as const;

const textsOf = (texts: EmailTexts) => [texts.subject, ...EMAIL_BLOCKS.map((name) => texts.blocks[name])];

describe('built-in text in the reader’s language', () => {
  for (const language of [...REQUIRED, ...STARTED]) {
    describe(language, () => {
      it.each(EMAIL_EVENTS)(`%s has its own ${language} text with the English one’s variables`, (event) => {
        const definition = EMAIL_EVENT_DEFINITIONS[event];
        const translated = (definition as { translations?: Partial<Record<string, EmailTexts>> }).translations?.[language];
        if (!translated && (STARTED as readonly string[]).includes(language)) return;
        expect(translated, `${event} has no built-in ${language} text`).toBeDefined();
        const english = textsOf(definition.defaults);
        const texts = textsOf(translated!);
        for (const [index, text] of texts.entries()) {
          expect(text.trim(), `${event}: part ${index} is empty`).not.toBe('');
          if (english[index] !== text) continue;
          // A subject or block may read the same only when it holds nothing but variables.
          expect(text.replace(/\{\{\w+\}\}/g, '').trim()).toBe('');
        }
        expect(new Set(variablesIn(texts))).toEqual(new Set(variablesIn(english)));
      });
    });
  }

  it.each(EMAIL_EVENTS)('a German reader of %s gets no English words from the layout or its details', async (event) => {
    const german = (EMAIL_EVENT_DEFINITIONS[event] as { translations?: Partial<Record<string, EmailTexts>> }).translations?.['de'];
    expect(german).toBeDefined();
    const mail = await renderEmail({
      event,
      brand: { ...DEFAULT_BRAND, supportUrl: 'mailto:help@keyway.example' },
      companyName: 'Contoso Networks',
      language: 'de',
      subject: german!.subject,
      blocks: german!.blocks,
      variables: sampleValues(event),
    });
    expect(mail.text).toContain('Gesendet von');
    expect(mail.text).not.toMatch(/\b(Hello|Sent by|Need help|Product|Service plan|Expires|Thank you)\b/);
  });
});
