import { NAVIGATION } from '@keyway/core/navigation';
import { readMessages, translationGaps } from '@keyway/core/testing/messages';
import { describe, expect, it } from 'vitest';
import { NAV_LABELS } from './labels.ts';

const MESSAGES = new URL('../../messages/', import.meta.url);
const en = readMessages(MESSAGES, 'en');

describe('messages', () => {
  it('has every English message in German, with the same parameters', () => {
    const { missing, extra, mismatched } = translationGaps(en, readMessages(MESSAGES, 'de'));
    expect(missing, `German lacks ${missing.length} messages`).toEqual([]);
    expect(mismatched, 'German messages whose parameters differ from the English ones').toEqual([]);
    expect(extra, 'German messages English does not have').toEqual([]);
  });

  it('reports how much of French is done (French may be partial)', () => {
    const { missing, mismatched } = translationGaps(en, readMessages(MESSAGES, 'fr'));
    console.info(`French: ${Object.keys(en).length - missing.length} of ${Object.keys(en).length} messages translated.`);
    expect(mismatched, 'French messages whose parameters differ from the English ones').toEqual([]);
  });

  it('names every entry of the navigation bar in each language', () => {
    const labels = NAVIGATION.flatMap((group) => [group.label, ...group.items.map((item) => item.label)]);
    expect(labels.filter((label) => !NAV_LABELS[label])).toEqual([]);
  });
});
