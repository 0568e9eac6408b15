import { NAVIGATION } from '@keyway/core/navigation';
import { itChecksTranslations } from '@keyway/core/testing/messages';
import { describe, expect, it } from 'vitest';
import { NAV_LABELS } from './labels.ts';

const MESSAGES = new URL('../../messages/', import.meta.url);

describe('messages', () => {
  itChecksTranslations(MESSAGES, 'messages');

  it('names every entry of the navigation bar in each language', () => {
    const labels = NAVIGATION.flatMap((group) => [group.label, ...group.items.map((item) => item.label)]);
    expect(labels.filter((label) => !NAV_LABELS[label])).toEqual([]);
  });
});
