import { inArray, sql } from 'drizzle-orm';
import { asConnectingRole, companyCards, users, type Db } from '@keyway/db';
import { cardJoin } from './sql.ts';

/** One entry of a report's history (usage and billing reports keep the same kind). */
export interface HistoryEntry<Action extends string, Change> {
  id: number;
  at: Date;
  action: Action;
  actorName: string | null; // null: the system
  actorCompanyName: string | null;
  comment: string | null;
  line: { customerName: string; productCode: string; unitType: string } | null;
  before: Change | null;
  after: Change | null;
}

/**
 * The events of one report, oldest first, from its `events` table (with `line_id` into its `lines`
 * table), with who acted named. The caller has checked the report is in the actor's scope.
 */
export async function reportHistory<Action extends string, Change>(
  db: Db,
  tables: { events: 'usage_report_events' | 'billing_report_events'; lines: 'usage_report_lines' | 'billing_report_lines' },
  reportId: string,
): Promise<HistoryEntry<Action, Change>[]> {
  const rows = await db.execute<{
    id: string;
    at: string;
    action: Action;
    actorUserId: string | null;
    actorCompanyId: string | null;
    comment: string | null;
    customerName: string | null;
    productCode: string | null;
    unitType: string | null;
    before: Change | null;
    after: Change | null;
  }>(sql`
    select e.id::text, e.at::text, e.action, e.actor_user_id as "actorUserId", e.actor_company_id as "actorCompanyId", e.comment,
      c.name as "customerName", p.code as "productCode", l.unit_type as "unitType", e.before, e.after
    from ${sql.identifier(tables.events)} e
    left join ${sql.identifier(tables.lines)} l on l.id = e.line_id
    ${cardJoin(sql`l.company_id`, 'c')}
    left join products p on p.id = l.product_id
    where e.report_id = ${reportId}::uuid
    order by e.at, e.id`);
  const companyIds = [...new Set(rows.map((r) => r.actorCompanyId).filter((id): id is string => id !== null))];
  const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
  const companyNames = new Map(
    companyIds.length === 0
      ? []
      : (await db.select({ id: companyCards.id, name: companyCards.name }).from(companyCards).where(inArray(companyCards.id, companyIds))).map(
          (c) => [c.id, c.name] as const,
        ),
  );
  // The people who acted on a report are named to both sides (an MSP reads who at its tier-1
  // rejected its report, a tier-1 who at the vendor returned its bill), though neither may
  // otherwise list the other's accounts: only names, and only of the users this history records.
  const userNames = new Map(
    userIds.length === 0
      ? []
      : await db.transaction((tx) =>
          asConnectingRole(tx, async () =>
            (await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds))).map((u) => [u.id, u.name] as const),
          ),
        ),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at),
    action: r.action,
    actorName: r.actorUserId ? (userNames.get(r.actorUserId) ?? null) : null,
    actorCompanyName: r.actorCompanyId ? (companyNames.get(r.actorCompanyId) ?? null) : null,
    comment: r.comment,
    line: r.customerName && r.productCode && r.unitType ? { customerName: r.customerName, productCode: r.productCode, unitType: r.unitType } : null,
    before: r.before,
    after: r.after,
  }));
}
