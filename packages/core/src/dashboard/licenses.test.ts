import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { licenses, licenseStatusDaily, type License } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { addDays, today } from '../dates.ts';
import { licenseHealthOf, snapshotLicenseStatus } from '../licenses/index.ts';
import { actorFor, createSeededDb } from '../testing/index.ts';
import { isInScope, type Actor } from '../tenancy/index.ts';
import { expiringLicenses, licenseStatusHistory } from './licenses.ts';

let t: TestDb;
let tier1: Actor;
let msp: Actor;
let otherTier1: Actor;
beforeAll(async () => {
  t = await createSeededDb();
  tier1 = await actorFor(t.db, 'admin@northwind-distribution.example');
  msp = await actorFor(t.db, 'admin@bluefin-it.example');
  otherTier1 = await actorFor(t.db, 'admin@contoso-networks.example');
});
afterAll(() => t.drop());

/** Today's counts computed license by license, as the license status filter decides them. */
async function countedByHand(actor: Actor) {
  const rows: License[] = (await t.db.select().from(licenses)).filter((license) => isInScope(actor, license));
  const counts = { active: 0, trial: 0, expiringSoon: 0, expired: 0 };
  for (const license of rows) {
    const health = licenseHealthOf(license);
    if (health === 'expired') counts.expired++;
    else if (health === 'expiring-soon') counts.expiringSoon++;
    else if (health === 'normal') counts[license.versionType === 'trial' ? 'trial' : 'active']++;
  }
  return counts;
}

describe('licenseStatusHistory', () => {
  it("gives a tier-1 thirteen weekly points ending today, today's being its channel's licenses by status", async () => {
    const { points } = await licenseStatusHistory(t.db, tier1, {});
    expect(points).toHaveLength(13);
    expect(points.at(-1)!.day).toBe(today());
    expect(points[0]!.day).toBe(addDays(today(), -84));
    const { day: _day, ...latest } = points.at(-1)!;
    expect(latest).toEqual(await countedByHand(tier1));
    expect(latest.expiringSoon).toBeGreaterThan(0);
    // The demo history moves: licenses started, came up for renewal and expired during the weeks shown.
    const totals = new Set(points.map((p) => JSON.stringify([p.active, p.trial, p.expiringSoon, p.expired])));
    expect(totals.size).toBeGreaterThan(2);
  });

  it("gives a tier-2 its own customers' licenses only, and another channel none of this one's", async () => {
    const mine = (await licenseStatusHistory(t.db, msp, {})).points.at(-1)!;
    const { day: _day, ...counts } = mine;
    expect(counts).toEqual(await countedByHand(msp));
    const channel = (await licenseStatusHistory(t.db, tier1, {})).points.at(-1)!;
    expect(channel.active + channel.trial + channel.expiringSoon + channel.expired).toBeGreaterThan(
      mine.active + mine.trial + mine.expiringSoon + mine.expired,
    );
    const { day: _d, ...other } = (await licenseStatusHistory(t.db, otherTier1, {})).points.at(-1)!;
    expect(other).toEqual(await countedByHand(otherTier1));
  });

  it('writes one row per tier-1 × tier-2 and day, however often the day is taken', async () => {
    const day = today();
    const first = await snapshotLicenseStatus(t.db, day);
    const again = await snapshotLicenseStatus(t.db, day);
    expect(again).toBe(first);
    const [row] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${licenseStatusDaily} where day = ${day}::date`,
    );
    expect(row!.n).toBe(first);
  });

  it('refuses a history longer than a year with a message', async () => {
    await expect(licenseStatusHistory(t.db, tier1, { weeks: 60 })).rejects.toThrow('Show at most 53 weeks (a year).');
  });
});

describe('expiringLicenses', () => {
  it('lists the active licenses expiring in the next 30 days, soonest first, within the actor\'s part of the tree', async () => {
    const channel = await expiringLicenses(t.db, tier1, {});
    const names = channel.items.map((item) => item.customerName);
    expect(names).toContain('Sequoia Law Partners');
    expect(names).not.toContain('Globex Logistics');
    const days = channel.items.map((item) => item.expiresOn);
    expect(days).toEqual([...days].sort());
    for (const day of days) expect(day >= today() && day <= addDays(today(), 30)).toBe(true);
    expect(channel.total).toBe(channel.items.length);

    const own = await expiringLicenses(t.db, msp, {});
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((item) => names.includes(item.customerName))).toBe(true);

    const other = await expiringLicenses(t.db, otherTier1, {});
    expect(other.items.map((item) => item.customerName)).toContain('Globex Logistics');
    expect(other.items.map((item) => item.customerName)).not.toContain('Sequoia Law Partners');
  });

  it('lists up to the limit asked and still counts them all', async () => {
    const all = await expiringLicenses(t.db, tier1, {});
    const one = await expiringLicenses(t.db, tier1, { limit: 1 });
    expect(one.items).toEqual(all.items.slice(0, 1));
    expect(one.total).toBe(all.total);
    expect(one.more).toBe(false);
  });
});
