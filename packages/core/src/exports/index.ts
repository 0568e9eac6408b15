export * from './define.ts';
export * from './stream.ts';
