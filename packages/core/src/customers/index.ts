export * from './customers.ts';
export * from './export.ts';
