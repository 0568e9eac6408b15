import { eq } from 'drizzle-orm';
import { companies, companyCards, usageReportSettings, type Db, type Executor } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { can } from '../privileges.ts';
import type { Actor } from '../tenancy/index.ts';
import { ZUsageReportSettingsInput, type UsageReportSettingsView } from './model.ts';
import type { z } from 'zod';
import { m } from '../i18n.ts';

/** What a tier-1 without a settings row uses (the columns' defaults). */
export const DEFAULT_AUTO_SUBMIT_DAYS = 5;

/** The tier-1 whose settings apply to the actor's reports: its own, or its channel's. */
function tier1Of(actor: Actor): string {
  const id = actor.tier === 'tier1' ? actor.company.id : actor.company.channelId;
  if (!id) throw new DomainError('FORBIDDEN', m.usage_kept_by_parent());
  return id;
}

/** A tier-1's settings, the defaults where it saved none. */
export async function settingsOf(db: Executor, tier1Id: string) {
  const [row] = await db.select().from(usageReportSettings).where(eq(usageReportSettings.companyId, tier1Id));
  return {
    autoSubmitDays: row?.autoSubmitDays ?? DEFAULT_AUTO_SUBMIT_DAYS,
    autoApproveWithoutComments: row?.autoApproveWithoutComments ?? false,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** The settings of the actor's tier-1 (its own for a tier-1): an MSP reads when its reports auto-submit. */
export async function getUsageReportSettings(db: Db, actor: Actor): Promise<UsageReportSettingsView> {
  const tier1Id = tier1Of(actor);
  const [card] = await db.select({ name: companyCards.name }).from(companyCards).where(eq(companyCards.id, tier1Id));
  const settings = await settingsOf(db, tier1Id);
  return {
    companyId: tier1Id,
    companyName: card?.name ?? '',
    ...settings,
    canUpdate: actor.tier === 'tier1' && can(actor, 'usageReports.approve'),
  };
}

/**
 * A tier-1 changes when its partners' reports (and its own) auto-submit and whether reports
 * without comments are approved on submission. Reports already prepared keep their due date.
 */
export async function updateUsageReportSettings(
  db: Db,
  actor: Actor,
  input: z.input<typeof ZUsageReportSettingsInput>,
): Promise<UsageReportSettingsView> {
  const parsed = ZUsageReportSettingsInput.parse(input);
  if (actor.tier !== 'tier1') throw new DomainError('FORBIDDEN', m.usage_only_parent_settings());
  await db.transaction(async (tx) => {
    const [company] = await tx.select().from(companies).where(eq(companies.id, actor.company.id));
    if (!company) throw notFound(m.not_found_company());
    const before = await settingsOf(tx, company.id);
    await tx
      .insert(usageReportSettings)
      .values({
        companyId: company.id,
        channelId: company.channelId,
        partnerId: company.partnerId,
        customerId: company.customerId,
        ...parsed,
        updatedBy: actor.userId,
      })
      .onConflictDoUpdate({
        target: usageReportSettings.companyId,
        set: { ...parsed, updatedBy: actor.userId, updatedAt: new Date() },
      });
    await writeAudit(tx, actor, {
      company,
      action: 'usage-report.settings',
      targetType: 'company',
      targetId: company.id,
      before: { autoSubmitDays: before.autoSubmitDays, autoApproveWithoutComments: before.autoApproveWithoutComments },
      after: parsed,
    });
  });
  return getUsageReportSettings(db, actor);
}
