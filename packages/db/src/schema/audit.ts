import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenancy } from './columns.ts';

/**
 * One row per change, written in the transaction of the change. Stamped with the tenancy of the
 * company the change concerns, so each tier reads the log of its own subtree.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Null for changes made by the system (jobs). */
    actorUserId: uuid(),
    actorCompanyId: uuid(),
    /** The company the change concerns. */
    companyId: uuid(),
    ...tenancy(),
    /** Dotted verb, e.g. `auth.sign-in`, `company.update`. */
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
  },
  (t) => [
    index('audit_log_company_id_at_idx').on(t.companyId, t.at),
    index('audit_log_channel_id_at_idx').on(t.channelId, t.at),
    index('audit_log_partner_id_at_idx').on(t.partnerId, t.at),
  ],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
