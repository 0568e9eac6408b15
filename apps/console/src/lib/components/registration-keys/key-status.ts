import { m } from '#lib/paraglide/messages.js';

/** A key's or a batch's status in words, read at render time so it is in the page's language. */
const STATUS_MESSAGES: Record<string, () => string> = {
  available: m.keys_status_available,
  registered: m.keys_status_registered,
  voided: m.keys_status_voided,
  expired: m.keys_status_expired,
  queued: m.keys_status_queued,
  generating: m.keys_status_generating,
  ready: m.keys_status_ready,
  failed: m.keys_status_failed,
};

export const keyStatusLabel = (status: string) => STATUS_MESSAGES[status]?.() ?? status;

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
