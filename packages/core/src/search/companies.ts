import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { companies, companyStatus, type CompanyKind, type Executor } from '@keyway/db';
import { can } from '../auth/privileges.ts';
import { forbidden } from '../errors.ts';
import { scopeOf, type Actor } from '../tenancy/scope.ts';

export const ZSearchCompaniesInput = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'Type at least one character to search.')
    .max(100, 'Search for at most 100 characters.'),
  kind: z.enum(['customer', 'partner']).optional(),
  status: z.enum(companyStatus.enumValues).optional(),
  cursor: z.number().int().min(0).max(10_000).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type TSearchCompaniesInput = z.input<typeof ZSearchCompaniesInput>;

export interface CompanySearchHit {
  id: string;
  kind: CompanyKind;
  type: 'distributor' | 'isp' | 'msp' | 'reseller' | null;
  name: string;
  accountName: string;
  contactEmail: string | null;
  status: (typeof companyStatus.enumValues)[number];
  parentId: string | null;
  parentName: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `%`, `_` and `\` are literal characters in a search, not patterns. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Customers and partners within the actor's scope whose name, account name or contact email
 * contains the query (case-insensitive; a trigram index answers it), or whose id is the query.
 * Exact matches rank first, then prefixes, then the rest by name.
 */
export async function searchCompanies(
  db: Executor,
  actor: Actor,
  rawInput: TSearchCompaniesInput,
): Promise<{ items: CompanySearchHit[]; nextCursor: number | null; total: number }> {
  const input = ZSearchCompaniesInput.parse(rawInput);
  const kinds = visibleKinds(actor, input.kind);
  if (kinds.length === 0) throw forbidden('You may not search for these companies.');

  const q = input.query.toLowerCase();
  const pattern = `%${likeEscape(q)}%`;
  const prefix = `${likeEscape(q)}%`;
  const text: SQL = sql`${companies.searchText} like ${pattern}`;
  const matches = UUID.test(q) ? or(text, eq(companies.id, q)) : text;
  const parent = alias(companies, 'parent');
  const offset = input.cursor ?? 0;

  const rank = sql<number>`case
    when lower(${companies.accountName}) = ${q} or lower(${companies.name}) = ${q} then 0
    when lower(${companies.name}) like ${prefix} then 1
    when lower(${companies.accountName}) like ${prefix} then 2
    else 3 end`;

  const rows = await db
    .select({
      id: companies.id,
      kind: companies.kind,
      type: companies.type,
      name: companies.name,
      accountName: companies.accountName,
      contactEmail: companies.contactEmail,
      status: companies.status,
      parentId: companies.parentId,
      parentName: parent.name,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(companies)
    .leftJoin(parent, eq(parent.id, companies.parentId))
    .where(
      and(
        scopeOf(actor, companies),
        ne(companies.id, actor.company.id),
        inArray(companies.kind, kinds),
        input.status ? eq(companies.status, input.status) : undefined,
        matches,
      ),
    )
    .orderBy(asc(rank), asc(companies.name), asc(companies.id))
    .limit(input.limit)
    .offset(offset);

  const total = rows[0]?.total ?? 0;
  const next = offset + rows.length;
  return {
    items: rows.map(({ total: _total, ...hit }) => hit),
    nextCursor: next < total ? next : null,
    total,
  };
}

function visibleKinds(actor: Actor, wanted: 'customer' | 'partner' | undefined): CompanyKind[] {
  const kinds: CompanyKind[] = [];
  if (wanted !== 'partner' && can(actor, 'customers.view')) kinds.push('customer');
  if (wanted !== 'customer' && can(actor, 'partners.view')) {
    kinds.push('tier2');
    if (actor.tier === 'vendor') kinds.push('tier1');
  }
  return kinds;
}
