import { and, eq, sql } from 'drizzle-orm';
import { apiKeys, companies, type Tx } from '@keyway/db';
import { apiKeyFrom } from '../auth/index.ts';
import { usageMonthlyFrom } from '../usage/index.ts';

/**
 * One usage-reporting key per tier-1, with fixed secrets listed in the README: demo credentials,
 * like the demo password, so the `curl` example there works on a fresh seed.
 */
export const DEMO_API_KEYS = [
  { company: 'northwind-distribution', prefix: 'northwind0', secret: 'demonorthwinddistributionusagekey0000000000000000000' },
  { company: 'contoso-networks', prefix: 'contoso000', secret: 'democontosonetworksusagekey0000000000000000000000000' },
] as const;

/** The full demo key of a tier-1, as a back end sends it. */
export const demoApiKey = (company: (typeof DEMO_API_KEYS)[number]['company']) => {
  const spec = DEMO_API_KEYS.find((k) => k.company === company)!;
  return apiKeyFrom(spec.prefix, spec.secret).key;
};

/**
 * The demo keys, and daily usage for the demo licenses of products that report usage, from the
 * start of the month before the previous one (UTC; the demo usage reports cover both) to
 * yesterday: between 60 % and 90 % of the units, varying by day, so a partner has room to charge
 * less than provisioned, except Sequoia Law Partners, which used three endpoints more than it
 * holds yesterday: the demo's over-allocated customer. Idempotent: existing keys and days are
 * left as they are.
 */
export async function seedUsage(tx: Tx): Promise<void> {
  for (const spec of DEMO_API_KEYS) {
    const [company] = await tx
      .select()
      .from(companies)
      .where(and(eq(companies.kind, 'tier1'), eq(companies.accountName, spec.company)));
    if (!company) continue;
    const { prefix, secretHash } = apiKeyFrom(spec.prefix, spec.secret);
    await tx
      .insert(apiKeys)
      .values({
        companyId: company.id,
        channelId: company.channelId,
        partnerId: company.partnerId,
        customerId: company.customerId,
        name: 'Demo usage reporter',
        prefix,
        secretHash,
        scopes: ['usage:write'],
      })
      .onConflictDoNothing();
  }

  await tx.execute(sql`
    with written as (
    insert into usage_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, max_used, last_at)
    select l.company_id, c.channel_id, c.partner_id, l.product_id, l.unit_type, d::date,
           max(l.units * (60 + (extract(doy from d)::int * 37 + l.units) % 31) / 100),
           max(d + interval '23 hours')
    from licenses l
    join products p on p.id = l.product_id and p.reports_usage
    join companies c on c.id = l.company_id
    cross join generate_series(
      greatest(l.starts_on, (date_trunc('month', now() at time zone 'UTC') - interval '2 months')::date),
      (now() at time zone 'UTC')::date - 1,
      interval '1 day'
    ) as d
    where l.status in ('active', 'grace')
    group by l.company_id, c.channel_id, c.partner_id, l.product_id, l.unit_type, d::date
    on conflict do nothing
    returning customer_id, channel_id, partner_id, product_id, unit_type, day, max_used
    )
    ${usageMonthlyFrom(sql`written`)}
  `);
  await tx.execute(sql`
    with written as (
    update usage_daily u set max_used = l.units + 3
    from licenses l
    join companies c on c.id = l.company_id and c.account_name = 'sequoia-law' and c.kind = 'customer'
    where u.customer_id = l.company_id and u.product_id = l.product_id and u.unit_type = l.unit_type
      and l.status = 'active' and l.version_type = 'full'
      and u.day = (now() at time zone 'UTC')::date - 1
    returning u.customer_id, u.channel_id, u.partner_id, u.product_id, u.unit_type, u.day, u.max_used
    )
    ${usageMonthlyFrom(sql`written`)}
  `);
}
