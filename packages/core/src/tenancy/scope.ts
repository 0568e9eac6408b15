import { eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { withRowContext, type Db, type TierRole, type UserRole } from '@keyway/db';
import type { Tier } from '../privileges.ts';

/** The signed-in user as domain functions see it. */
export interface Actor {
  userId: string;
  role: UserRole;
  tier: Tier;
  company: {
    id: string;
    channelId: string | null;
    partnerId: string | null;
    customerId: string | null;
  };
  ip: string | null;
}

/** A table carrying the tenancy stamps of DESIGN §3. */
export interface Stamped {
  channelId: AnyPgColumn;
  partnerId: AnyPgColumn;
  customerId: AnyPgColumn;
}

/**
 * The rows an actor may see: its own company and everything below it. The tree has a fixed
 * depth, so this is one equality on the stamp column of the actor's tier; the vendor sees all.
 * Every query of a tenant-owned table goes through here.
 */
export function scopeOf(actor: Pick<Actor, 'tier' | 'company'>, table: Stamped): SQL {
  switch (actor.tier) {
    case 'vendor':
      return sql`true`;
    case 'tier1':
      return eq(table.channelId, actor.company.id);
    case 'msp':
    case 'reseller':
      return eq(table.partnerId, actor.company.id);
    case 'customer':
      return eq(table.customerId, actor.company.id);
  }
}

/** The same rule for a row already in hand. */
export function isInScope(
  actor: Pick<Actor, 'tier' | 'company'>,
  row: { channelId: string | null; partnerId: string | null; customerId: string | null },
): boolean {
  switch (actor.tier) {
    case 'vendor':
      return true;
    case 'tier1':
      return row.channelId === actor.company.id;
    case 'msp':
    case 'reseller':
      return row.partnerId === actor.company.id;
    case 'customer':
      return row.customerId === actor.company.id;
  }
}

/** The actor behind a signed-in session. */
export function actorFrom(
  signedIn: { user: { id: string; role: Actor['role'] }; tier: Actor['tier']; company: Actor['company'] },
  ip: string | null,
): Actor {
  return { userId: signedIn.user.id, role: signedIn.user.role, tier: signedIn.tier, company: signedIn.company, ip };
}

const TIER_ROLES: Record<Actor['tier'], TierRole> = {
  vendor: 'keyway_vendor',
  tier1: 'keyway_tier1',
  msp: 'keyway_tier2',
  reseller: 'keyway_tier2',
  customer: 'keyway_customer',
};

/**
 * The database as the actor may see it: every statement runs as the actor's tier role with the
 * actor company's stamps, so the row-level policies (the second wall) hide whatever lies outside
 * its scope even where a query forgets `scopeOf`. Requests and exports read and write through it.
 */
export function actorDb(db: Db, actor: Pick<Actor, 'tier' | 'company'>): Db {
  const { channelId, partnerId, customerId } = actor.company;
  return withRowContext(db, { role: TIER_ROLES[actor.tier], channelId, partnerId, customerId });
}
