import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeys, companies, type Executor } from '@keyway/db';
import { DomainError } from '../errors.ts';
import { tierOf, type Tier } from '../privileges.ts';
import { consumeRateLimit, type RateLimit } from './rate-limit.ts';
import { hashSecret, randomSecret } from './session.ts';
import { m } from '../i18n.ts';
import { said } from '../validation.ts';

/** What a key may do. The list grows with the public API; each procedure names the scope it needs. */
export const API_KEY_SCOPES = ['usage:write'] as const;
export const ZApiKeyScope = z.enum(API_KEY_SCOPES, said(m.api_keys_scope_choose));
export type ApiKeyScope = z.infer<typeof ZApiKeyScope>;

export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, string> = {
  'usage:write': 'Report usage',
};

/** Requests per minute one key may make: a back end reporting every minute has room to retry. */
export const API_KEY_RATE_LIMIT: RateLimit = { limit: 60, windowSeconds: 60 };

/**
 * `kw_<prefix>_<secret>`: a 10-character public prefix (50 random bits) that finds the row and a
 * 256-bit secret, both lower-case base32. Anything else is not one of our keys.
 */
const KEY_FORMAT = /^kw_([a-z0-9]{10})_([a-z0-9]{52})$/;

/** A new key: the full text (shown once), its public prefix and the hash that is stored. */
export function generateApiKey(): { key: string; prefix: string; secretHash: Uint8Array } {
  return apiKeyFrom(randomSecret(6).slice(0, 10), randomSecret(32));
}

/** The key made of a given prefix and secret (the demo seed's fixed keys use this too). */
export function apiKeyFrom(prefix: string, secret: string): { key: string; prefix: string; secretHash: Uint8Array } {
  const key = `kw_${prefix}_${secret}`;
  if (!KEY_FORMAT.test(key)) throw new Error('An API key needs a 10-character prefix and a 52-character secret.');
  return { key, prefix: `kw_${prefix}`, secretHash: hashSecret(secret) };
}

/** The company a key acts for, as the domain's scope rules need it. */
export interface ApiKeyActor {
  keyId: string;
  keyName: string;
  tier: Tier;
  company: { id: string; name: string; channelId: string | null; partnerId: string | null; customerId: string | null };
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The key behind an `Authorization` header, if it is known, live and holds `scope`; UNAUTHORIZED
 * with what to do otherwise. Only a caller holding the right secret learns that a key was revoked
 * or has expired. Then one request is counted against the key's rate limit (TOO_MANY_REQUESTS
 * with the wait). The limit counts after the secret matched, so nobody who merely saw a key's
 * prefix in a list can use up its requests; the check before it is one SHA-256 and one indexed
 * read, cheaper than the limit's own write.
 */
export async function authenticateApiKey(
  db: Executor,
  authorization: string | null,
  scope: ApiKeyScope,
  now = new Date(),
): Promise<ApiKeyActor> {
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!bearer) {
    throw new DomainError('UNAUTHORIZED', m.api_keys_missing());
  }
  const parts = KEY_FORMAT.exec(bearer);
  if (!parts) throw new DomainError('UNAUTHORIZED', m.api_keys_unknown());
  const [row] = await db
    .select({ key: apiKeys, company: companies })
    .from(apiKeys)
    .innerJoin(companies, eq(companies.id, apiKeys.companyId))
    .where(eq(apiKeys.prefix, `kw_${parts[1]}`));
  if (!row || !constantTimeEqual(row.key.secretHash, hashSecret(parts[2]!))) {
    throw new DomainError('UNAUTHORIZED', m.api_keys_unknown());
  }
  const { key, company } = row;
  if (key.revokedAt) {
    throw new DomainError('UNAUTHORIZED', m.api_keys_revoked({ day: day(key.revokedAt) }));
  }
  if (key.expiresAt && key.expiresAt <= now) {
    throw new DomainError('UNAUTHORIZED', m.api_keys_expired({ day: day(key.expiresAt) }));
  }
  if (company.status === 'canceled' || company.status === 'disabled') {
    throw new DomainError('UNAUTHORIZED', (company.status === 'canceled' ? m.api_keys_company_canceled : m.api_keys_company_disabled)({ company: company.name }));
  }
  if (!key.scopes.includes(scope)) {
    throw new DomainError('UNAUTHORIZED', m.api_keys_scope({ scope }));
  }

  const limit = await consumeRateLimit(db, `api-key:${key.id}`, API_KEY_RATE_LIMIT);
  if (!limit.allowed) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      m.api_keys_rate_limit({ limit: String(API_KEY_RATE_LIMIT.limit), seconds: String(limit.retryAfterSeconds) }),
      { retryAfterSeconds: limit.retryAfterSeconds },
    );
  }
  return {
    keyId: key.id,
    keyName: key.name,
    tier: tierOf(company),
    company: { id: company.id, name: company.name, channelId: company.channelId, partnerId: company.partnerId, customerId: company.customerId },
  };
}

/** Marks the key used, once per request it authenticated. */
export async function touchApiKey(db: Executor, keyId: string, now = new Date()): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, keyId));
}
