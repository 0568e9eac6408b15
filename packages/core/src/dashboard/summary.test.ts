import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { companies } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createCustomer, listCustomers, setCustomerEnabled } from '../customers/index.ts';
import { createJobQueue, type JobQueue } from '../jobs/index.ts';
import { suspendPartner } from '../partners/index.ts';
import { actorDb, isInScope, type Actor } from '../tenancy/index.ts';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { dashboardSummary } from './summary.ts';

let t: TestDb;
let jobs: JobQueue;
let vendor: Actor;
let tier1: Actor;
let msp: Actor;
const context = { origin: 'http://console.test' };

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  vendor = await actorFor(t.db, 'admin@keyway.example');
  tier1 = await actorFor(t.db, 'admin@northwind-distribution.example');
  msp = await actorFor(t.db, 'admin@bluefin-it.example');
});
afterAll(() => t.drop());

/** What the summary must say, counted company by company the way the lists it links to filter them. */
async function countedByHand(actor: Actor) {
  const rows = (await t.db.select().from(companies)).filter((c) => c.id !== actor.company.id && isInScope(actor, c));
  const partnerKind = actor.tier === 'vendor' ? 'tier1' : 'tier2';
  const customers = rows.filter((c) => c.kind === 'customer');
  const partners = rows.filter((c) => c.kind === partnerKind);
  const n = (list: typeof rows, status: string) => list.filter((c) => c.status === status).length;
  return {
    customers: { enabled: n(customers, 'enabled'), disabled: n(customers, 'disabled'), total: customers.length },
    partners: { active: n(partners, 'active'), suspended: n(partners, 'suspended'), canceled: n(partners, 'canceled'), total: partners.length },
  };
}

/** The summary as the actor reads it, through its row-level policies. */
async function summaryOf(actor: Actor) {
  const { customers, partners } = await dashboardSummary(actorDb(t.db, actor), actor);
  return { customers, partners };
}

/** Every counter row equals the count of the companies of its scope, kind and status. */
async function expectCountersExact() {
  const counted = await t.db.execute<{ key: string; n: number }>(sql`
    select concat_ws('/', channel_id, partner_id, kind, status) as key, count(*)::int as n
    from companies group by channel_id, partner_id, kind, status order by 1`);
  const kept = await t.db.execute<{ key: string; n: number }>(sql`
    select concat_ws('/', channel_id, partner_id, kind, status) as key, companies as n
    from company_counts where companies <> 0 order by 1`);
  expect([...kept]).toEqual([...counted]);
}

async function newCustomer(actor: Actor, accountName: string): Promise<string> {
  const { id } = await createCustomer(
    t.db,
    jobs,
    actor,
    {
      profile: { name: `Counted ${accountName}`, accountName, contactEmail: `contact@${accountName}.example`, country: 'US', timeZone: 'UTC', language: 'en' },
      admin: { name: 'Counted Admin', email: `admin@${accountName}.example` },
    },
    context,
  );
  return id;
}

describe('dashboardSummary', () => {
  it('counts each tier\'s customers and partners by status as its lists do, from counters equal to the companies', async () => {
    await expectCountersExact();
    for (const actor of [vendor, tier1, msp]) {
      const expected = await countedByHand(actor);
      const summary = await summaryOf(actor);
      expect(summary.customers).toEqual(expected.customers);
      if (actor.tier === 'msp') expect(summary.partners).toBeNull();
      else expect(summary.partners).toEqual(expected.partners);
    }
  });

  it('gives the customers list the same exact totals as the widgets that link to it', async () => {
    for (const actor of [tier1, msp]) {
      const { customers } = await summaryOf(actor);
      for (const status of ['enabled', 'disabled'] as const) {
        const list = await listCustomers(actorDb(t.db, actor), actor, { filters: { status } });
        expect({ status, total: list.total, capped: list.totalIsCapped }).toEqual({ status, total: customers![status], capped: false });
      }
      expect((await listCustomers(actorDb(t.db, actor), actor, {})).total).toBe(customers!.total);
    }
  });

  it('follows creates, status changes, moves and deletes in the transactions that make them', async () => {
    const before = await summaryOf(msp);
    const id = await newCustomer(msp, 'counted-one');
    expect((await summaryOf(msp)).customers).toEqual({ ...before.customers, enabled: before.customers!.enabled + 1, total: before.customers!.total + 1 });

    await setCustomerEnabled(t.db, jobs, msp, { id }, false);
    expect((await summaryOf(msp)).customers).toEqual({ ...before.customers, disabled: before.customers!.disabled + 1, total: before.customers!.total + 1 });

    // Moved from the MSP to its tier-1 directly: out of the MSP's count, still in the channel's.
    const channelBefore = (await summaryOf(tier1)).customers!;
    await t.db.update(companies).set({ parentId: tier1.company.id, partnerId: null }).where(eq(companies.id, id));
    expect((await summaryOf(msp)).customers).toEqual(before.customers);
    expect((await summaryOf(tier1)).customers).toEqual(channelBefore);
    await expectCountersExact();

    // A rolled-back change leaves the counts as they were.
    await t.db
      .transaction(async (tx) => {
        await tx.update(companies).set({ status: 'enabled' }).where(eq(companies.id, id));
        throw new Error('roll back');
      })
      .catch(() => {});
    expect((await summaryOf(tier1)).customers).toEqual(channelBefore);

    // Deleted: a customer of the tier-1 with nothing of its own yet, and two more in one statement.
    const bare = [randomUUID(), randomUUID(), randomUUID()];
    await t.db.insert(companies).values(
      bare.map((cid, i) => ({
        id: cid,
        kind: 'customer' as const,
        status: i === 0 ? ('disabled' as const) : ('enabled' as const),
        name: `Counted bare ${i}`,
        accountName: `counted-bare-${i}`,
        parentId: tier1.company.id,
        channelId: tier1.company.id,
        customerId: cid,
      })),
    );
    expect((await summaryOf(tier1)).customers).toEqual({ enabled: channelBefore.enabled + 2, disabled: channelBefore.disabled + 1, total: channelBefore.total + 3 });
    await t.db.delete(companies).where(eq(companies.id, bare[0]!));
    await t.db.delete(companies).where(inArray(companies.id, bare.slice(1)));
    expect((await summaryOf(tier1)).customers).toEqual(channelBefore);
    expect(await summaryOf(tier1)).toEqual(await countedByHand(tier1));
    await expectCountersExact();
  });

  it('stays exact under concurrent creates and status changes in the same scopes', async () => {
    const existing = (await t.db.select({ id: companies.id, status: companies.status }).from(companies).where(eq(companies.partnerId, msp.company.id)))
      .filter((row) => row.id !== msp.company.id);
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => newCustomer(msp, `concurrent-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => newCustomer(tier1, `concurrent-direct-${i}`)),
      ...existing.map((row) => setCustomerEnabled(t.db, jobs, msp, { id: row.id }, row.status !== 'enabled')),
      suspendPartner(t.db, tier1, { id: (await companyByAccount(t.db, 'harbor-resellers')).id, reason: 'Counted while suspended.' }),
    ]);
    await expectCountersExact();
    for (const actor of [vendor, tier1, msp]) {
      const expected = await countedByHand(actor);
      expect((await summaryOf(actor)).customers).toEqual(expected.customers);
    }
    expect((await summaryOf(tier1)).partners).toEqual((await countedByHand(tier1)).partners);
    expect((await summaryOf(tier1)).partners!.suspended).toBeGreaterThan(0);
  });
});
