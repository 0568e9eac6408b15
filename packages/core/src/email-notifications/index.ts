export * from './delivery.ts';
export * from './dispatch.ts';
export * from './messages.ts';
export * from './queue.ts';
export * from './templates.ts';
