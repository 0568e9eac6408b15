import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { legalDocuments, type Executor } from '@keyway/db';
import { brandingOwners } from './owners.ts';

/** A published legal document as a customer is shown it. */
export interface Doc {
  id: string;
  kind: 'eula' | 'privacy';
  /** The owner; null for the vendor's. */
  companyId: string | null;
  productId: string | null;
  language: string;
  version: number;
  title: string;
  /** The Markdown body rendered and sanitised. */
  html: string;
  publishedAt: Date | null;
}

/**
 * Legal texts are written by many companies and shown inside the console and the customer portal,
 * so their HTML keeps only formatting: no scripts, frames, forms, styles or event handlers, and
 * links only to http(s) and mail addresses (no `javascript:` or `data:`). Images are left out for
 * the same reason (a `data:` or tracking URL would reach every customer).
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code',
    'ul', 'ol', 'li', 'strong', 'em', 'del', 's', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer', target: '_blank' },
    }),
  },
};
SANITIZE.allowedAttributes = { ...SANITIZE.allowedAttributes, a: ['href', 'title', 'rel', 'target'] };

/** Markdown as written by a partner → HTML safe to place in any page. */
export function renderLegalMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return sanitizeHtml(html, SANITIZE);
}

/**
 * The EULA of `productId` and the privacy statement a customer of `companyId` accepts today: for
 * each, the newest published version owned by the nearest company above the customer (its
 * tier-2, then its tier-1, then the vendor). A company that wrote its own document is the one its
 * customers deal with, so its document wins over one in the customer's language from further up;
 * within that owner the customer's language comes first, then English.
 */
export async function currentLegalDocuments(
  db: Executor,
  input: { companyId: string; productId: string | null; language: string },
): Promise<{ eula: Doc | null; privacy: Doc | null }> {
  const owners = await brandingOwners(db, input.companyId, { includeSelf: false });
  const [eula, privacy] = await Promise.all([
    input.productId ? currentDocument(db, owners, 'eula', input.productId, input.language) : Promise.resolve(null),
    currentDocument(db, owners, 'privacy', null, input.language),
  ]);
  return { eula, privacy };
}

async function currentDocument(
  db: Executor,
  owners: string[],
  kind: 'eula' | 'privacy',
  productId: string | null,
  language: string,
): Promise<Doc | null> {
  const ownerCondition = owners.length > 0 ? or(isNull(legalDocuments.companyId), inArray(legalDocuments.companyId, owners)) : isNull(legalDocuments.companyId);
  const conditions: (SQL | undefined)[] = [
    eq(legalDocuments.status, 'published'),
    eq(legalDocuments.kind, kind),
    productId ? eq(legalDocuments.productId, productId) : isNull(legalDocuments.productId),
    inArray(legalDocuments.language, [...new Set([language, 'en'])]),
    ownerCondition,
  ];
  // Nearest owner first (the vendor last), then the language asked for, then the newest version.
  const ownerRank = owners.length > 0
    ? sql`coalesce(array_position(${sql`array[${sql.join(owners.map((o) => sql`${o}::uuid`), sql`, `)}]`}, ${legalDocuments.companyId}), ${owners.length + 1})`
    : sql`1`;
  const [row] = await db
    .select()
    .from(legalDocuments)
    .where(and(...conditions))
    .orderBy(ownerRank, desc(sql`${legalDocuments.language} = ${language}`), desc(legalDocuments.version))
    .limit(1);
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    companyId: row.companyId,
    productId: row.productId,
    language: row.language,
    version: row.version,
    title: row.title,
    html: renderLegalMarkdown(row.body),
    publishedAt: row.publishedAt,
  };
}
