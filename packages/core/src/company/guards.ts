import { and, eq, inArray, sql } from 'drizzle-orm';
import { companies, companyCards, type Company, type CompanyKind, type Executor } from '@keyway/db';
import { DomainError, notFound } from '../errors.ts';
import { m } from '../i18n.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';

/**
 * Loads a company the actor may see (its own or one below it) of one of `kinds`; anything else
 * answers NOT_FOUND, so ids from elsewhere reveal nothing. `forUpdate` locks the row for the rest
 * of the transaction.
 */
export async function companyInScope(
  db: Executor,
  actor: Actor,
  id: string,
  kinds: CompanyKind[],
  options: { forUpdate?: boolean; notFound?: () => string } = {},
): Promise<Company> {
  const query = db
    .select()
    .from(companies)
    .where(and(eq(companies.id, id), inArray(companies.kind, kinds), scopeOf(actor, companies)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound((options.notFound ?? (kinds.includes('customer') ? m.not_found_customer : m.not_found_partner))());
  return row;
}

/**
 * A suspended partner is read-only for both sides and a canceled one is closed: refuse a change
 * to it (or to a company below it) with a message that says why. Profile edits do not call this.
 */
export async function assertWritable(db: Executor, company: Company): Promise<void> {
  const ids = [company.id, company.partnerId, company.kind === 'tier1' ? null : company.channelId].filter(
    (id): id is string => id !== null,
  );
  const blocked = await db
    .select({ name: companyCards.name, status: companyCards.status, id: companyCards.id })
    .from(companyCards)
    .where(and(inArray(companyCards.id, ids), sql`${companyCards.status} in ('suspended', 'canceled')`));
  const [first] = blocked;
  if (!first) return;
  const who = first.id === company.id ? first.name : m.companies_which_manages({ manager: first.name, company: company.name });
  throw new DomainError(
    'FORBIDDEN',
    first.status === 'suspended' ? m.companies_suspended_read_only({ company: who }) : m.companies_canceled_closed({ company: who }),
  );
}
