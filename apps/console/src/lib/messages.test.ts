import { readFileSync } from 'node:fs';
import { NAVIGATION } from '@keyway/core/navigation';
import { describe, expect, it } from 'vitest';
import { NAV_LABELS } from './labels.ts';

type Messages = Record<string, unknown>;
const read = (locale: string): Messages => {
  const { $schema: _schema, ...messages } = JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Messages;
  return messages;
};
/** The `{parameters}` a message uses, plural variants included. */
const parameters = (message: unknown) => [...new Set(JSON.stringify(message).match(/\{\w+\}/g) ?? [])].sort();

const en = read('en');

describe('messages', () => {
  it('has every English message in German, with the same parameters', () => {
    const de = read('de');
    const missing = Object.keys(en).filter((key) => !(key in de));
    expect(missing, `German lacks ${missing.length} messages`).toEqual([]);
    const mismatched = Object.keys(en).filter((key) => parameters(en[key]).join() !== parameters(de[key]).join());
    expect(mismatched, 'German messages whose parameters differ from the English ones').toEqual([]);
    expect(Object.keys(de).filter((key) => !(key in en)), 'German messages English does not have').toEqual([]);
  });

  it('reports how much of French is done (French may be partial)', () => {
    const fr = read('fr');
    const missing = Object.keys(en).filter((key) => !(key in fr));
    console.info(`French: ${Object.keys(en).length - missing.length} of ${Object.keys(en).length} messages translated.`);
    const mismatched = Object.keys(fr).filter((key) => key in en && parameters(en[key]).join() !== parameters(fr[key]).join());
    expect(mismatched, 'French messages whose parameters differ from the English ones').toEqual([]);
  });

  it('names every entry of the navigation bar in each language', () => {
    const labels = NAVIGATION.flatMap((group) => [group.label, ...group.items.map((item) => item.label)]);
    expect(labels.filter((label) => !NAV_LABELS[label])).toEqual([]);
  });
});
