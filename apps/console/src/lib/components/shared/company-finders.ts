import { trpc } from '#lib/trpc.ts';
import type { PickerFound } from './company-picker.svelte';

const LIMIT = 20;

/** The caller's partners whose name contains `text` (all of them for no text), by name, with how many match. */
export async function findPartners(text: string): Promise<PickerFound> {
  const answer = await trpc.partners.list.query({ limit: LIMIT, sort: { by: 'name', direction: 'asc' }, filters: { query: text.trim() || undefined } });
  const total = answer.total ?? null;
  return { options: answer.items.map((partner) => ({ value: partner.id, label: partner.name })), total, more: total !== null && total > answer.items.length };
}

/** Customers and partners in the caller's scope matching `text`, as the dashboard search finds them; nothing before anything is typed. */
export async function findCompanies(text: string): Promise<PickerFound | null> {
  if (!text.trim()) return null;
  const answer = await trpc.search.companies.query({ query: text.trim(), limit: LIMIT });
  const options = answer.items.map((company) => ({
    value: company.id,
    label: company.name,
    detail: company.kind === 'customer' ? `Customer${company.parentName ? ` of ${company.parentName}` : ''}` : 'Partner',
  }));
  return { options, total: null, more: answer.nextCursor !== null };
}
