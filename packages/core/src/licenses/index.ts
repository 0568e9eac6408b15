export * from './change.ts';
export * from './daily.ts';
export * from './hooks.ts';
export * from './mails.ts';
export * from './notices.ts';
export * from './record.ts';
export * from './status.ts';
export * from './units-daily.ts';
