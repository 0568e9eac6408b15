export * from './assignable.ts';
