import { auditLog, type Executor } from '@keyway/db';
import type { Actor } from '../tenancy/index.ts';

/**
 * Who made a change: a signed-in user acting for their company (`Actor`), a user known another
 * way (signing in, following a reset link: their ids and address), or null for the system.
 */
export type AuditActor = Actor | { userId: string | null; companyId: string | null; ip?: string | null } | null;

export interface AuditEntry {
  /** The company the change concerns; its tenancy stamps are copied so each tier reads its subtree. */
  company: {
    id: string;
    channelId: string | null;
    partnerId: string | null;
    customerId: string | null;
  } | null;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

function who(actor: AuditActor): { userId: string | null; companyId: string | null; ip: string | null } {
  if (!actor) return { userId: null, companyId: null, ip: null };
  if ('company' in actor) return { userId: actor.userId, companyId: actor.company.id, ip: actor.ip };
  return { userId: actor.userId, companyId: actor.companyId, ip: actor.ip ?? null };
}

/** Rows per insert: well under Postgres's 65,535 parameters at 14 a row. */
const AUDIT_ROWS_PER_INSERT = 2_000;

/**
 * Records a change, or several made together (one insert per 2,000). Call it with the transaction
 * of the change, so both commit or neither does.
 */
export async function writeAudit(tx: Executor, actor: AuditActor, entries: AuditEntry | readonly AuditEntry[]): Promise<void> {
  const by = who(actor);
  const rows = (Array.isArray(entries) ? entries : [entries]).map((entry: AuditEntry) => ({
    actorUserId: by.userId,
    actorCompanyId: by.companyId,
    ip: by.ip,
    companyId: entry.company?.id ?? null,
    channelId: entry.company?.channelId ?? null,
    partnerId: entry.company?.partnerId ?? null,
    customerId: entry.company?.customerId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  }));
  for (let from = 0; from < rows.length; from += AUDIT_ROWS_PER_INSERT) {
    await tx.insert(auditLog).values(rows.slice(from, from + AUDIT_ROWS_PER_INSERT));
  }
}
