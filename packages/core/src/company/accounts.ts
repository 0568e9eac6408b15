import { and, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { likeEscape } from '../sql.ts';
import { users, userRole, userStatus, type Company, type Db, type Tx, type User } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { issuePasswordReset, limitPasswordResetRequests, invalidateUserSessions } from '../auth/index.ts';
import { ROLE_LABELS, rolesForTier, tierOf } from '../privileges.ts';
import { insertAccount } from './new-account.ts';
import { DomainError, notFound } from '../errors.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { assertCanManageAccountsOf } from './access.ts';
import { ZDateTime, ZEmail, ZLanguage, ZText, ZTimeZone, said } from '../validation.ts';
import { m, formatCount } from '../i18n.ts';

/**
 * Every accounts procedure works on the caller's own company by default; the Accounts tabs of a
 * partner or customer pass that company's id.
 */
const ZCompanyId = z.uuid(said(m.validation_company_id)).optional();
const ZUserId = z.uuid(said(m.validation_account_id));

const ZPersonName = ZText(120, { tooLong: () => m.validation_person_name_too_long({ max: formatCount(120) }) }).min(1, said(m.validation_person_name_required));
const ZPhone = ZText(40, { tooLong: () => m.validation_phone_too_long({ max: formatCount(40) }) })
  .transform((v) => (v === '' ? null : v))
  .nullable();
const ZRole = z.enum(userRole.enumValues, said(m.validation_role));

export const ZCreateAccountInput = z.object({
  companyId: ZCompanyId,
  name: ZPersonName,
  email: ZEmail,
  role: ZRole,
  phone: ZPhone.optional(),
  language: ZLanguage.optional(),
  timeZone: ZTimeZone.optional(),
  /** Send the "account created" mail on this date instead of now. */
  notifyAt: ZDateTime(m.company_welcome_mail_date).optional(),
});
export type TCreateAccountInput = z.input<typeof ZCreateAccountInput>;

export const ACCOUNT_SORT_FIELDS = ['name', 'email', 'role', 'status', 'lastSignInAt', 'createdAt'] as const;

export const ZListAccountsInput = z.object({
  companyId: ZCompanyId,
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({
      field: z.enum(ACCOUNT_SORT_FIELDS).default('name'),
      direction: z.enum(['asc', 'desc']).default('asc'),
    })
    .default({ field: 'name', direction: 'asc' }),
  filters: z
    .object({
      /** Part of the name or email, case-insensitive. */
      query: ZText(254, { tooLong: () => m.validation_search_too_long({ max: formatCount(254) }) }).optional(),
      role: ZRole.optional(),
      status: z.enum(userStatus.enumValues).optional(),
    })
    .default({}),
});
export type TListAccountsInput = z.input<typeof ZListAccountsInput>;

export const ZAccountTargetInput = z.object({ companyId: ZCompanyId, id: ZUserId });
export type TAccountTargetInput = z.input<typeof ZAccountTargetInput>;

export const ZUpdateAccountInput = ZAccountTargetInput.extend({
  name: ZPersonName.optional(),
  role: ZRole.optional(),
  phone: ZPhone.optional(),
  language: ZLanguage.optional(),
  timeZone: ZTimeZone.optional(),
});
export type TUpdateAccountInput = z.input<typeof ZUpdateAccountInput>;

/** The roles a company's accounts may hold, labelled, in the privilege table's order. */
export function assignableRoles(company: Pick<Company, 'kind' | 'type'>) {
  return rolesForTier(tierOf(company)).map((value) => ({ value, label: ROLE_LABELS[value] }));
}

/** Roles come from the company's tier: a reseller has no Partner Account Manager, a customer only Administrators. */
function assertRoleFits(company: Company, role: User['role'], verb: 'created' | 'given') {
  const allowed = rolesForTier(tierOf(company));
  if (!allowed.includes(role)) {
    const refusal = verb === 'created' ? m.accounts_role_not_created : m.accounts_role_not_given;
    throw new DomainError('BAD_REQUEST', refusal({ role: ROLE_LABELS[role], roles: allowed.map((r) => ROLE_LABELS[r]).join(', ') }));
  }
}

/**
 * Creates a user account in the actor's company (or a partner's or customer's, with `companyId`)
 * and queues its "account created" mail (now or on the chosen date) in the same transaction, with
 * a link to choose a first password.
 */
export async function createAccount(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: TCreateAccountInput,
  context: { origin: string },
) {
  const { companyId, ...account } = ZCreateAccountInput.parse(input);
  const company = await assertCanManageAccountsOf(db, actor, companyId, 'write');
  assertRoleFits(company, account.role, 'created');

  return db.transaction(async (tx) => {
    const { user, welcomeMail } = await insertAccount(tx, jobs, company, account, {
      origin: context.origin,
      createdBy: actor.userId,
    });
    await writeAudit(tx, actor, {
      company,
      action: 'account.create',
      targetType: 'user',
      targetId: user.id,
      after: { email: user.email, name: user.name, role: user.role },
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role, welcomeMail };
  });
}

/** Never-signed-in accounts come last whichever way sign-in dates are sorted. */
const SORT_COLUMNS = {
  name: { column: sql`lower(${users.name})`, type: 'text' },
  email: { column: sql`lower(${users.email})`, type: 'text' },
  role: { column: users.role, type: userRole },
  status: { column: users.status, type: userStatus },
  lastSignInAt: { column: users.lastSignInAt, type: 'timestamptz', nullsLast: true },
  createdAt: { column: users.createdAt, type: 'timestamptz' },
} satisfies Record<(typeof ACCOUNT_SORT_FIELDS)[number], KeyColumn>;

/**
 * A company's accounts, a page at a time, sorted and filtered; with the roles its accounts may
 * hold, for the forms that create and edit them.
 */
export async function listAccounts(db: Db, actor: Actor, input: TListAccountsInput) {
  const { companyId, cursor, limit, sort, filters } = ZListAccountsInput.parse(input);
  const company = await assertCanManageAccountsOf(db, actor, companyId, 'read');

  const where: SQL[] = [eq(users.companyId, company.id)];
  if (filters.query) {
    const pattern = `%${likeEscape(filters.query)}%`;
    where.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  if (filters.role) where.push(eq(users.role, filters.role));
  if (filters.status) where.push(eq(users.status, filters.status));

  const keys = keyset(`company.accounts:${sort.field}:${sort.direction}`, sort.direction, [
    SORT_COLUMNS[sort.field],
    { column: users.id, type: 'uuid' },
  ]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        phone: users.phone,
        role: users.role,
        status: users.status,
        language: users.language,
        timeZone: users.timeZone,
        lastSignInAt: users.lastSignInAt,
        createdAt: users.createdAt,
        /** False until the person has chosen a password through the emailed link. */
        hasPassword: sql<boolean>`${users.passwordHash} is not null`,
        cursor: keys.cursor,
      })
      .from(users)
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(users).where(and(...where)),
  ]);
  const page = keys.page(rows, limit);
  return {
    items: page.items.map((row) => ({ ...row, roleLabel: ROLE_LABELS[row.role], isSelf: row.id === actor.userId })),
    nextCursor: page.nextCursor,
    total: total?.n ?? 0,
    company: { id: company.id, name: company.name, kind: company.kind, type: company.type },
    roles: assignableRoles(company),
  };
}

/**
 * Locks the company's active Administrators and the target account in one statement, in id order.
 * Locking the target separately after the Administrators took the rows in different orders when
 * the target was not (yet, or no longer) an active Administrator, and concurrent disables and
 * enables deadlocked; one ordered statement makes every change queue behind the others instead.
 * Two administrators demoting or disabling each other at the same moment therefore see each
 * other's change, and the last-Administrator rule holds.
 */
async function lockForChange(tx: Tx, company: Company, id: string) {
  const rows = await tx
    .select()
    .from(users)
    .where(
      and(
        eq(users.companyId, company.id),
        or(eq(users.id, id), and(eq(users.role, 'admin'), eq(users.status, 'active'))),
      ),
    )
    .orderBy(users.id)
    .for('update');
  const target = rows.find((row) => row.id === id);
  if (!target) throw notFound(m.not_found_this_account());
  const admins = rows.filter((row) => row.role === 'admin' && row.status === 'active');
  const isLastAdmin = admins.length === 1 && admins[0]!.id === target.id;
  return { target, isLastAdmin };
}

function lastAdministrator(target: User, company: Company, change: 'role' | 'disabled') {
  const words = { person: target.name, company: company.name };
  return new DomainError(
    'CONFLICT',
    change === 'role' ? m.accounts_last_administrator_role(words) : m.accounts_last_administrator_disabled(words),
  );
}

const publicAccount = (user: User) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  phone: user.phone,
  role: user.role,
  status: user.status,
  language: user.language,
  timeZone: user.timeZone,
});

/** Changes an account's name, role, phone, language or time zone. */
export async function updateAccount(db: Db, actor: Actor, input: TUpdateAccountInput) {
  const { companyId, id, ...changes } = ZUpdateAccountInput.parse(input);
  const company = await assertCanManageAccountsOf(db, actor, companyId, 'write');
  if (changes.role) assertRoleFits(company, changes.role, 'given');

  return db.transaction(async (tx) => {
    const { target, isLastAdmin } = await lockForChange(tx, company, id);
    if (isLastAdmin && changes.role && changes.role !== 'admin') {
      throw lastAdministrator(target, company, 'role');
    }
    const set = Object.fromEntries(
      Object.entries(changes).filter(([key, value]) => value !== undefined && value !== target[key as keyof User]),
    ) as Partial<typeof changes>;
    if (Object.keys(set).length === 0) return publicAccount(target);

    const [updated] = await tx.update(users).set(set).where(eq(users.id, target.id)).returning();
    await writeAudit(tx, actor, {
      company,
      action: 'account.update',
      targetType: 'user',
      targetId: target.id,
      before: Object.fromEntries(Object.keys(set).map((key) => [key, target[key as keyof User]])),
      after: set,
    });
    return publicAccount(updated!);
  });
}

/**
 * Disables an account: the person can no longer sign in and every session of theirs ends now.
 * Nobody disables their own account, and a company always keeps one active Administrator.
 */
export async function disableAccount(db: Db, actor: Actor, input: TAccountTargetInput) {
  const { companyId, id } = ZAccountTargetInput.parse(input);
  const company = await assertCanManageAccountsOf(db, actor, companyId, 'write');
  if (id === actor.userId) {
    throw new DomainError('BAD_REQUEST', m.accounts_cannot_disable_own());
  }
  return db.transaction(async (tx) => {
    const { target, isLastAdmin } = await lockForChange(tx, company, id);
    if (target.status === 'disabled') return publicAccount(target);
    if (isLastAdmin) throw lastAdministrator(target, company, 'disabled');

    const [updated] = await tx.update(users).set({ status: 'disabled' }).where(eq(users.id, target.id)).returning();
    await invalidateUserSessions(tx, target.id);
    await writeAudit(tx, actor, {
      company,
      action: 'account.disable',
      targetType: 'user',
      targetId: target.id,
      before: { status: target.status },
      after: { status: 'disabled' },
    });
    return publicAccount(updated!);
  });
}

/** Lets a disabled account sign in again. */
export async function enableAccount(db: Db, actor: Actor, input: TAccountTargetInput) {
  const { companyId, id } = ZAccountTargetInput.parse(input);
  const company = await assertCanManageAccountsOf(db, actor, companyId, 'write');
  return db.transaction(async (tx) => {
    const { target } = await lockForChange(tx, company, id);
    if (target.status === 'active') return publicAccount(target);

    const [updated] = await tx.update(users).set({ status: 'active' }).where(eq(users.id, target.id)).returning();
    await writeAudit(tx, actor, {
      company,
      action: 'account.enable',
      targetType: 'user',
      targetId: target.id,
      before: { status: target.status },
      after: { status: 'active' },
    });
    return publicAccount(updated!);
  });
}

/**
 * Mails the account a single-use link to choose a new password, through the same pipeline (and
 * the same rate limits) as "Forgot password?". Also the way to resend a lost welcome link.
 */
export async function sendAccountPasswordReset(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: TAccountTargetInput,
  context: { origin: string },
) {
  const { companyId, id } = ZAccountTargetInput.parse(input);
  const company = await assertCanManageAccountsOf(db, actor, companyId, 'reset-password');
  const [target] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.companyId, company.id)));
  if (!target) throw notFound(m.not_found_this_account());
  if (target.status !== 'active') {
    throw new DomainError(
      'CONFLICT',
      m.accounts_disabled_no_reset({ person: target.name }),
    );
  }

  // The staff member knows the account exists, so the mail is written now, within the same limits.
  const ip = actor.ip ?? 'unknown';
  await limitPasswordResetRequests(db, target.email, ip);
  await issuePasswordReset(
    db,
    jobs,
    { email: target.email },
    { ip, origin: context.origin, requestedBy: { userId: actor.userId, companyId: actor.company.id } },
  );
  return { sent: true as const, email: target.email };
}
