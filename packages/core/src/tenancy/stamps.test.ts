import { describe, expect, it } from 'vitest';
import { stampsFor } from './stamps.ts';

const vendor = { kind: 'vendor' as const, id: 'v', channelId: null, partnerId: null, customerId: null };
const tier1 = { kind: 'tier1' as const, id: 't1', channelId: 't1', partnerId: null, customerId: null };
const tier2 = { kind: 'tier2' as const, id: 't2', channelId: 't1', partnerId: 't2', customerId: null };

describe('tenancy stamps', () => {
  it('stamps each tier with its ancestors', () => {
    expect(stampsFor('tier1', 't1', vendor)).toEqual({ channelId: 't1', partnerId: null, customerId: null });
    expect(stampsFor('tier2', 't2', tier1)).toEqual({ channelId: 't1', partnerId: 't2', customerId: null });
    expect(stampsFor('customer', 'c', tier2)).toEqual({ channelId: 't1', partnerId: 't2', customerId: 'c' });
    expect(stampsFor('customer', 'c', tier1)).toEqual({ channelId: 't1', partnerId: null, customerId: 'c' });
  });

  it('refuses a tree the product does not have', () => {
    expect(() => stampsFor('tier2', 'x', vendor)).toThrow('tier-2 partner must hang under a tier-1');
    expect(() => stampsFor('customer', 'x', vendor)).toThrow('customer must hang under');
  });
});
