export * from './password.ts';
export * from './rate-limit.ts';
export * from './session.ts';
export * from './origin.ts';
export * from './password-reset.ts';
export * from './devices.ts';
export * from './api-keys.ts';
