export * from './expiry.ts';
export * from './format.ts';
export * from './generate.ts';
export * from './keys.ts';
