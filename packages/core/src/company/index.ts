export * from './access.ts';
export * from './accounts.ts';
export * from './api-keys.ts';
export * from './create.ts';
export * from './guards.ts';
export * from './new-account.ts';
export * from './own-profile.ts';
