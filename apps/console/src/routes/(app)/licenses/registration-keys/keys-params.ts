import type { RouterInputs } from '#lib/trpc.ts';

export const KEY_STATUSES = ['available', 'registered', 'voided', 'expired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** The Registration Keys page's address: its key filters, and the plan the generate form opens on. */
export interface KeysParams {
  plan: string;
  batch: string;
  status: KeyStatus | '';
  q: string;
  /** A plan id: the Generate keys form opens with it chosen. */
  generate: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readKeysParams(url: URL): KeysParams {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const id = (name: string) => (UUID.test(get(name)) ? get(name) : '');
  const status = get('status');
  return {
    plan: id('plan'),
    batch: id('batch'),
    status: (KEY_STATUSES as readonly string[]).includes(status) ? (status as KeyStatus) : '',
    q: get('q').slice(0, 40),
    generate: id('generate'),
  };
}

export function keysSearch(params: KeysParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value && name !== 'generate') search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function keyFilters(params: KeysParams): RouterInputs['registrationKeys']['list']['filters'] {
  return {
    planId: params.plan || undefined,
    batchId: params.batch || undefined,
    status: params.status || undefined,
    query: params.q || undefined,
  };
}

export const hasKeyFilters = (params: KeysParams) => Boolean(params.plan || params.batch || params.status || params.q);

export const STATUS_LABEL: Record<string, string> = {
  available: 'Available',
  registered: 'Registered',
  voided: 'Voided',
  expired: 'Expired',
  queued: 'Queued',
  generating: 'Generating',
  ready: 'Ready',
  failed: 'Failed',
};

export const STATUS_VARIANT = {
  available: 'success',
  registered: 'default',
  voided: 'muted',
  expired: 'warning',
  queued: 'muted',
  generating: 'warning',
  ready: 'success',
  failed: 'destructive',
} as const;
