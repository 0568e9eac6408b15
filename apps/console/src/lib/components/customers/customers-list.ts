import { listCount, type Noun } from '#lib/components/list/list-count.ts';
import type { RouterOutputs } from '#lib/trpc.ts';
import { m } from '#lib/paraglide/messages.js';

export type CustomersList = RouterOutputs['customers']['list'];
export type CustomerRow = CustomersList['items'][number];

/** How the address names the customers a tier-1 manages itself, under no partner. */
export const DIRECT = 'direct';

export const CUSTOMER_NOUN: Noun = { one: m.customers_noun_one, other: m.customers_noun_other };

/** "25 customers", "10,000+ customers": the count stops at a cap rather than scanning a million rows. */
export const customersCount = (list: { total: number; totalIsCapped: boolean }) => listCount({ items: [], ...list }, CUSTOMER_NOUN);
