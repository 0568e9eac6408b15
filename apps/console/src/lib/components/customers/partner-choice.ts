import { m } from '#lib/paraglide/messages.js';
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
  // Read when the picker renders, so the words are in the page's language.
  get fixed() {
    return [
      { value: '', label: m.customers_all() },
      { value: DIRECT, label: m.customers_managed_directly() },
    ];
  },
  get fallbackName() {
    return m.customers_one_partner();
  },
  get group() {
    return m.customers_partners_group();
  },
  get menuLabel() {
    return m.customers_whose();
  },
  get placeholder() {
    return m.customers_find_partner();
  },
  get noMatch() {
    return m.customers_no_partner_match();
  },
  async find(text) {
    const answer = await trpc.partners.list.query({ limit: LIMIT, sort: { by: 'name', direction: 'asc' }, filters: { query: text.trim() || undefined } });
    const total = answer.total ?? null;
    return { options: answer.items.map((partner) => ({ value: partner.id, label: partner.name })), total, more: total !== null && total > answer.items.length };
  },
};
