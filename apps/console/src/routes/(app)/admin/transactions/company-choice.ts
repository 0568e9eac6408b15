import { m } from '#lib/paraglide/messages.js';
import type { PickerKind } from '#lib/components/shared/company-picker.svelte';
import { trpc } from '#lib/trpc.ts';

/**
 * Whose transactions to show: every company's, or one customer's or partner's (a partner's means
 * its customers'), found by part of its name as the dashboard search finds it, so it scales to a
 * channel of a million customers. Nothing is searched before something is typed.
 */
export const COMPANY_CHOICE: PickerKind = {
  // Read when the picker renders, so the words are in the page's language.
  get fixed() {
    return [{ value: '', label: m.transactions_all_companies() }];
  },
  get fallbackName() {
    return m.transactions_one_company();
  },
  get menuLabel() {
    return m.transactions_whose();
  },
  get placeholder() {
    return m.transactions_find_company();
  },
  get noMatch() {
    return m.transactions_no_match();
  },
  menuClass: 'w-80',
  async find(text) {
    if (!text.trim()) return null;
    const answer = await trpc.search.companies.query({ query: text.trim(), limit: 20 });
    const options = answer.items.map((company) => ({
      value: company.id,
      label: company.name,
      detail:
        company.kind !== 'customer'
          ? m.common_partner()
          : company.parentName
            ? m.transactions_customer_of({ parent: company.parentName })
            : m.transactions_col_customer(),
    }));
    return { options, total: null, more: answer.nextCursor !== null };
  },
};
