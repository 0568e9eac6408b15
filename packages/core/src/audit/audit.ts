import { auditLog, type Executor } from '@keyway/db';

export interface AuditEntry {
  /** Who did it; `userId` null for the system. */
  actor: { userId: string | null; companyId: string | null; ip?: string | null };
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

/** Records a change. Call it with the transaction of the change, so both commit or neither does. */
export async function writeAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.actor.userId,
    actorCompanyId: entry.actor.companyId,
    ip: entry.actor.ip ?? null,
    companyId: entry.company?.id ?? null,
    channelId: entry.company?.channelId ?? null,
    partnerId: entry.company?.partnerId ?? null,
    customerId: entry.company?.customerId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
