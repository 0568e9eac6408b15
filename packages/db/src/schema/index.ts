export * from './companies.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './audit.ts';
export * from './catalog.ts';
export * from './email.ts';
export * from './licensing.ts';
