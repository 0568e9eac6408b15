import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import {
  companies,
  customerTransactions,
  products,
  servicePlans,
  transactionType,
  users,
  type Db,
  type TransactionType,
} from '@keyway/db';
import { companyInScope } from '../company/index.ts';
import { DomainError } from '../errors.ts';
import { cappedCount, keyset, ZPageCursor } from '../paging.ts';
import { m } from '../i18n.ts';
import { said, ZText } from '../validation.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';

/** Customer Transactions keeps two years: the months a person can choose from. */
export const TRANSACTION_MONTHS = 24;

export const TRANSACTION_TYPE_LABELS: Record<TransactionType, string> = {
  'new-purchase': 'New purchase',
  'license-change': 'License change',
  conversion: 'Conversion',
  discontinue: 'Discontinue',
  'suite-composition-change': 'Suite composition change',
};

const ZTimeZone = ZText(64, { tooLong: m.transactions_time_zone })
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    said(m.transactions_time_zone),
  );

export const ZTransactionFilters = z
  .object({
    type: z.enum(transactionType.enumValues, said(m.transactions_type_choose)).optional(),
    productId: z.uuid(said(m.customers_product_id_invalid)).optional(),
    /** `YYYY-MM`, one of the last 24 months in `timeZone`. */
    month: ZText(7, { tooLong: m.transactions_month_choose })
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, said(m.transactions_month_choose))
      .optional(),
    /** A customer or partner below the actor: its transactions (a partner's: its customers'). */
    companyId: z.uuid(said(m.validation_company_id)).optional(),
    /** The zone months begin and end in: the person's own. */
    timeZone: ZTimeZone.default('UTC'),
  })
  .default({ timeZone: 'UTC' });
export type TransactionFilters = z.infer<typeof ZTransactionFilters>;

export const ZListTransactionsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  sort: z
    .object({ by: z.enum(['at']).default('at'), direction: z.enum(['asc', 'desc']).default('desc') })
    .default({ by: 'at', direction: 'desc' }),
  filters: ZTransactionFilters,
});
export type TListTransactionsInput = z.input<typeof ZListTransactionsInput>;

/** `YYYY-MM` of `now` in `timeZone`. */
function monthOf(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  const year = Math.floor(index / 12);
  return `${year}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/** The months a person may filter by, newest first: this one and the 23 before it, in their zone. */
export function transactionMonths(timeZone = 'UTC', now = new Date()): { value: string; label: string }[] {
  const current = monthOf(now, timeZone);
  return Array.from({ length: TRANSACTION_MONTHS }, (_, i) => {
    const value = shiftMonth(current, -i);
    const label = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${value}-01T00:00:00Z`),
    );
    return { value, label };
  });
}

/**
 * The where-clause of the transactions an actor sees under the filters; shared by the list and
 * the export. A company filter outside the actor's subtree answers NOT_FOUND, like any other id.
 */
export async function transactionWhere(db: Db, actor: Actor, filters: TransactionFilters, now = new Date()): Promise<SQL> {
  const parts: (SQL | undefined)[] = [scopeOf(actor, customerTransactions)];
  if (filters.type) parts.push(eq(customerTransactions.type, filters.type));
  if (filters.productId) parts.push(eq(customerTransactions.productId, filters.productId));
  if (filters.month) {
    if (!transactionMonths(filters.timeZone, now).some((m) => m.value === filters.month)) {
      throw new DomainError('BAD_REQUEST', m.transactions_months_kept({ months: String(TRANSACTION_MONTHS) }), {
        field: 'month',
      });
    }
    const start = sql`(${`${filters.month}-01`}::timestamp at time zone ${filters.timeZone})`;
    const end = sql`((${`${filters.month}-01`}::date + interval '1 month')::timestamp at time zone ${filters.timeZone})`;
    parts.push(sql`${customerTransactions.at} >= ${start} and ${customerTransactions.at} < ${end}`);
  }
  if (filters.companyId && filters.companyId !== actor.company.id) {
    const company = await companyInScope(db, actor, filters.companyId, ['customer', 'tier2'], { notFound: m.not_found_company });
    parts.push(
      company.kind === 'customer'
        ? eq(customerTransactions.customerId, company.id)
        : eq(customerTransactions.partnerId, company.id),
    );
  }
  return and(...parts)!;
}

/**
 * The actor's customer transactions, newest first, filtered on the server and paged by keyset
 * (time, id): every page walks the stamp's (scope, at) index.
 */
export async function listTransactions(db: Db, actor: Actor, input: TListTransactionsInput, now = new Date()) {
  const { cursor, limit, sort, filters } = ZListTransactionsInput.parse(input);
  const where = await transactionWhere(db, actor, filters, now);
  const keys = keyset(`transactions:${sort.by}:${sort.direction}`, sort.direction, [
    { column: customerTransactions.at, type: 'timestamptz' },
    { column: customerTransactions.id, type: 'bigint' },
  ]);
  const customer = alias(companies, 'customer');
  const actorCompany = alias(companies, 'actor_company');

  const [rows, counted] = await Promise.all([
    db
      .select({
        id: customerTransactions.id,
        at: customerTransactions.at,
        type: customerTransactions.type,
        companyId: customerTransactions.companyId,
        customerName: customer.name,
        customerAccountName: customer.accountName,
        licenseId: customerTransactions.licenseId,
        productId: customerTransactions.productId,
        productName: products.name,
        planId: customerTransactions.planId,
        planName: servicePlans.name,
        versionType: customerTransactions.versionType,
        unitType: customerTransactions.unitType,
        previousUnits: customerTransactions.previousUnits,
        newUnits: customerTransactions.newUnits,
        change: customerTransactions.change,
        previousChargeStartsOn: customerTransactions.previousChargeStartsOn,
        newChargeStartsOn: customerTransactions.newChargeStartsOn,
        actorName: users.name,
        actorEmail: users.email,
        actorCompanyName: actorCompany.name,
        note: customerTransactions.note,
        cursor: keys.cursor,
      })
      .from(customerTransactions)
      .innerJoin(customer, eq(customer.id, customerTransactions.companyId))
      .innerJoin(products, eq(products.id, customerTransactions.productId))
      .innerJoin(servicePlans, eq(servicePlans.id, customerTransactions.planId))
      .leftJoin(users, eq(users.id, customerTransactions.actorUserId))
      .leftJoin(actorCompany, eq(actorCompany.id, customerTransactions.actorCompanyId))
      .where(and(where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    cappedCount(db, customerTransactions, where),
  ]);
  return { ...keys.page(rows, limit), ...counted };
}

export const ZTransactionFilterOptionsInput = z
  .object({
    timeZone: ZText(64).optional(),
    /** The company the address filters by, to name it; out of scope or unknown, it is left unnamed. */
    companyId: ZText(64).optional(),
  })
  .default({});

/** What the filters offer: types, the products of the catalogue, the months kept, and the chosen company's name. */
export async function transactionFilterOptions(db: Db, actor: Actor, input: z.input<typeof ZTransactionFilterOptionsInput>) {
  const { timeZone, companyId } = ZTransactionFilterOptionsInput.parse(input);
  const zone = timeZone && ZTimeZone.safeParse(timeZone).success ? timeZone : 'UTC';
  const productRows = await db.select({ id: products.id, name: products.name }).from(products).orderBy(asc(products.name));
  let company: { id: string; name: string; kind: string } | null = null;
  if (companyId && z.uuid().safeParse(companyId).success) {
    const [row] = await db
      .select({ id: companies.id, name: companies.name, kind: companies.kind })
      .from(companies)
      .where(and(eq(companies.id, companyId), sql`${companies.kind} in ('customer', 'tier2')`, scopeOf(actor, companies)));
    company = row ?? null;
  }
  return {
    types: transactionType.enumValues.map((value) => ({ value, label: TRANSACTION_TYPE_LABELS[value] })),
    products: productRows,
    months: transactionMonths(zone),
    company,
  };
}
