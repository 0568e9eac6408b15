import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { users } from './users.ts';

/**
 * A company's own wording of one event's mail in one language. A company without a row for an
 * event uses its nearest ancestor's, then the built-in text of the email package.
 */
export const emailTemplates = pgTable(
  'email_templates',
  {
    id: id(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    /** Event id from the email package's catalogue, e.g. `license-added`. */
    event: text().notNull(),
    language: text().notNull(),
    enabled: boolean().notNull().default(true),
    subject: text().notNull(),
    /** Named text blocks with `{{variables}}`, e.g. `{ heading, intro, body, closing }`. */
    blocks: jsonb().$type<Record<string, string>>().notNull(),
    /** Mail goes to the affected customer directly, not only to the partner. */
    sendToCustomer: boolean().notNull().default(true),
    /** The event's send timing (the email package's `EmailTimingSetting`), e.g. `{ kind: 'days-before-expiry', days: 30 }`. */
    timing: jsonb().$type<Record<string, unknown>>(),
    updatedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('email_templates_company_event_language_key').on(t.companyId, t.event, t.language),
    index('email_templates_channel_id_idx').on(t.channelId),
  ],
);

export const emailStatus = pgEnum('email_status', [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'failed',
  'canceled',
]);

/**
 * A mail is a row first: written in the transaction of the change that causes it, rendered once,
 * then delivered by the `email.send` job with the row id as the provider's idempotency key.
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    id: id(),
    /** The company the mail concerns; its stamps decide who may see the mail. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    event: text().notNull(),
    language: text().notNull(),
    recipientEmail: text().notNull(),
    recipientName: text(),
    recipientUserId: uuid().references(() => users.id),
    /** The values the texts were rendered with. */
    variables: jsonb().$type<Record<string, string>>().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    status: emailStatus().notNull(),
    /** When the mail is due; now for immediate mails. */
    scheduledFor: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    providerMessageId: text(),
    sentAt: timestamp({ withTimezone: true }),
    /** Set on a resent copy: the mail it repeats. */
    resentFromId: uuid().references((): AnyPgColumn => emailMessages.id),
    /** Who caused the mail; null for the system. */
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('email_messages_due_idx').on(t.scheduledFor).where(sql`${t.status} = 'scheduled'`),
    index('email_messages_channel_created_idx').on(t.channelId, t.createdAt),
    index('email_messages_partner_created_idx').on(t.partnerId, t.createdAt),
    index('email_messages_customer_created_idx').on(t.customerId, t.createdAt),
    index('email_messages_company_created_idx').on(t.companyId, t.createdAt),
    index('email_messages_recipient_trgm_idx').using('gin', sql`lower(${t.recipientEmail}) gin_trgm_ops`),
  ],
);

export type EmailTemplateRow = typeof emailTemplates.$inferSelect;
export type EmailMessage = typeof emailMessages.$inferSelect;
export type EmailStatus = (typeof emailStatus.enumValues)[number];
