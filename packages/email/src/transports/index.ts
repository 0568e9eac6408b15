export * from './types.ts';
export * from './resend.ts';
export * from './outbox.ts';
