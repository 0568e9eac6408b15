import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, emailTemplates, type CompanyKind, type EmailTemplateRow, type Executor } from '@keyway/db';
import {
  DEFAULT_BRAND,
  defaultTimingSetting,
  EMAIL_BLOCKS,
  EMAIL_EVENTS,
  EMAIL_EVENT_DEFINITIONS,
  renderPreview,
  validateTemplateTexts,
  validateTimingSetting,
  type Brand,
  type EmailBlocks,
  type EmailEvent,
  type EmailTexts,
  type EmailTimingSetting,
} from '@keyway/email';
import { writeAudit } from '../audit/index.ts';
import { DomainError } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { cardJoin } from '../sql.ts';
import { said, ZLanguage, ZText } from '../validation.ts';
import { m } from '../i18n.ts';


const ZEvent = z.enum(EMAIL_EVENTS, said(m.mails_event_choose));
/** Template text keeps its spaces and line breaks as written. */
const ZTemplateText = (max: number) => ZText(max, { trim: false });
const ZBlocks = z.object(
  Object.fromEntries(EMAIL_BLOCKS.map((b) => [b, ZTemplateText(5000)])) as Record<(typeof EMAIL_BLOCKS)[number], z.ZodString>,
);
const ZTiming = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('immediately') }),
  z.object({ kind: z.literal('days-before-start'), days: z.number().int() }),
  z.object({ kind: z.literal('days-before-expiry'), days: z.number().int() }),
  z.object({ kind: z.literal('link-validity-hours'), hours: z.number().int() }),
]);

export const ZTemplateKey = z.object({ event: ZEvent, language: ZLanguage.default('en') });
export const ZListTemplatesInput = z.object({ language: ZLanguage.default('en') }).default({ language: 'en' });
export const ZUpdateTemplateInput = ZTemplateKey.extend({
  enabled: z.boolean(),
  subject: ZTemplateText(300).trim().min(1, said(m.mails_subject_required)),
  blocks: ZBlocks,
  sendToCustomer: z.boolean(),
  timing: ZTiming.optional(),
});
export const ZPreviewTemplateInput = ZTemplateKey.extend({
  subject: ZTemplateText(300).optional(),
  blocks: ZBlocks.partial().optional(),
});
export type TUpdateTemplateInput = z.input<typeof ZUpdateTemplateInput>;
export type TPreviewTemplateInput = z.input<typeof ZPreviewTemplateInput>;

export type ChainLink = {
  id: string;
  name: string;
  kind: CompanyKind;
  depth: number;
};

/** The company and its ancestors, nearest first (at most four: the tree has a fixed depth). */
export async function companyChain(db: Executor, companyId: string): Promise<ChainLink[]> {
  return db.execute<ChainLink>(sql`
    with recursive chain as (
      select id, name, kind, parent_id, 0 as depth from company_cards where id = ${companyId}
      union all
      select c.id, c.name, c.kind, c.parent_id, chain.depth + 1
      from chain ${cardJoin(sql`chain.parent_id`, 'c', 'join')}
    )
    select id, name, kind, depth from chain order by depth
  `);
}

export interface EffectiveTemplate {
  event: EmailEvent;
  language: string;
  enabled: boolean;
  subject: string;
  blocks: EmailBlocks;
  sendToCustomer: boolean;
  timing: EmailTimingSetting;
  /** Whose text it is: the company itself, an ancestor, or the built-in default. */
  source: { kind: 'own' | 'inherited'; companyId: string; companyName: string } | { kind: 'default' };
}

/**
 * The template that applies to mail about `companyId`: its own, else its nearest ancestor's, else
 * the built-in one. The recipient's language is preferred along the whole chain, then English.
 */
export async function resolveTemplate(
  db: Executor,
  companyId: string,
  event: EmailEvent,
  language: string,
  /** The company's chain when the caller has it already. */
  known?: ChainLink[],
): Promise<EffectiveTemplate> {
  const chain = known ?? (await companyChain(db, companyId));
  return effectiveTemplate(event, language, chain, await chainTemplates(db, chain, language, event));
}

/** The chain's own templates in the language and English, of one event or of all. */
function chainTemplates(db: Executor, chain: ChainLink[], language: string, event?: EmailEvent) {
  return db
    .select()
    .from(emailTemplates)
    .where(
      and(
        inArray(emailTemplates.companyId, chain.map((c) => c.id)),
        event ? eq(emailTemplates.event, event) : undefined,
        inArray(emailTemplates.language, language === 'en' ? ['en'] : [language, 'en']),
      ),
    );
}

/** A company's own template row, as far as choosing and applying it goes. */
export type TemplateRow = Pick<EmailTemplateRow, 'companyId' | 'event' | 'language' | 'enabled' | 'subject' | 'blocks' | 'sendToCustomer' | 'timing'>;

/**
 * Picks the template that applies from the chain's own templates of the event: the recipient's
 * language along the whole chain first, then English; the built-in one when none is set.
 */
export function effectiveTemplate(event: EmailEvent, language: string, chain: ChainLink[], rows: readonly TemplateRow[]): EffectiveTemplate {
  const languages = language === 'en' ? ['en'] : [language, 'en'];
  const definition = EMAIL_EVENT_DEFINITIONS[event];
  for (const lang of languages) {
    for (const link of chain) {
      const row = rows.find((r) => r.companyId === link.id && r.event === event && r.language === lang);
      if (!row) continue;
      return {
        event,
        language: lang,
        enabled: row.enabled,
        subject: row.subject,
        blocks: { ...definition.defaults.blocks, ...row.blocks },
        sendToCustomer: row.sendToCustomer,
        timing: (row.timing as EmailTimingSetting | null) ?? defaultTimingSetting(definition.timing),
        source: { kind: link.depth === 0 ? 'own' : 'inherited', companyId: link.id, companyName: link.name },
      };
    }
  }
  // No company in the chain wrote this mail, in the reader's language or in English (a company's
  // English text, or its switching the mail off, holds for every language it has not written):
  // the built-in text, in the reader's language when there is one.
  const builtIn = definition.translations?.[language];
  return builtIn ? defaultTemplate(event, language, builtIn) : defaultTemplate(event, 'en', definition.defaults);
}

function defaultTemplate(event: EmailEvent, language: string, texts: EmailTexts): EffectiveTemplate {
  return {
    event,
    language,
    enabled: true,
    subject: texts.subject,
    blocks: { ...texts.blocks },
    sendToCustomer: true,
    timing: defaultTimingSetting(EMAIL_EVENT_DEFINITIONS[event].timing),
    source: { kind: 'default' },
  };
}

/** Every event with the template that applies to the actor's company. */
export async function listTemplates(db: Executor, actor: Actor, input: z.input<typeof ZListTemplatesInput>) {
  const { language } = ZListTemplatesInput.parse(input);
  const chain = await companyChain(db, actor.company.id);
  // The chain's own templates of every event in one read, then each event's pick among them.
  const rows = await chainTemplates(db, chain, language);
  return EMAIL_EVENTS.map((event) => {
    const effective = effectiveTemplate(event, language, chain, rows);
    const definition = EMAIL_EVENT_DEFINITIONS[event];
    return {
      event,
      label: definition.label,
      description: definition.description,
      audience: definition.audience,
      enabled: effective.enabled,
      subject: effective.subject,
      source: effective.source,
    };
  });
}

/** One event's template as the editor needs it: what applies, the variables, the timing rule. */
export async function getTemplate(db: Executor, actor: Actor, input: z.input<typeof ZTemplateKey>) {
  const { event, language } = ZTemplateKey.parse(input);
  const definition = EMAIL_EVENT_DEFINITIONS[event];
  const effective = await resolveTemplate(db, actor.company.id, event, language);
  return {
    ...effective,
    requestedLanguage: language,
    label: definition.label,
    description: definition.description,
    variables: Object.entries(definition.variables).map(([name, v]) => ({ name, ...v })),
    timingRule: definition.timing,
    defaults: definition.defaults,
  };
}

/** Saves the actor's company's own template for one event and language. */
export async function updateTemplate(db: Executor, actor: Actor, input: TUpdateTemplateInput) {
  const parsed = ZUpdateTemplateInput.parse(input);
  const definition = EMAIL_EVENT_DEFINITIONS[parsed.event];
  const texts = validateTemplateTexts(parsed.event, { subject: parsed.subject, blocks: parsed.blocks });
  if (!texts.ok) throw new DomainError('BAD_REQUEST', texts.message, { unknownVariables: texts.unknown });
  const timing = parsed.timing ?? defaultTimingSetting(definition.timing);
  const timingCheck = validateTimingSetting(definition.timing, timing);
  if (!timingCheck.ok) throw new DomainError('BAD_REQUEST', timingCheck.message);

  const values = {
    enabled: parsed.enabled,
    subject: parsed.subject,
    blocks: parsed.blocks,
    sendToCustomer: parsed.sendToCustomer,
    timing: timing as Record<string, unknown>,
    updatedBy: actor.userId,
  };
  const stamps = actor.company;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(emailTemplates)
      .where(ownKey(actor, parsed.event, parsed.language));
    const [row] = await tx
      .insert(emailTemplates)
      .values({
        companyId: actor.company.id,
        channelId: stamps.channelId,
        partnerId: stamps.partnerId,
        customerId: stamps.customerId,
        event: parsed.event,
        language: parsed.language,
        ...values,
      })
      .onConflictDoUpdate({
        target: [emailTemplates.companyId, emailTemplates.event, emailTemplates.language],
        set: { ...values, updatedAt: new Date() },
      })
      .returning();
    await writeAudit(tx, actor, {
      company: actor.company,
      action: 'email-template.update',
      targetType: 'email_template',
      targetId: `${parsed.event}/${parsed.language}`,
      before: before ?? null,
      after: row,
    });
    return getTemplate(tx, actor, { event: parsed.event, language: parsed.language });
  });
}

/** Deletes the company's own template, so the inherited or built-in one applies again. */
export async function resetTemplate(db: Executor, actor: Actor, input: z.input<typeof ZTemplateKey>) {
  const { event, language } = ZTemplateKey.parse(input);
  return db.transaction(async (tx) => {
    const removed = await tx.delete(emailTemplates).where(ownKey(actor, event, language)).returning();
    if (removed.length > 0) {
      await writeAudit(tx, actor, {
        company: actor.company,
        action: 'email-template.reset',
        targetType: 'email_template',
        targetId: `${event}/${language}`,
        before: removed[0],
      });
    }
    return getTemplate(tx, actor, { event, language });
  });
}

/** Renders unsaved texts with sample values, for the editor's live preview. */
export async function previewTemplate(db: Executor, actor: Actor, input: TPreviewTemplateInput) {
  const parsed = ZPreviewTemplateInput.parse(input);
  const texts = validateTemplateTexts(parsed.event, {
    subject: parsed.subject ?? '',
    blocks: parsed.blocks ?? {},
  });
  if (!texts.ok) throw new DomainError('BAD_REQUEST', texts.message, { unknownVariables: texts.unknown });
  const [company] = await db.select({ name: companies.name }).from(companies).where(eq(companies.id, actor.company.id));
  return renderPreview(parsed.event, brandFor(company?.name), {
    subject: parsed.subject,
    blocks: parsed.blocks,
    companyName: company?.name,
    language: parsed.language,
  });
}

/** The brand mail is sent in. Per-company branding (inherited down the tree) replaces this. */
export function brandFor(_companyName?: string): Brand {
  return DEFAULT_BRAND;
}

function ownKey(actor: Actor, event: EmailEvent, language: string) {
  return and(
    eq(emailTemplates.companyId, actor.company.id),
    eq(emailTemplates.event, event),
    eq(emailTemplates.language, language),
  );
}
