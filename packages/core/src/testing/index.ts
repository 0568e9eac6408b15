export * from './fixtures.ts';
export * from './jobs.ts';
