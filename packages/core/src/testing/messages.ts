import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/*
 * How a paraglide project's translations are checked (the console's messages and the API's):
 * German must have every English message with the same `{parameters}`; French may lag.
 */

export type Messages = Record<string, unknown>;

/** The messages of `messages/{locale}.json` in the folder `dir` (a file URL), without `$schema`. */
export function readMessages(dir: URL, locale: string): Messages {
  const { $schema: _schema, ...messages } = JSON.parse(readFileSync(new URL(`${locale}.json`, dir), 'utf8')) as Messages;
  return messages;
}

/** The `{parameters}` a message uses, plural variants included. */
const parameters = (message: unknown) => [...new Set(JSON.stringify(message).match(/\{\w+\}/g) ?? [])].sort().join();

/** What a translation lacks, has too much of, or words with other parameters than English. */
export function translationGaps(en: Messages, other: Messages) {
  return {
    missing: Object.keys(en).filter((key) => !(key in other)),
    extra: Object.keys(other).filter((key) => !(key in en)),
    mismatched: Object.keys(other).filter((key) => key in en && parameters(en[key]) !== parameters(other[key])),
  };
}

/**
 * The checks every project's messages pass: German complete, French reported (it may be
 * partial), both with English's parameters. Call inside a `describe`.
 */
export function itChecksTranslations(dir: URL, what: string): void {
  const en = readMessages(dir, 'en');
  it('has every English message in German, with the same parameters', () => {
    const { missing, extra, mismatched } = translationGaps(en, readMessages(dir, 'de'));
    expect(missing, `German lacks ${missing.length} messages`).toEqual([]);
    expect(mismatched, 'German messages whose parameters differ from the English ones').toEqual([]);
    expect(extra, 'German messages English does not have').toEqual([]);
  });

  it('reports how much of French is done (French may be partial)', () => {
    const { missing, mismatched } = translationGaps(en, readMessages(dir, 'fr'));
    console.info(`French: ${Object.keys(en).length - missing.length} of ${Object.keys(en).length} ${what} translated.`);
    expect(mismatched, 'French messages whose parameters differ from the English ones').toEqual([]);
  });
}
