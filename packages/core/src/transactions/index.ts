export * from './export.ts';
export * from './transactions.ts';
