import { and, asc, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { legalDocumentKind, legalDocuments, products, users, type Db, type LegalDocument, type Tx } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { keyset, ZPageCursor, type KeyColumn } from '../paging.ts';
import type { Actor } from '../tenancy/index.ts';
import { assertActorWritable, assertOwnedWritable, ownerIdOf, ownerStamps, readableBy } from './access.ts';
import { renderLegalMarkdown } from './legal.ts';
import { said, ZLanguage, ZText } from '../validation.ts';
import { cardOf } from '../sql.ts';
import { formatCount, m } from '../i18n.ts';

export const LEGAL_TITLE_MAX = 200;
export const LEGAL_BODY_MAX = 200_000;

const ZDocumentId = z.uuid(said(m.legal_document_id_invalid));
const ZKind = z.enum(['eula', 'privacy'], said(m.legal_kind_choose));
const ZTitle = ZText(LEGAL_TITLE_MAX, { required: m.legal_title_required, tooLong: () => m.legal_title_too_long({ max: String(LEGAL_TITLE_MAX) }) }).min(
  1,
  said(m.legal_title_required),
);
const ZBodyText = ZText(LEGAL_BODY_MAX, {
  required: m.legal_text_required,
  trim: false,
  tooLong: () => m.legal_text_too_long({ max: formatCount(LEGAL_BODY_MAX) }),
});
const ZBody = ZBodyText.min(1, said(m.legal_text_required)).refine((body) => body.trim().length > 0, said(m.legal_text_required));

export const ZListLegalDocumentsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  sort: z
    .object({
      by: z.enum(['title', 'kind', 'language', 'version', 'updatedAt']).default('updatedAt'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ by: 'updatedAt', direction: 'desc' }),
  filters: z
    .object({
      kind: ZKind.optional(),
      productId: z.uuid(said(m.customers_product_id_invalid)).optional(),
      language: ZLanguage.optional(),
      status: z.enum(['draft', 'published'], said(m.legal_status_choose)).optional(),
    })
    .default({}),
});
export const ZLegalDocumentIdInput = z.object({ id: ZDocumentId });
export const ZCreateLegalDocumentInput = z
  .object({
    kind: ZKind,
    productId: z.uuid(said(m.legal_choose_product)).nullish(),
    language: ZLanguage,
    title: ZTitle,
    body: ZBody,
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'eula' && !input.productId) ctx.addIssue({ code: 'custom', path: ['productId'], message: m.legal_eula_one_product() });
    if (input.kind === 'privacy' && input.productId) ctx.addIssue({ code: 'custom', path: ['productId'], message: m.legal_privacy_every_product() });
  });
export const ZUpdateLegalDocumentInput = z.object({ id: ZDocumentId, title: ZTitle.optional(), body: ZBody.optional() });

export type TListLegalDocumentsInput = z.input<typeof ZListLegalDocumentsInput>;
export type TCreateLegalDocumentInput = z.input<typeof ZCreateLegalDocumentInput>;
export type TUpdateLegalDocumentInput = z.input<typeof ZUpdateLegalDocumentInput>;

const ownerCompanies = cardOf(legalDocuments.companyId, 'owner_companies');

const listColumns = {
  id: legalDocuments.id,
  companyId: legalDocuments.companyId,
  ownerName: sql<string>`coalesce(${ownerCompanies.name}, 'Vendor')`,
  kind: legalDocuments.kind,
  productId: legalDocuments.productId,
  productName: products.name,
  language: legalDocuments.language,
  version: legalDocuments.version,
  title: legalDocuments.title,
  status: legalDocuments.status,
  publishedAt: legalDocuments.publishedAt,
  createdAt: legalDocuments.createdAt,
  updatedAt: legalDocuments.updatedAt,
};

/** Legal documents the actor manages or inherits, one row per version. */
export async function listLegalDocuments(db: Db, actor: Actor, input: TListLegalDocumentsInput) {
  const { cursor, limit, sort, filters } = ZListLegalDocumentsInput.parse(input);
  const where: (SQL | undefined)[] = [
    await readableBy(db, actor, legalDocuments),
    filters.kind ? eq(legalDocuments.kind, filters.kind) : undefined,
    filters.productId ? eq(legalDocuments.productId, filters.productId) : undefined,
    filters.language ? eq(legalDocuments.language, filters.language) : undefined,
    filters.status ? eq(legalDocuments.status, filters.status) : undefined,
  ];
  const column = (
    {
      title: { column: sql`lower(${legalDocuments.title})`, type: 'text' },
      kind: { column: legalDocuments.kind, type: legalDocumentKind },
      language: { column: legalDocuments.language, type: 'text' },
      version: { column: legalDocuments.version, type: 'integer' },
      updatedAt: { column: legalDocuments.updatedAt, type: 'timestamptz' },
    } satisfies Record<typeof sort.by, KeyColumn>
  )[sort.by];
  const keys = keyset(`branding.legal-documents:${sort.by}:${sort.direction}`, sort.direction, [
    column,
    { column: legalDocuments.id, type: 'uuid' },
  ]);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...listColumns, cursor: keys.cursor })
      .from(legalDocuments)
      .leftJoin(products, eq(products.id, legalDocuments.productId))
      .leftJoinLateral(ownerCompanies, sql`true`)
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(legalDocuments).where(and(...where)),
  ]);
  const owner = ownerIdOf(actor);
  const page = keys.page(rows, limit);
  return { items: page.items.map((row) => ({ ...row, owned: row.companyId === owner })), nextCursor: page.nextCursor, total: total?.n ?? 0 };
}

async function documentInScope(db: Db | Tx, actor: Actor, id: string, forUpdate = false): Promise<LegalDocument> {
  const query = db
    .select()
    .from(legalDocuments)
    .where(and(eq(legalDocuments.id, id), await readableBy(db, actor, legalDocuments)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(m.not_found_legal_document());
  return row;
}

const sameDocument = (doc: Pick<LegalDocument, 'companyId' | 'kind' | 'productId' | 'language'>) =>
  and(
    doc.companyId ? eq(legalDocuments.companyId, doc.companyId) : isNull(legalDocuments.companyId),
    eq(legalDocuments.kind, doc.kind),
    doc.productId ? eq(legalDocuments.productId, doc.productId) : isNull(legalDocuments.productId),
    eq(legalDocuments.language, doc.language),
  );

/** One version with its rendered HTML and every version of the same document, newest first. */
export async function getLegalDocument(db: Db, actor: Actor, input: z.input<typeof ZLegalDocumentIdInput>) {
  const { id } = ZLegalDocumentIdInput.parse(input);
  const doc = await documentInScope(db, actor, id);
  const publishers = alias(users, 'publishers');
  const [[details], versions] = await Promise.all([
    db
      .select({ productName: products.name, ownerName: sql<string>`coalesce(${ownerCompanies.name}, 'Vendor')`, publishedByName: publishers.name })
      .from(legalDocuments)
      .leftJoin(products, eq(products.id, legalDocuments.productId))
      .leftJoinLateral(ownerCompanies, sql`true`)
      .leftJoin(publishers, eq(publishers.id, legalDocuments.publishedBy))
      .where(eq(legalDocuments.id, doc.id)),
    db
      .select({ id: legalDocuments.id, version: legalDocuments.version, title: legalDocuments.title, status: legalDocuments.status, publishedAt: legalDocuments.publishedAt, updatedAt: legalDocuments.updatedAt })
      .from(legalDocuments)
      .where(sameDocument(doc))
      .orderBy(desc(legalDocuments.version)),
  ]);
  const current = versions.find((v) => v.status === 'published') ?? null;
  return {
    id: doc.id,
    companyId: doc.companyId,
    ownerName: details?.ownerName ?? 'Vendor',
    kind: doc.kind,
    productId: doc.productId,
    productName: details?.productName ?? null,
    language: doc.language,
    version: doc.version,
    title: doc.title,
    body: doc.body,
    html: renderLegalMarkdown(doc.body),
    status: doc.status,
    publishedAt: doc.publishedAt,
    publishedByName: details?.publishedByName ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    owned: doc.companyId === ownerIdOf(actor),
    current: current?.id === doc.id,
    versions,
  };
}

/**
 * Writes a new draft version: the next number for the owner's document of that kind, product and
 * language. One draft at a time, so version numbers follow the order texts are published in.
 */
export async function createLegalDocument(db: Db, actor: Actor, input: TCreateLegalDocumentInput) {
  const parsed = ZCreateLegalDocumentInput.parse(input);
  return db.transaction(async (tx) => {
    await assertActorWritable(tx, actor);
    const productId = parsed.kind === 'eula' ? (parsed.productId ?? null) : null;
    if (productId) {
      const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId));
      if (!product) throw new DomainError('BAD_REQUEST', m.legal_product_unknown(), { field: 'productId' });
    }
    const stamps = ownerStamps(actor);
    const key = { companyId: stamps.companyId, kind: parsed.kind, productId, language: parsed.language };
    // Serialises version numbering per document; the unique index is the last word.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`legal:${key.companyId ?? 'vendor'}:${key.kind}:${key.productId ?? '-'}:${key.language}`}))`);
    const versions = await tx
      .select({ version: legalDocuments.version, status: legalDocuments.status })
      .from(legalDocuments)
      .where(sameDocument(key))
      .orderBy(desc(legalDocuments.version));
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) {
      throw new DomainError('CONFLICT', m.legal_draft_exists({ version: String(draft.version) }));
    }
    const version = (versions[0]?.version ?? 0) + 1;
    const [row] = await tx
      .insert(legalDocuments)
      .values({ ...stamps, kind: parsed.kind, productId, language: parsed.language, version, title: parsed.title, body: parsed.body, status: 'draft', createdBy: actor.userId })
      .returning();
    await writeAudit(tx, actor, {
      company: actor.tier === 'vendor' ? null : actor.company,
      action: 'legal-document.create',
      targetType: 'legal_document',
      targetId: row!.id,
      after: { kind: row!.kind, productId, language: row!.language, version, title: row!.title },
    });
    return { id: row!.id, version };
  });
}

/** Changes a draft. A published version is what customers accepted, so it never changes. */
export async function updateLegalDocument(db: Db, actor: Actor, input: TUpdateLegalDocumentInput) {
  const parsed = ZUpdateLegalDocumentInput.parse(input);
  return db.transaction(async (tx) => {
    const doc = await documentInScope(tx, actor, parsed.id, true);
    await assertOwnedWritable(tx, actor, doc, 'document');
    if (doc.status === 'published') {
      throw new DomainError('CONFLICT', m.legal_published_locked({ version: String(doc.version) }));
    }
    const changes = { title: parsed.title ?? doc.title, body: parsed.body ?? doc.body };
    await tx.update(legalDocuments).set(changes).where(eq(legalDocuments.id, doc.id));
    await writeAudit(tx, actor, {
      company: actor.tier === 'vendor' ? null : actor.company,
      action: 'legal-document.update',
      targetType: 'legal_document',
      targetId: doc.id,
      before: { title: doc.title, bodyLength: doc.body.length },
      after: { title: changes.title, bodyLength: changes.body.length },
    });
    return { id: doc.id };
  });
}

/** Publishes a draft: it becomes the current version customers accept from now on. */
export async function publishLegalDocument(db: Db, actor: Actor, input: z.input<typeof ZLegalDocumentIdInput>) {
  const { id } = ZLegalDocumentIdInput.parse(input);
  return db.transaction(async (tx) => {
    const doc = await documentInScope(tx, actor, id, true);
    await assertOwnedWritable(tx, actor, doc, 'document');
    if (doc.status === 'published') throw new DomainError('CONFLICT', m.legal_already_published({ version: String(doc.version) }));
    const publishedAt = new Date();
    await tx.update(legalDocuments).set({ status: 'published', publishedAt, publishedBy: actor.userId }).where(eq(legalDocuments.id, doc.id));
    await writeAudit(tx, actor, {
      company: actor.tier === 'vendor' ? null : actor.company,
      action: 'legal-document.publish',
      targetType: 'legal_document',
      targetId: doc.id,
      before: { status: 'draft' },
      after: { status: 'published', version: doc.version },
    });
    return { id: doc.id, version: doc.version, publishedAt };
  });
}

export const ZPreviewLegalDocumentInput = z.object({
  body: ZBodyText,
});

/** The HTML a body will be shown as, through the same sanitiser customers' pages use. Changes nothing. */
export function previewLegalDocument(input: z.input<typeof ZPreviewLegalDocumentInput>): { html: string } {
  const { body } = ZPreviewLegalDocumentInput.parse(input);
  return { html: renderLegalMarkdown(body) };
}

/** The products an EULA can be written for: the vendor's catalog, shared by every channel. */
export async function legalDocumentProducts(db: Db) {
  return db.select({ id: products.id, code: products.code, name: products.name }).from(products).orderBy(asc(products.name));
}
