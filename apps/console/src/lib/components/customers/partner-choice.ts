import type { PickerKind } from '#lib/components/shared/company-picker.svelte';
import { trpc } from '#lib/trpc.ts';
import { DIRECT } from './customers-list.ts';

const LIMIT = 20;

/**
 * A tier-1's choice of whose customers to list: all, those it manages directly, or one partner's,
 * found by part of its name (the first 20 by name, and how many match; all of them before
 * anything is typed).
 */
export const PARTNER_CHOICE: PickerKind = {
  fixed: [
    { value: '', label: 'All customers' },
    { value: DIRECT, label: 'Managed directly' },
  ],
  fallbackName: 'One partner',
  group: 'Partners',
  menuLabel: 'Whose customers to show',
  placeholder: 'Find a partner by name',
  noMatch: 'No partner’s name matches.',
  async find(text) {
    const answer = await trpc.partners.list.query({ limit: LIMIT, sort: { by: 'name', direction: 'asc' }, filters: { query: text.trim() || undefined } });
    const total = answer.total ?? null;
    return { options: answer.items.map((partner) => ({ value: partner.id, label: partner.name })), total, more: total !== null && total > answer.items.length };
  },
};
