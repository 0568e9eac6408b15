import type { CompanyKind } from '@keyway/db';

export interface Stamps {
  channelId: string | null;
  partnerId: string | null;
  customerId: string | null;
}

/**
 * The tenancy stamps of a new company with id `id` under `parent` (DESIGN §3). Rows that belong to
 * the company (its users, licenses, mails) copy the company's stamps.
 */
export function stampsFor(
  kind: CompanyKind,
  id: string,
  parent: ({ kind: CompanyKind; id: string } & Stamps) | null,
): Stamps {
  switch (kind) {
    case 'vendor':
      return { channelId: null, partnerId: null, customerId: null };
    case 'tier1':
      return { channelId: id, partnerId: null, customerId: null };
    case 'tier2':
      if (parent?.kind !== 'tier1') throw new Error('A tier-2 partner must hang under a tier-1.');
      return { channelId: parent.id, partnerId: id, customerId: null };
    case 'customer':
      if (parent?.kind !== 'tier1' && parent?.kind !== 'tier2') {
        throw new Error('A customer must hang under a tier-1 or a tier-2 partner.');
      }
      return {
        channelId: parent.channelId,
        partnerId: parent.kind === 'tier2' ? parent.id : null,
        customerId: id,
      };
  }
}
