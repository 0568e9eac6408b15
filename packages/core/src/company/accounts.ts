import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, passwordResetTokens, userRole, users, type Db } from '@keyway/db';
import { writeAudit } from '../audit/audit.ts';
import { ROLE_LABELS, rolesForTier, tierOf } from '../auth/privileges.ts';
import { queueEmail } from '../email-notifications/queue.ts';
import { DomainError } from '../errors.ts';
import type { JobQueue } from '../jobs/registry.ts';
import type { Actor } from '../tenancy/scope.ts';

/** A new account's link to choose its first password stays valid this long. */
const SET_PASSWORD_LINK_DAYS = 7;

export const ZCreateAccountInput = z.object({
  name: z.string().trim().min(1, 'Enter the person’s name.').max(120, 'Keep the name to 120 characters.'),
  email: z.string().trim().max(254).email('Enter a valid email address.'),
  role: z.enum(userRole.enumValues, { message: 'Choose one of the built-in roles.' }),
  phone: z.string().trim().max(40, 'Keep the phone number to 40 characters.').optional(),
  language: z.string().trim().min(2).max(10).optional(),
  timeZone: z
    .string()
    .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', 'Choose a time zone from the list.')
    .optional(),
  /** Send the "account created" mail on this date instead of now. */
  notifyAt: z.coerce.date({ message: 'Enter a valid date for the welcome mail.' }).optional(),
});
export type TCreateAccountInput = z.input<typeof ZCreateAccountInput>;

/**
 * Creates a user account in the actor's company and queues its "account created" mail (now or on
 * the chosen date) in the same transaction, with a link to choose a first password.
 */
export async function createAccount(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: TCreateAccountInput,
  context: { origin: string },
) {
  const parsed = ZCreateAccountInput.parse(input);
  const [company] = await db.select().from(companies).where(eq(companies.id, actor.company.id));
  if (!company) throw new DomainError('NOT_FOUND', 'Your company was not found.');
  const allowed = rolesForTier(tierOf(company));
  if (!allowed.includes(parsed.role)) {
    throw new DomainError(
      'BAD_REQUEST',
      `A ${ROLE_LABELS[parsed.role]} cannot be created here. Choose one of: ${allowed.map((r) => ROLE_LABELS[r]).join(', ')}.`,
    );
  }

  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          companyId: company.id,
          channelId: company.channelId,
          partnerId: company.partnerId,
          customerId: company.customerId,
          email: parsed.email,
          name: parsed.name,
          phone: parsed.phone ?? null,
          role: parsed.role,
          language: parsed.language ?? company.language,
          timeZone: parsed.timeZone ?? company.timeZone,
        })
        .returning();
      await tx.insert(passwordResetTokens).values({
        tokenHash: sha256(new TextEncoder().encode(token)),
        userId: user!.id,
        expiresAt: new Date(Date.now() + SET_PASSWORD_LINK_DAYS * 86_400_000),
      });
      const mail = await queueEmail(tx, jobs, {
        event: 'account-created',
        companyId: company.id,
        to: { email: user!.email, name: user!.name, userId: user!.id },
        language: user!.language,
        variables: {
          recipientName: user!.name,
          companyName: company.name,
          accountName: user!.email,
          signInUrl: `${context.origin}/sign-in`,
          setPasswordUrl: `${context.origin}/reset-password/${token}`,
          senderName: company.name,
        },
        scheduledFor: parsed.notifyAt,
        createdBy: actor.userId,
      });
      await writeAudit(tx, {
        actor: { userId: actor.userId, companyId: actor.company.id, ip: actor.ip },
        company,
        action: 'account.create',
        targetType: 'user',
        targetId: user!.id,
        after: { email: user!.email, name: user!.name, role: user!.role },
      });
      return {
        id: user!.id,
        email: user!.email,
        name: user!.name,
        role: user!.role,
        welcomeMail: mail ? { id: mail.id, status: mail.status } : null,
      };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
      throw new DomainError('CONFLICT', `An account with the email ${parsed.email} already exists.`);
    }
    throw error;
  }
}

