export * from './summary.ts';
export * from './licenses.ts';
