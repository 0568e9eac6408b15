export * from './assignable.ts';
export * from './plans.ts';
export * from './columns.ts';
