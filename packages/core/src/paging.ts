import { asc, desc, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '@keyway/db';
import { z } from 'zod';
import { DomainError } from './errors.ts';
import { isStorableText } from './validation.ts';

/*
 * Keyset paging: a page ends at its last row, and the next page starts after that row's sort
 * values and id, so the millionth row costs what the first does. The cursor handed to the caller
 * is opaque (base64url of the list's sort key and the row's values as text); the caller passes it
 * back unchanged. The values are read from Postgres as text, so a timestamp keeps its
 * microseconds (a JavaScript Date would drop them and skip rows), and each is cast back to its
 * column's type when compared.
 */

export const PAGE_LINK_EXPIRED = 'This page link is no longer valid. Go back to the first page.';

const ZPayload = z.tuple([z.string().max(200), z.array(z.string().max(1000)).min(1).max(4)]);

/** The list, sort and values a cursor carries; null for anything that is not one of ours. */
function decodeCursor(cursor: string): { key: string; values: string[] } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = ZPayload.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return { key: parsed.data[0], values: parsed.data[1] };
  } catch {
    // Not JSON: answered like any other foreign cursor.
  }
  return null;
}

/**
 * A page link as the caller passes it back: `nextCursor` of the previous page, unchanged. What it
 * holds is checked where the list knows its sort (`keyset().after`, `cursorValues`), so every
 * foreign cursor gets the same answer whatever is wrong with it.
 */
export const ZPageCursor = z.string({ message: PAGE_LINK_EXPIRED }).max(4000, PAGE_LINK_EXPIRED);

/**
 * What a key column holds: how its value is read as text, checked and cast back. An enum column
 * names its Postgres enum, so it sorts (and compares) in the enum's declared order.
 */
export type KeyType = 'timestamptz' | 'date' | 'text' | 'uuid' | 'bigint' | 'integer' | 'boolean' | EnumType;

/** A Postgres enum as Drizzle declares it (`pgEnum('company_status', [...])`). */
interface EnumType {
  readonly enumName: string;
  readonly enumValues: readonly [string, ...string[]];
}

const sameInstant = (at: string) => {
  const parsed = new Date(at);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 23) === at.slice(0, 23);
};

type ScalarType = Exclude<KeyType, EnumType>;

/** A cursor's value is checked against its column's type, so a tampered one never reaches SQL. */
const VALUE: Record<ScalarType, z.ZodType<string>> = {
  timestamptz: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    .refine((at) => at >= '0001' && sameInstant(at)),
  date: z.iso.date().refine((day) => day >= '0001'),
  text: z.string().max(1000).refine(isStorableText),
  uuid: z.uuid(),
  bigint: z.string().regex(/^-?\d{1,18}$/),
  integer: z
    .string()
    .regex(/^-?\d{1,10}$/)
    .refine((n) => Math.abs(Number(n)) <= 2_147_483_647),
  boolean: z.enum(['true', 'false']),
};

const AS_TEXT: Record<ScalarType, (column: SQLWrapper) => SQL> = {
  timestamptz: (c) => sql`to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  date: (c) => sql`${c}::text`,
  text: (c) => sql`${c}`,
  uuid: (c) => sql`${c}::text`,
  bigint: (c) => sql`${c}::text`,
  integer: (c) => sql`${c}::text`,
  boolean: (c) => sql`${c}::text`,
};

const CAST: Record<ScalarType, (value: string) => SQL> = {
  timestamptz: (v) => sql`${v}::timestamptz`,
  date: (v) => sql`${v}::date`,
  text: (v) => sql`${v}::text`,
  uuid: (v) => sql`${v}::uuid`,
  bigint: (v) => sql`${v}::bigint`,
  integer: (v) => sql`${v}::integer`,
  // Through text: a parameter the server reads as boolean is serialized by the driver as a
  // JavaScript boolean, and the string 'true' would be sent as false.
  boolean: (v) => sql`${v}::text::boolean`,
};

/** Stands in for a missing value, so a row without one still has a place in the key. */
const PLACEHOLDER: Record<ScalarType, SQL> = {
  timestamptz: sql`'epoch'::timestamptz`,
  date: sql`'epoch'::date`,
  text: sql`''`,
  uuid: sql`'00000000-0000-0000-0000-000000000000'::uuid`,
  bigint: sql`0::bigint`,
  integer: sql`0`,
  boolean: sql`false`,
};

const isEnum = (type: KeyType): type is EnumType => typeof type !== 'string';

const valueOf = (type: KeyType): z.ZodType<string> => (isEnum(type) ? z.enum(type.enumValues) : VALUE[type]);
const asText = (type: KeyType, column: SQLWrapper): SQL => (isEnum(type) ? sql`${column}::text` : AS_TEXT[type](column));
const cast = (type: KeyType, value: string): SQL =>
  isEnum(type) ? sql`${value}::${sql.identifier(type.enumName)}` : CAST[type](value);

export interface KeyColumn {
  column: SQLWrapper;
  type: KeyType;
  /**
   * The column may be null: rows without a value come after all others in either direction.
   * The key then holds whether the value is there and the value (a placeholder where it is not).
   */
  nullsLast?: boolean;
}

/** A nullable column as two non-null ones that sort the same way, so one row comparison serves. */
function expand(direction: 'asc' | 'desc', columns: KeyColumn[]): { column: SQLWrapper; type: KeyType }[] {
  return columns.flatMap(({ column, type, nullsLast }) => {
    if (!nullsLast) return [{ column, type }];
    const placeholder = isEnum(type) ? sql`${type.enumValues[0]}::${sql.identifier(type.enumName)}` : PLACEHOLDER[type];
    return [
      // Ascending, "is null" puts false (a value) first; descending, "is not null" puts true first.
      { column: direction === 'asc' ? sql`(${column} is null)` : sql`(${column} is not null)`, type: 'boolean' as const },
      { column: sql`coalesce(${column}, ${placeholder})`, type },
    ];
  });
}

/**
 * The keyset of one list in one sort: `key` names both (e.g. `customers:name:asc`), so a cursor
 * of another list or another sort is refused; `columns` end with a unique one (the id).
 */
export function keyset(key: string, direction: 'asc' | 'desc', keyColumns: [KeyColumn, ...KeyColumn[]]) {
  const order = direction === 'asc' ? asc : desc;
  const columns = expand(direction, keyColumns);
  return {
    /** Select this with every row (as `cursor`): the row's sort values as JSON text. */
    cursor: sql<string>`json_build_array(${sql.join(
      columns.map((c) => asText(c.type, c.column)),
      sql`, `,
    )})::text`,
    orderBy: columns.map((c) => order(c.column)),
    /** The condition for the rows after `cursor`; BAD_REQUEST for a cursor of another list or sort. */
    after(cursor: string | undefined): SQL | undefined {
      if (cursor === undefined) return undefined;
      const values = cursorValues(
        cursor,
        key,
        columns.map((c) => c.type),
      );
      const left = sql.join(
        columns.map((c) => sql`${c.column}`),
        sql`, `,
      );
      const right = sql.join(
        columns.map((c, i) => cast(c.type, values[i]!)),
        sql`, `,
      );
      return direction === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
    },
    /** The page of `limit` rows out of the `limit + 1` fetched, and the cursor after it. */
    page<Row extends { cursor: string }>(rows: Row[], limit: number) {
      const items = rows.slice(0, limit).map(({ cursor: _cursor, ...item }) => item);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor(key, JSON.parse(last.cursor) as string[]) : null };
    },
  };
}

/**
 * The values `cursor` carries, if it was made for `key` and each value is of its column's type;
 * BAD_REQUEST otherwise (another list's or another sort's cursor, or a tampered one).
 */
export function cursorValues(cursor: string, key: string, types: readonly KeyType[]): string[] {
  const decoded = decodeCursor(cursor);
  if (
    !decoded ||
    decoded.key !== key ||
    decoded.values.length !== types.length ||
    !types.every((type, i) => valueOf(type).safeParse(decoded.values[i]).success)
  ) {
    throw new DomainError('BAD_REQUEST', PAGE_LINK_EXPIRED, { field: 'cursor' });
  }
  return decoded.values;
}

/** The cursor of the page that ends at a row with these key values. */
export function encodeCursor(key: string, values: string[]): string {
  return Buffer.from(JSON.stringify([key, values])).toString('base64url');
}

/**
 * The same paging for a list that is computed whole in memory (one line per product, say): the
 * rows are sorted by `compare` over their key values (`valuesOf`, ending on a unique one, in the
 * list's direction), and a page starts after the cursor's values, as a keyset page does.
 */
export function pageSorted<Row>(
  rows: readonly Row[],
  list: { key: string; types: readonly KeyType[]; valuesOf: (row: Row) => string[]; compare: (a: string[], b: string[]) => number },
  cursor: string | undefined,
  limit: number,
) {
  const after = cursor === undefined ? undefined : cursorValues(cursor, list.key, list.types);
  const sorted = rows.map((row) => ({ row, values: list.valuesOf(row) })).sort((a, b) => list.compare(a.values, b.values));
  const rest = after ? sorted.filter((entry) => list.compare(entry.values, after) > 0) : sorted;
  const last = rest.length > limit ? rest[limit - 1] : undefined;
  return { items: rest.slice(0, limit).map((entry) => entry.row), nextCursor: last ? encodeCursor(list.key, last.values) : null };
}

/** Lists count their rows up to here: past it the page says "10,000+". */
export const COUNT_CAP = 10_000;

/**
 * A list's total under its filters, counted no further than `cap` (a count over millions of rows
 * would cost more than the page): `{ total, totalIsCapped }` as lists answer them.
 */
export async function cappedCount(db: Executor, table: SQLWrapper, where: SQL, cap: number = COUNT_CAP): Promise<{ total: number; totalIsCapped: boolean }> {
  const [counted] = await db.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from ${table} where ${where} limit ${cap + 1}) capped`);
  const n = counted?.n ?? 0;
  return { total: Math.min(n, cap), totalIsCapped: n > cap };
}

/**
 * The keyset of a list of monthly reports (usage and billing reports, each a row of `table` joined
 * to its company as `rc`) in the sort asked: by company name, by status, or by cycle (the default),
 * each then by the others and the id. `own` holds a list's own sorts.
 */
export function reportKeyset(
  table: 'usage_reports' | 'billing_reports',
  status: EnumType,
  sort: { by: string; direction: 'asc' | 'desc' },
  own: Record<string, [KeyColumn, ...KeyColumn[]]> = {},
) {
  const id = { column: sql.raw(`${table}.id`), type: 'uuid' as const };
  const name = { column: sql`rc.name`, type: 'text' as const };
  const cycle = { column: sql.raw(`${table}.cycle`), type: 'date' as const };
  const columns: [KeyColumn, ...KeyColumn[]] =
    own[sort.by] ??
    (sort.by === 'company'
      ? [name, cycle, id]
      : sort.by === 'status'
        ? [{ column: sql.raw(`${table}.status`), type: status }, cycle, id]
        : [cycle, name, id]);
  return keyset(`${table.replace('_', '-')}:${sort.by}:${sort.direction}`, sort.direction, columns);
}
