import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { DomainError, isTransactionConflict, isUniqueViolation } from '@keyway/core/errors';
import { localeFromAcceptLanguage, localeOf, m } from '@keyway/core/i18n';
import { withLocale } from '@keyway/core/i18n-server';
import { actorDb, actorFrom } from '@keyway/core/tenancy';
import type { Permission } from '@keyway/core/privileges';
import { fieldErrorsOf } from '@keyway/core/field-errors';
import type { Context } from './context.ts';

export interface Meta {
  /** Marks a procedure anyone may call; every other procedure must pass `requires(...)`. */
  public?: boolean;
  /** A change a suspended company's users may still make (profile edits, their own account). */
  allowWhileSuspended?: boolean;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    isDev: false,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      const details = error.cause instanceof DomainError ? error.cause.details : undefined;
      return {
        message: shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: zod ? fieldErrorsOf(zod) : undefined,
          ...details,
        },
      };
    },
  });

function summary(error: ZodError): string {
  const first = error.issues[0];
  if (!first) return m.api_request_invalid();
  const field = first.path.join('.');
  return field ? `${field}: ${first.message}` : first.message;
}

/**
 * Turns what the domain throws into the error the caller sees: DomainError keeps its code and
 * message, a zod error becomes a 400 naming the field, a unique violation a 409, and so does a
 * deadlock or serialization failure that outlasted `db.transaction`'s own retries (the procedure
 * is not run again here: not every procedure does all its writes in one transaction); anything
 * else a 500 whose message hides the internals (the cause is logged on the server).
 */
const errors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  const cause = error.cause;
  if (cause instanceof DomainError) {
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (error.code === 'BAD_REQUEST' && cause instanceof ZodError) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: summary(cause), cause });
  }
  if (cause instanceof ZodError) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: summary(cause), cause });
  }
  if (error.code !== 'INTERNAL_SERVER_ERROR') throw error;
  if (isUniqueViolation(cause)) {
    throw new TRPCError({ code: 'CONFLICT', message: m.api_already_exists() });
  }
  if (isTransactionConflict(cause)) {
    throw new TRPCError({ code: 'CONFLICT', message: m.api_changed_concurrently() });
  }
  console.error(`[api] ${path} failed:`, cause ?? error);
  throw new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: m.api_internal_error(),
  });
});

/**
 * Every message of the call (zod's, the domain's, the fall-backs above) in the language of the
 * person: the signed-in user's (Account Information), else the one the request's Accept-Language
 * asks for, else English. Runs first, before the input is parsed, and holds the locale for all the
 * procedure awaits.
 */
const locale = t.middleware(({ ctx, next }) =>
  withLocale(ctx.auth ? localeOf(ctx.auth.user.language) : localeFromAcceptLanguage(ctx.acceptLanguage), () => next()),
);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const baseProcedure = t.procedure.use(locale).use(errors);

export const publicProcedure = baseProcedure.meta({ public: true });

/** A signed-in user: `ctx.auth` is non-null from here on. */
export const authedProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: m.api_sign_in() });
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

/**
 * Adds `ctx.actor`: who acts, for which company, and so within which scope; `ctx.db` becomes the
 * database as that actor may see it (row-level security, `actorDb`). A suspended company
 * is read-only: its users' changes are refused here, except the few marked `allowWhileSuspended`.
 */
export const companyProcedure = authedProcedure.use(({ ctx, next, type, meta }) => {
  if (type === 'mutation' && ctx.auth.company.status === 'suspended' && !meta?.allowWhileSuspended) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: m.api_company_suspended({ company: ctx.auth.company.name }),
    });
  }
  const actor = actorFrom(ctx.auth, ctx.ip);
  return next({ ctx: { ...ctx, actor, db: actorDb(ctx.db, actor) } });
});

/** Lets the call through when the user holds any of the permissions (privilege table, DESIGN §1). */
export function requires(...anyOf: [Permission, ...Permission[]]) {
  return t.middleware(({ ctx, next }) => {
    const held = ctx.auth?.permissions ?? [];
    if (!anyOf.some((p) => held.includes(p))) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: m.api_no_permission(),
      });
    }
    return next();
  });
}
