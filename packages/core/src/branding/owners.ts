import { eq } from 'drizzle-orm';
import { companyCards, type Executor } from '@keyway/db';

/**
 * The companies whose branding settings reach `companyId`, nearest first, without the vendor:
 * the company itself when it owns settings (tier-1, tier-2), its tier-2, its tier-1. The vendor's
 * settings are the rows with company null and come after all of these.
 */
export async function brandingOwners(db: Executor, companyId: string, options: { includeSelf: boolean }): Promise<string[]> {
  const [company] = await db
    .select({ id: companyCards.id, kind: companyCards.kind, channelId: companyCards.channelId, partnerId: companyCards.partnerId })
    .from(companyCards)
    .where(eq(companyCards.id, companyId));
  if (!company) return [];
  const chain: string[] = [];
  if (options.includeSelf && (company.kind === 'tier1' || company.kind === 'tier2')) chain.push(company.id);
  for (const owner of [company.partnerId, company.channelId]) {
    if (owner && !chain.includes(owner) && (owner !== company.id || options.includeSelf)) chain.push(owner);
  }
  return chain;
}
