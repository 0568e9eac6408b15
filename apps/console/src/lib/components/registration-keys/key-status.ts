import { liveLabels } from '#lib/labels.ts';
import { m } from '#lib/paraglide/messages.js';

/** A key's or a batch's status in words, read when shown, so it is in the page's language. */
export const STATUS_LABEL: Record<string, string> = liveLabels({
  available: m.status_key_available,
  registered: m.status_key_registered,
  voided: m.status_key_voided,
  expired: m.status_key_expired,
  queued: m.status_batch_queued,
  generating: m.status_batch_generating,
  ready: m.status_batch_ready,
  failed: m.status_batch_failed,
});

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
