import { eq } from 'drizzle-orm';
import { companies, type Company, type Executor } from '@keyway/db';
import { can, type Permission } from '../privileges.ts';
import { assertWritable, companyInScope } from './guards.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { m } from '../i18n.ts';

/**
 * What the caller wants to do with a company's accounts: list them, change them, or mail one of
 * them a password-reset link.
 */
export type AccountsAccess = 'read' | 'write' | 'reset-password';

/** Inside one's own company (Administration → Company Information). */
const OWN: Record<AccountsAccess, Permission> = {
  read: 'company.view',
  write: 'company.accounts',
  'reset-password': 'company.resetPasswords',
};

/** On a partner's or customer's Accounts tab: the rights over that company. */
const BELOW: Record<'partner' | 'customer', Record<AccountsAccess, Permission>> = {
  partner: { read: 'partners.view', write: 'partners.modify', 'reset-password': 'partners.modify' },
  customer: { read: 'customers.view', write: 'customers.modify', 'reset-password': 'customers.modify' },
};

const DENIED: Record<AccountsAccess, string> = {
  read: 'Your account does not have permission to see these accounts.',
  write: 'Your account does not have permission to change these accounts.',
  'reset-password': 'Your account does not have permission to send password-reset mails for these accounts.',
};

/**
 * The company whose accounts the actor may read or change: its own company when `companyId` is
 * absent or its own id, otherwise a partner or customer in its subtree. A company outside the
 * subtree answers NOT_FOUND (whether or not it exists); one inside it without the right privilege
 * answers FORBIDDEN. Changes (a password-reset mail included) are refused while the company, or
 * a partner above it, is suspended or canceled.
 */
export async function assertCanManageAccountsOf(
  db: Executor,
  actor: Actor,
  companyId: string | undefined,
  access: AccountsAccess,
): Promise<Company> {
  const own = companyId === undefined || companyId === actor.company.id;
  const company = own
    ? (await db.select().from(companies).where(eq(companies.id, actor.company.id)))[0]
    : await companyInScope(db, actor, companyId, ['tier1', 'tier2', 'customer'], { notFound: m.not_found_this_company });
  if (!company) throw notFound(m.not_found_your_company());

  const permission = own ? OWN[access] : BELOW[company.kind === 'customer' ? 'customer' : 'partner'][access];
  if (!can(actor, permission)) throw forbidden(DENIED[access]);

  if (access !== 'read') await assertWritable(db, company);
  return company;
}
