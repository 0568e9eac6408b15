import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { passwordResetTokens, users, type Company, type Tx, type UserRole } from '@keyway/db';
import { queueEmail } from '../email-notifications/index.ts';
import { DomainError } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { m } from '../i18n.ts';

/** A new account's link to choose its first password stays valid this long. */
export const SET_PASSWORD_LINK_DAYS = 7;

export interface NewAccount {
  name: string;
  email: string;
  role: UserRole;
  phone?: string | null;
  language?: string;
  timeZone?: string;
  /** Send the "account created" mail on this date instead of now. */
  notifyAt?: Date;
}

/**
 * Inserts a user into `company` and queues its "account created" mail with a link to choose a
 * first password, all in the caller's transaction. A taken email answers CONFLICT.
 */
export async function insertAccount(
  tx: Tx,
  jobs: JobQueue,
  company: Company,
  account: NewAccount,
  context: { origin: string; createdBy: string | null },
) {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  const inserted = await tx
    .insert(users)
    .values({
      companyId: company.id,
      channelId: company.channelId,
      partnerId: company.partnerId,
      customerId: company.customerId,
      email: account.email,
      name: account.name,
      phone: account.phone ?? null,
      role: account.role,
      language: account.language ?? company.language,
      timeZone: account.timeZone ?? company.timeZone,
    })
    .onConflictDoNothing()
    .returning();
  const user = inserted[0];
  if (!user) {
    throw new DomainError('CONFLICT', m.accounts_email_exists({ email: account.email }), { field: 'email' });
  }

  await tx.insert(passwordResetTokens).values({
    tokenHash: sha256(new TextEncoder().encode(token)),
    userId: user.id,
    // Counted from when the mail goes out, so a welcome mail sent on a later date has a live link.
    expiresAt: new Date(Math.max(Date.now(), account.notifyAt?.getTime() ?? 0) + SET_PASSWORD_LINK_DAYS * 86_400_000),
  });
  const mail = await queueEmail(tx, jobs, {
    event: 'account-created',
    companyId: company.id,
    to: { email: user.email, name: user.name, userId: user.id },
    language: user.language,
    variables: {
      recipientName: user.name,
      companyName: company.name,
      accountName: user.email,
      signInUrl: `${context.origin}/sign-in`,
      setPasswordUrl: `${context.origin}/reset-password/${token}`,
      senderName: company.name,
    },
    scheduledFor: account.notifyAt,
    createdBy: context.createdBy,
  });
  return { user, welcomeMail: mail ? { id: mail.id, status: mail.status } : null };
}
