import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { companies, type Company, type Executor, type NewCompany, type Tx } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { DomainError, isUniqueViolation, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { stampsFor, type Actor } from '../tenancy/index.ts';
import { assertWritable } from './guards.ts';
import { insertAccount } from './new-account.ts';
import { m } from '../i18n.ts';

/** Records a change to a company in the transaction that makes it. */
export function auditCompany(tx: Tx, actor: Actor, company: Company, action: string, before: unknown, after: unknown) {
  return writeAudit(tx, actor, {
    company,
    action,
    targetType: 'company',
    targetId: company.id,
    before,
    after,
  });
}

export interface NewChildCompany {
  kind: 'tier1' | 'tier2' | 'customer';
  /** Profile and status columns; id, parent and tenancy stamps are set here. */
  values: Omit<NewCompany, 'id' | 'kind' | 'parentId' | 'channelId' | 'partnerId' | 'customerId'>;
  admin: { name: string; email: string; notifyAt?: Date };
  /** Audit action, e.g. `partner.create`. */
  action: string;
}

/**
 * Creates a company directly below the actor's, stamped for tenancy, with its first
 * Administrator and their "account created" mail, in one transaction. A taken account name
 * answers CONFLICT naming who has it, also when two creates race for the same name.
 */
export async function createChildCompany(
  db: Executor,
  jobs: JobQueue,
  actor: Actor,
  child: NewChildCompany,
  context: { origin: string },
) {
  const [parent] = await db.select().from(companies).where(eq(companies.id, actor.company.id));
  if (!parent) throw notFound(m.not_found_your_company());
  await assertWritable(db, parent);

  const id = randomUUID();
  try {
    return await db.transaction(async (tx) => {
      const [company] = await tx
        .insert(companies)
        .values({ ...child.values, id, kind: child.kind, parentId: parent.id, ...stampsFor(child.kind, id, parent) })
        .returning();
      const admin = await insertAccount(
        tx,
        jobs,
        company!,
        { name: child.admin.name, email: child.admin.email, role: 'admin', notifyAt: child.admin.notifyAt },
        { origin: context.origin, createdBy: actor.userId },
      );
      await auditCompany(tx, actor, company!, child.action, null, { ...child.values, admin: child.admin.email });
      return {
        id: company!.id,
        accountName: company!.accountName,
        admin: { id: admin.user.id, email: admin.user.email },
        welcomeMail: admin.welcomeMail,
      };
    });
  } catch (error) {
    // The administrator's email is a field of this form: say which one is taken.
    if (error instanceof DomainError && error.code === 'CONFLICT' && error.details?.field === 'email') {
      throw new DomainError('CONFLICT', error.message, { field: 'admin.email' });
    }
    if (isUniqueViolation(error, 'companies_channel_account_name_key') || isUniqueViolation(error, 'companies_top_account_name_key')) {
      throw await accountNameTaken(db, parent, child.kind, child.values.accountName);
    }
    throw error;
  }
}

/** The refusal for a taken account name, naming who has it. */
async function accountNameTaken(db: Executor, parent: Company, kind: Company['kind'], accountName: string): Promise<DomainError> {
  const channelId = kind === 'tier1' ? null : parent.channelId;
  const [holder] = await db
    .select({ name: companies.name })
    .from(companies)
    .where(
      and(
        eq(sql`lower(${companies.accountName})`, accountName.toLowerCase()),
        channelId
          ? and(eq(companies.channelId, channelId), inArray(companies.kind, ['tier2', 'customer']))
          : inArray(companies.kind, ['vendor', 'tier1']),
      ),
    );
  return new DomainError(
    'CONFLICT',
    holder
      ? (channelId ? m.company_account_name_taken_by_channel : m.company_account_name_taken_by)({ accountName, holder: holder.name })
      : (channelId ? m.company_account_name_taken_channel : m.company_account_name_taken)({ accountName }),
    { field: 'profile.accountName' },
  );
}
