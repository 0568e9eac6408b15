import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, passwordResetTokens, users, type Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { queueEmail, resolveTemplate } from '../email-notifications/index.ts';
import { DomainError } from '../errors.ts';
import { authPasswordReset, type JobQueue } from '../jobs/index.ts';
import { hashPassword } from './password.ts';
import { consumeRateLimit, type RateLimit } from './rate-limit.ts';
import { invalidateUserSessions } from './session.ts';
import { ZText, said } from '../validation.ts';
import { m, formatCount } from '../i18n.ts';

export const ZPassword = ZText(256, { trim: false, tooLong: () => m.validation_password_max({ max: formatCount(256) }) }).min(10, said(() => m.validation_password_min({ min: formatCount(10) })));

export const ZRequestPasswordResetInput = z.object({
  email: ZText(254, { tooLong: () => m.validation_email_too_long({ max: formatCount(254) }) }).min(1, said(m.validation_email_required)).email(said(m.validation_email)),
});
export const ZResetPasswordInput = z.object({
  token: ZText(200, { tooLong: m.validation_reset_link_invalid }).min(1, said(m.validation_reset_link_incomplete)),
  password: ZPassword,
});

/** Reset mails per address are few; per IP more, since offices share one. */
export const PASSWORD_RESET_LIMITS = {
  email: { limit: 5, windowSeconds: 15 * 60 },
  ip: { limit: 30, windowSeconds: 60 },
} satisfies Record<string, RateLimit>;


function hashToken(token: string): Uint8Array {
  return sha256(new TextEncoder().encode(token));
}

async function limit(db: Db, key: string, rule: RateLimit, what: (seconds: string) => string) {
  const result = await consumeRateLimit(db, key, rule);
  if (!result.allowed) {
    throw new DomainError('TOO_MANY_REQUESTS', what(String(result.retryAfterSeconds)), {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}

/** Counts one reset request against the address and the requester's IP; refuses past either limit. */
export async function limitPasswordResetRequests(db: Db, email: string, ip: string): Promise<void> {
  await limit(db, `password-reset:email:${email.toLowerCase()}`, PASSWORD_RESET_LIMITS.email, (seconds) => m.auth_too_many_resets_address({ seconds }));
  await limit(db, `password-reset:ip:${ip}`, PASSWORD_RESET_LIMITS.ip, (seconds) => m.auth_too_many_resets({ seconds }));
}

/**
 * "Forgot password?": checks the limits and queues `auth.password-reset`, and nothing else. The
 * request runs the same statements whether or not an account has this address, so neither the
 * answer nor its timing tells who has one; the job mails the link if one does.
 */
export async function requestPasswordReset(
  db: Db,
  jobs: JobQueue,
  input: z.input<typeof ZRequestPasswordResetInput>,
  context: { ip: string; origin: string },
): Promise<{ sent: true }> {
  const { email } = ZRequestPasswordResetInput.parse(input);
  await limitPasswordResetRequests(db, email, context.ip);
  await db.transaction((tx) =>
    jobs.send(tx, authPasswordReset, { email: email.toLowerCase(), origin: context.origin, ip: context.ip }),
  );
  return { sent: true };
}

/**
 * Mails a single-use reset link to the active account with this email, if there is one: the
 * work of `auth.password-reset`, and of a staff member's "send password-reset mail". The link
 * stays valid as long as the company's "reset password" template says (2 hours by default).
 */
export async function issuePasswordReset(
  db: Db,
  jobs: JobQueue,
  input: { email: string },
  context: {
    ip: string;
    origin: string;
    /** A staff member who sends the reset for the user; recorded in the same transaction. */
    requestedBy?: { userId: string; companyId: string };
  },
): Promise<{ issued: boolean }> {
  const normalized = input.email.toLowerCase();
  const [row] = await db
    .select({ user: users, company: companies })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(sql`lower(${users.email})`, normalized));
  if (!row || row.user.status !== 'active' || row.company.status === 'canceled') return { issued: false };

  const template = await resolveTemplate(db, row.company.id, 'reset-password', row.user.language);
  const hours = template.timing.kind === 'link-validity-hours' ? template.timing.hours : 2;
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));

  await db.transaction(async (tx) => {
    await tx.insert(passwordResetTokens).values({
      tokenHash: hashToken(token),
      userId: row.user.id,
      expiresAt: new Date(Date.now() + hours * 3_600_000),
    });
    await queueEmail(tx, jobs, {
      event: 'reset-password',
      companyId: row.company.id,
      to: { email: row.user.email, name: row.user.name, userId: row.user.id },
      language: row.user.language,
      variables: {
        recipientName: row.user.name,
        accountName: row.user.email,
        resetUrl: `${context.origin}/reset-password/${token}`,
        validForHours: hours,
      },
    });
    await writeAudit(tx, { userId: context.requestedBy?.userId ?? null, companyId: context.requestedBy?.companyId ?? null, ip: context.ip }, {
      company: row.company,
      action: context.requestedBy ? 'account.send-password-reset' : 'auth.password-reset-requested',
      targetType: 'user',
      targetId: row.user.id,
    });
  });
  return { issued: true };
}

/**
 * Sets a new password with a reset link. The link works once and only until it expires; every
 * session of the user ends, and so does every other reset link they were sent.
 */
export async function resetPassword(
  db: Db,
  input: z.input<typeof ZResetPasswordInput>,
  context: { ip: string },
): Promise<{ reset: true }> {
  const { token, password } = ZResetPasswordInput.parse(input);
  await limit(db, `password-reset-use:ip:${context.ip}`, PASSWORD_RESET_LIMITS.ip, (seconds) => m.auth_too_many_attempts({ seconds }));
  const passwordHash = await hashPassword(password);

  await db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, new Date()),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!used) throw new DomainError('BAD_REQUEST', m.auth_reset_link_invalid());

    const [row] = await tx
      .select({ user: users, company: companies })
      .from(users)
      .innerJoin(companies, eq(companies.id, users.companyId))
      .where(eq(users.id, used.userId));
    if (!row || row.user.status !== 'active' || row.company.status === 'canceled') {
      throw new DomainError('BAD_REQUEST', m.auth_reset_link_invalid());
    }

    await tx.update(users).set({ passwordHash }).where(eq(users.id, row.user.id));
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.userId, row.user.id), isNull(passwordResetTokens.usedAt)));
    await invalidateUserSessions(tx, row.user.id);
    await writeAudit(tx, { userId: row.user.id, companyId: row.company.id, ip: context.ip }, {
      company: row.company,
      action: 'auth.password-reset',
      targetType: 'user',
      targetId: row.user.id,
    });
  });
  return { reset: true };
}
