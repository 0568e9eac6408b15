export { appRouter, createApiCaller, type AppRouter, type ApiCaller } from './root.ts';
export { createContext, type Context, type SessionCookies } from './context.ts';
export { downloadExport } from './exports.ts';
