import { formatCount } from '#lib/format.ts';

/** How a list names one row and several; the messages are called as the count is shown, in the page's language. */
export interface Noun {
  one: () => string;
  other: () => string;
}

/**
 * "1 customer", "10,000+ customers", or "30" without a noun: a list's total, which stops at a cap
 * rather than counting a million rows.
 */
export function listCount(page: { items: unknown[]; total?: number; totalIsCapped?: boolean }, noun?: Noun): string {
  const total = page.total ?? page.items.length;
  const capped = page.totalIsCapped ?? false;
  const count = `${formatCount(total)}${capped ? '+' : ''}`;
  if (!noun) return count;
  return `${count} ${total === 1 && !capped ? noun.one() : noun.other()}`;
}
