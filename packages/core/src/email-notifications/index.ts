export * from './delivery.ts';
export * from './dispatch.ts';
