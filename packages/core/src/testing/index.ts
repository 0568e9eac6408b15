export * from './fixtures.ts';
export * from './jobs.ts';
export * from './messages.ts';
export * from './locks.ts';
