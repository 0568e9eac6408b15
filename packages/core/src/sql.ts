import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { companyCards } from '@keyway/db';
/** `%`, `_` and `\` are literal characters in a user's search, not LIKE patterns. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A list as one Postgres array literal (`{"a","b"}`), to be cast where it is used
 * (`${pgArray(ids)}::uuid[]`): a whole batch travels as one parameter, and `unnest` or `= any`
 * turn it back into rows. Every element is quoted, so commas, braces and quotes stay text.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * The upsert of a monthly maximum table (`license_units_monthly`, `usage_monthly`) from daily rows
 * just written (`source`: customer_id, channel_id, partner_id, product_id, unit_type, day and the
 * value column, e.g. a data-modifying CTE's `returning`): each month keeps the greatest of its
 * value and its days' new values and takes the stamps of its latest day; a month that would not
 * change is not written. Written in the daily rows' statement, the month is always the greatest
 * of its days (a day not written holds no more than its month already).
 */
export function monthlyMaximaFrom(table: 'license_units_monthly' | 'usage_monthly', value: 'units' | 'max_used', source: SQL): SQL {
  const [target, column] = [sql.identifier(table), sql.identifier(value)];
  return sql`
    insert into ${target} (customer_id, channel_id, partner_id, product_id, unit_type, month, ${column})
    select customer_id, (array_agg(channel_id order by day desc))[1], (array_agg(partner_id order by day desc))[1],
      product_id, unit_type, date_trunc('month', day)::date, max(${column})
    from ${source}
    group by customer_id, product_id, unit_type, date_trunc('month', day)
    on conflict (month, customer_id, product_id, unit_type)
      do update set ${column} = greatest(${target}.${column}, excluded.${column}),
        channel_id = excluded.channel_id, partner_id = excluded.partner_id
      where ${target}.${column} < excluded.${column}
        or ${target}.channel_id is distinct from excluded.channel_id
        or ${target}.partner_id is distinct from excluded.partner_id`;
}

/**
 * `company_cards` (the companies the caller reads, and its ancestors' cards) joined on one company
 * id, as a lateral subquery of one row: each row probes the primary key (and asks for the
 * ancestors only when that finds nothing). A plain join with the view cannot be planned that way
 * (the ancestors' branch is a function, which takes no parameter), so it becomes a hash join over
 * every company: a second at a million customers, for one name.
 */
export function cardJoin(id: SQLWrapper, as: string, kind: 'join' | 'left join' = 'left join'): SQL {
  return sql`${sql.raw(kind)} lateral (select * from company_cards where company_cards.id = ${id} limit 1) ${sql.identifier(as)} on true`;
}

/** `cardJoin` for the query builder: `.leftJoinLateral(cardOf(companies.parentId, 'parent'), sql\`true\`)`. */
export function cardOf(id: SQLWrapper, as: string) {
  return new QueryBuilder().select().from(companyCards).where(eq(companyCards.id, id)).limit(1).as(as);
}
