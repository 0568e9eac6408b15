import type { PickerKind } from '#lib/components/shared/company-picker.svelte';
import { trpc } from '#lib/trpc.ts';

/**
 * Whose transactions to show: every company's, or one customer's or partner's (a partner's means
 * its customers'), found by part of its name as the dashboard search finds it, so it scales to a
 * channel of a million customers. Nothing is searched before something is typed.
 */
export const COMPANY_CHOICE: PickerKind = {
  fixed: [{ value: '', label: 'All companies' }],
  fallbackName: 'One company',
  menuLabel: 'Whose transactions to show',
  placeholder: 'Find a customer or partner',
  noMatch: 'No customer or partner matches.',
  menuClass: 'w-80',
  async find(text) {
    if (!text.trim()) return null;
    const answer = await trpc.search.companies.query({ query: text.trim(), limit: 20 });
    const options = answer.items.map((company) => ({
      value: company.id,
      label: company.name,
      detail: company.kind === 'customer' ? `Customer${company.parentName ? ` of ${company.parentName}` : ''}` : 'Partner',
    }));
    return { options, total: null, more: answer.nextCursor !== null };
  },
};
