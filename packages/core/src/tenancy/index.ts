export * from './scope.ts';
export * from './stamps.ts';
