import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, users, type Db, type User } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { verifyPassword } from '../auth/index.ts';
import { ROLE_LABELS } from '../privileges.ts';
import { DomainError, isUniqueViolation, notFound } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { said, ZEmail, ZLanguage, ZText, ZTimeZone } from '../validation.ts';
import { formatCount, m } from '../i18n.ts';

export const ZUpdateMyAccountInput = z.object({
  name: ZText(120, { tooLong: () => m.account_name_too_long({ max: formatCount(120) }) }).min(1, said(m.account_name_required)).optional(),
  phone: ZText(40, { tooLong: () => m.validation_phone_too_long({ max: formatCount(40) }) })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  email: ZEmail.optional(),
  /**
   * Needed to change the email: the email is where password resets go, so a stolen session alone
   * must not be able to redirect them.
   */
  currentPassword: ZText(1024, { trim: false, tooLong: m.validation_password_too_long }).optional(),
  language: ZLanguage.optional(),
  /** Used for the person's reports and notifications. */
  timeZone: ZTimeZone.optional(),
});
export type TUpdateMyAccountInput = z.input<typeof ZUpdateMyAccountInput>;

const FIELDS = ['name', 'phone', 'email', 'language', 'timeZone'] as const satisfies (keyof User)[];

/** The signed-in person's own account, as Administration → Account Information shows it. */
export async function getMyAccount(db: Db, actor: Actor) {
  const [row] = await db
    .select({ user: users, companyName: companies.name })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, actor.userId));
  if (!row) throw notFound(m.not_found_your_account());
  const { user } = row;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    language: user.language,
    timeZone: user.timeZone,
    companyName: row.companyName,
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
  };
}

/** Saves the person's own name, phone, email, language and time zone. */
export async function updateMyAccount(db: Db, actor: Actor, input: TUpdateMyAccountInput) {
  const changes = ZUpdateMyAccountInput.parse(input);
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(users).where(eq(users.id, actor.userId)).for('update');
      if (!before) throw notFound(m.not_found_your_account());
      const changed = FIELDS.filter((field) => changes[field] !== undefined && changes[field] !== before[field]);
      if (changed.length === 0) return;
      if (changed.includes('email')) {
        const ok = before.passwordHash && changes.currentPassword && (await verifyPassword(before.passwordHash, changes.currentPassword));
        if (!ok) {
          throw new DomainError('BAD_REQUEST', m.auth_current_password_for_email(), {
            fieldErrors: { currentPassword: [m.auth_current_password_for_email()] },
          });
        }
      }
      const set = Object.fromEntries(changed.map((field) => [field, changes[field]]));

      await tx.update(users).set(set).where(eq(users.id, before.id));
      await writeAudit(tx, actor, {
        company: actor.company,
        action: 'account.update-own',
        targetType: 'user',
        targetId: before.id,
        before: Object.fromEntries(changed.map((field) => [field, before[field]])),
        after: set,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new DomainError('CONFLICT', m.auth_email_used({ email: changes.email ?? '' }), {
        fieldErrors: { email: [m.auth_email_used_field()] },
      });
    }
    throw error;
  }
  return getMyAccount(db, actor);
}
