import { and, eq, inArray } from 'drizzle-orm';
import { companies, dataCenters, products, servicePlanResellers, servicePlans, type Company, type Executor, type Tx } from '@keyway/db';

interface DemoPlan {
  name: string;
  product: string;
  versionType: 'trial' | 'full';
  unitType: string;
  initialPeriodMonths: number;
  nfr?: boolean;
  autoRenew?: boolean;
  activationPolicy?: 'on-assignment' | 'first-sign-in';
  trialSignupUrl?: string;
  /** Tier-1 plans lent to every reseller of the channel. */
  forResellers?: boolean;
}

const PLANS: DemoPlan[] = [
  { name: 'Email Security Trial', product: 'CE', versionType: 'trial', unitType: 'mailbox', initialPeriodMonths: 1, trialSignupUrl: 'https://keyway.example/trial/email', forResellers: true },
  { name: 'Email Security Annual', product: 'CE', versionType: 'full', unitType: 'mailbox', initialPeriodMonths: 12, autoRenew: true, forResellers: true },
  { name: 'Endpoint Protection Annual', product: 'EP', versionType: 'full', unitType: 'device', initialPeriodMonths: 12, autoRenew: true, forResellers: true },
  { name: 'Endpoint Protection 3 Years', product: 'EP', versionType: 'full', unitType: 'device', initialPeriodMonths: 36, activationPolicy: 'first-sign-in' },
  { name: 'Web Gateway Trial', product: 'WG', versionType: 'trial', unitType: 'user', initialPeriodMonths: 1 },
  { name: 'Server Security Annual', product: 'SS', versionType: 'full', unitType: 'server', initialPeriodMonths: 12 },
  { name: 'Email Security NFR', product: 'CE', versionType: 'full', unitType: 'mailbox', initialPeriodMonths: 12, nfr: true },
];

/** Where a channel's SaaS plans run: by the tier-1's country. */
const dataCenterCode = (country: string) => (country === 'US' || country === 'CA' ? 'us-east' : 'eu-central');

/**
 * Demo service plans for every tier-1 and every MSP (trials, full plans, one NFR plan), and a few
 * tier-1 plans assigned to the channel's resellers. Idempotent: a company that has any plan is
 * left as it is.
 */
export async function seedServicePlans(tx: Tx): Promise<void> {
  const catalog = await tx.select().from(products);
  const byCode = new Map(catalog.map((p) => [p.code, p]));
  const centers = new Map((await tx.select().from(dataCenters)).map((d) => [d.code, d]));
  const owners = await tx.select().from(companies).where(inArray(companies.kind, ['tier1', 'tier2']));
  const tier1s = new Map(owners.filter((c) => c.kind === 'tier1').map((c) => [c.id, c]));

  for (const owner of owners) {
    if (owner.kind === 'tier2' && owner.type !== 'msp') continue;
    const [existing] = await tx.select({ id: servicePlans.id }).from(servicePlans).where(eq(servicePlans.companyId, owner.id)).limit(1);
    if (existing) continue;
    const channel: Company | undefined = owner.kind === 'tier1' ? owner : tier1s.get(owner.channelId ?? '');
    const center = centers.get(dataCenterCode(channel?.country ?? owner.country ?? 'US'));
    const resellers =
      owner.kind === 'tier1'
        ? owners.filter((c) => c.kind === 'tier2' && c.type === 'reseller' && c.parentId === owner.id)
        : [];
    for (const spec of PLANS) {
      const product = byCode.get(spec.product);
      if (!product) continue;
      const saas = product.saas && center;
      const [plan] = await tx
        .insert(servicePlans)
        .values({
          companyId: owner.id,
          channelId: owner.channelId,
          partnerId: owner.partnerId,
          customerId: null,
          name: spec.name,
          productId: product.id,
          versionType: spec.versionType,
          nfr: spec.nfr ?? false,
          unitType: spec.unitType,
          unitsPerLicense: 1,
          initialPeriodMonths: spec.initialPeriodMonths,
          autoRenew: spec.autoRenew ?? false,
          renewalPeriodMonths: 12,
          expirationNoticeDays: 30,
          activationPolicy: spec.activationPolicy ?? 'on-assignment',
          dataCenterId: saas ? center.id : null,
          region: saas ? center.region : null,
          trialSignupUrl: spec.trialSignupUrl ?? null,
          approvedCompositionVersion: product.compositionVersion,
        })
        .onConflictDoNothing()
        .returning();
      if (!plan || !spec.forResellers) continue;
      for (const reseller of resellers) {
        await tx
          .insert(servicePlanResellers)
          .values({ planId: plan.id, resellerId: reseller.id, channelId: reseller.channelId, partnerId: reseller.partnerId, customerId: null })
          .onConflictDoNothing();
      }
    }
  }
}

/** The plan of `owner` named `name`, for demo data built on top of the plans. */
export async function demoPlan(tx: Executor, ownerId: string, name: string) {
  const [plan] = await tx
    .select()
    .from(servicePlans)
    .where(and(eq(servicePlans.companyId, ownerId), eq(servicePlans.name, name)));
  return plan ?? null;
}
