import { alias, unionAll } from 'drizzle-orm/pg-core';
import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { likeEscape } from '../sql.ts';
import { companies, companyStatus, type CompanyKind, type Executor } from '@keyway/db';
import { can } from '../privileges.ts';
import { DomainError, forbidden } from '../errors.ts';
import { cursorValues, encodeCursor, PAGE_LINK_EXPIRED, ZPageCursor } from '../paging.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { licenseFilterCondition, ZLicenseHealth } from '../licenses/index.ts';
import { formatCount, m } from '../i18n.ts';
import { said, ZText } from '../validation.ts';

export const ZSearchCompaniesInput = z.object({
  query: ZText(100, { tooLong: () => m.validation_search_too_long({ max: formatCount(100) }) }).min(1, said(m.search_type_one)),
  kind: z.enum(['customer', 'partner']).optional(),
  status: z.enum(companyStatus.enumValues).optional(),
  /** Customers with a license of the product; partners selling it (or, with a status, whose customers' licenses of it are in it). */
  productId: z.uuid(said(m.customers_product_id_invalid)).optional(),
  /** Customers with a license in this status; partners whose customers have one. */
  licenseStatus: ZLicenseHealth.optional(),
  /** `nextCursor` of the previous page, as it was returned. */
  cursor: ZPageCursor.optional(),
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

export interface CompanySearchResult {
  items: CompanySearchHit[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /**
   * The number of matches, known only when this first page holds all of them. Counting every
   * match of a common word would cost more than finding the page, so a longer result says only
   * that there is more (`nextCursor`).
   */
  total: number | null;
}

/** Queries this short are too short for a trigram; they match the beginning of a name only. */
export const MIN_SUBSTRING_LENGTH = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The order of the results within each section, case-insensitive. The "C" collation makes it the
 * same on every server and lets one b-tree (`companies_*_name_idx`) answer both a prefix (a range
 * of it) and a page of any section (walked in order, stopping after the page).
 */
const sortKey = sql<string>`lower(${companies.name}) collate "C"`;

/** Results come in this order: exact matches, then names that start with the query, then the rest. */
const SECTIONS = ['exact', 'prefix', 'substring'] as const;
type Section = (typeof SECTIONS)[number];

interface Cursor {
  section: Section;
  key: string;
  id: string;
}

/** One cursor walks the sections in turn, so it carries the section it stopped in. */
const CURSOR_KEY = 'search.companies';

function readCursor(cursor: string): Cursor {
  const [section, key, id] = cursorValues(cursor, CURSOR_KEY, ['text', 'text', 'uuid']) as [Section, string, string];
  if (!SECTIONS.includes(section)) throw new DomainError('BAD_REQUEST', PAGE_LINK_EXPIRED, { field: 'cursor' });
  return { section, key, id };
}

/**
 * Customers and partners within the actor's scope whose name, account name or contact email
 * contains the query (case-insensitive), or whose id is the query. Exact matches of a name,
 * account name or id come first, then names that start with the query, then the other matches;
 * each section by name. One or two characters match the beginning of a name only.
 *
 * Each section is paged by keyset on (name, id) and cut at the page size on its own, so a page
 * costs about the same whether the query matches one company or a hundred thousand: the planner
 * walks the name index of the scope and stops once the page is full (or, for a rare substring,
 * takes the few rows the trigram index finds and sorts them). Nothing counts every match.
 */
export async function searchCompanies(
  db: Executor,
  actor: Actor,
  rawInput: TSearchCompaniesInput,
): Promise<CompanySearchResult> {
  const input = ZSearchCompaniesInput.parse(rawInput);
  const kinds = visibleKinds(actor, input.kind);
  if (kinds.length === 0) throw forbidden(m.search_companies_forbidden());
  const cursor = input.cursor === undefined ? null : readCursor(input.cursor);

  const q = input.query.toLowerCase();
  const prefix = sql`${`${likeEscape(q)}%`}`;
  const nameIsQuery = sql`${sortKey} = ${q}`;
  const accountIsQuery = sql`lower(${companies.accountName}) = ${q}`;
  const idIsQuery = UUID.test(q) ? eq(companies.id, q) : undefined;
  const nameStarts = sql`${sortKey} like ${prefix}`;
  const exact = or(nameIsQuery, accountIsQuery, idIsQuery)!;

  const where: Record<Section, SQL | null> = {
    exact,
    prefix: and(nameStarts, sql`not (${exact})`)!,
    substring:
      q.length < MIN_SUBSTRING_LENGTH
        ? null
        : and(
            sql`${companies.searchText} like ${`%${likeEscape(q)}%`}`,
            sql`not (${nameStarts})`,
            sql`not (${accountIsQuery})`,
            idIsQuery ? ne(companies.id, q) : undefined,
          )!,
  };
  const base = and(
    scopeOf(actor, companies),
    ne(companies.id, actor.company.id),
    inArray(companies.kind, kinds),
    input.status ? eq(companies.status, input.status) : undefined,
    licenseFilterCondition({ health: input.licenseStatus, productId: input.productId }),
  );

  // One row more than the page says whether there is a next page.
  const wanted = input.limit + 1;
  const from = cursor ? SECTIONS.indexOf(cursor.section) : 0;
  const branches = SECTIONS.slice(from).flatMap((section) => {
    const matches = where[section];
    if (!matches) return [];
    const after =
      cursor?.section === section ? sql`(${sortKey}, ${companies.id}) > (${cursor.key}::text, ${cursor.id}::uuid)` : undefined;
    return [
      db
        .select({
          id: companies.id,
          kind: companies.kind,
          type: companies.type,
          name: companies.name,
          accountName: companies.accountName,
          contactEmail: companies.contactEmail,
          status: companies.status,
          parentId: companies.parentId,
          key: sortKey.as('key'),
          section: sql<number>`${sql.raw(String(SECTIONS.indexOf(section)))}`.as('section'),
        })
        .from(companies)
        .where(and(base, matches, after))
        .orderBy(asc(sortKey), asc(companies.id))
        .limit(wanted),
    ];
  });
  const [first, ...rest] = branches;
  if (!first) return { items: [], nextCursor: null, total: cursor ? null : 0 };
  // One statement (one round trip) for every section still to come, in section order.
  const [second, ...others] = rest;
  const hits = (second ? unionAll(first, second, ...others) : first).as('hits');
  const parent = alias(companies, 'parent');
  const found = await db
    .select({
      id: hits.id,
      kind: hits.kind,
      type: hits.type,
      name: hits.name,
      accountName: hits.accountName,
      contactEmail: hits.contactEmail,
      status: hits.status,
      parentId: hits.parentId,
      parentName: parent.name,
      key: hits.key,
      section: hits.section,
    })
    .from(hits)
    .leftJoin(parent, eq(parent.id, hits.parentId))
    .orderBy(asc(hits.section), asc(hits.key), asc(hits.id))
    .limit(wanted);

  const page = found.slice(0, input.limit);
  const last = page.at(-1);
  const more = found.length > input.limit && last !== undefined;
  return {
    items: page.map(({ section: _section, key: _key, ...hit }) => hit),
    nextCursor: more ? encodeCursor(CURSOR_KEY, [SECTIONS[last.section]!, last.key, last.id]) : null,
    total: !cursor && !more ? page.length : null,
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
