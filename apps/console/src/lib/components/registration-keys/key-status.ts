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
