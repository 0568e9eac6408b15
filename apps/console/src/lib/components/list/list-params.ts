import type { z } from 'zod';

/*
 * A list's address is its state: `?status=disabled&sort=createdAt&dir=desc`. One parser reads it
 * for every list, checking each value against the list procedure's own input schema, so the page
 * never offers a state the API would refuse, and a hand-edited or stale address falls back to the
 * defaults instead of failing the page.
 */

/** How one address parameter maps onto the list's input. */
export interface ListField {
  /** Where the value goes in the procedure's input, e.g. `filters.status` or `sort.by`. */
  path?: string;
  /**
   * What the address carries when it is not what the input takes (a calendar day for a moment);
   * the page turns it into input itself. Without it, the schema at `path` decides.
   */
  schema?: z.ZodType;
  /**
   * Address values that stand for other input, e.g. `partner=direct` → `{ 'filters.direct': true }`.
   * A field may be aliases only (`status=locked`); any other value falls back to the default.
   */
  aliases?: Record<string, Record<string, unknown>>;
  /**
   * `filter` (the default) is cleared by "Clear filters"; `sort` and `view` (the page's tab) are
   * kept; `transient` is read once (a dialog to open) and left out of every address the list builds.
   */
  kind?: 'filter' | 'sort' | 'view' | 'transient';
}

/** The `sort` and `dir` parameters of a list the server sorts: `by` is where its input takes the column. */
export const sortParams = (by = 'sort.by') =>
  ({ sort: { path: by, kind: 'sort' }, dir: { path: 'sort.direction', kind: 'sort' } }) as const satisfies Record<string, ListField>;

/** What a list page gets from its load and hands to the list state. */
export interface ListQuery<K extends string = string, Input = unknown> {
  params: Record<K, string>;
  defaults: Record<K, string>;
  /** The keys "Clear filters" resets. */
  filters: K[];
  /** The keys never written back to the address. */
  transient: K[];
  /** The columns the server sorts by (the options of the list's `sort` parameter); none without one. */
  sorts: string[];
  /** The procedure's input for the first page; "Load more" adds the cursor. */
  input: Input;
}

type AnySchema = z.ZodType;

/** Wrapper types that stand between an object's key and the schema that checks its value. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema as AnySchema & { def: { type: string; innerType?: AnySchema; in?: AnySchema } };
  for (;;) {
    const { type, innerType } = current.def;
    if ((type === 'optional' || type === 'default' || type === 'prefault' || type === 'nullable') && innerType) {
      current = innerType as typeof current;
    } else if (type === 'pipe' && current.def.in) {
      current = current.def.in as typeof current;
    } else {
      return current;
    }
  }
}

/** The schema at `path` of an object schema (`sort.by`), with its own default and optionality. */
function schemaAt(root: AnySchema, path: string): AnySchema {
  let schema = root;
  for (const key of path.split('.')) {
    const shape = (unwrap(schema) as AnySchema & { shape?: Record<string, AnySchema> }).shape;
    const next = shape?.[key];
    if (!next) throw new Error(`The list's input has no ${path}.`);
    schema = next;
  }
  return schema;
}

/** The typed value an address string stands for, if the schema accepts it. */
function accept(schema: AnySchema, raw: string): { value: unknown } | null {
  const inner = unwrap(schema);
  const candidates: unknown[] = [raw];
  if (raw === 'true' || raw === 'false') candidates.push(raw === 'true');
  if (/^-?\d+(\.\d+)?$/.test(raw)) candidates.push(Number(raw));
  for (const candidate of candidates) {
    const parsed = inner.safeParse(candidate);
    if (parsed.success) return { value: parsed.data };
  }
  return null;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    node = node[key] = child && typeof child === 'object' && !(child instanceof Date) ? (child as Record<string, unknown>) : {};
  }
  node[keys.at(-1)!] = value;
}

function merge(target: Record<string, unknown>, extra: Record<string, unknown>) {
  for (const [key, value] of Object.entries(extra)) {
    const current = target[key];
    if (isPlain(value) && isPlain(current)) merge(current, value);
    else target[key] = value;
  }
  return target;
}

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Nested partial of a list's input, for what the page adds (a customer's id, the user's zone). */
export type InputExtra<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends Date ? T[K] : InputExtra<T[K]>) : T[K] };

/**
 * The address parameters of one list, in the order they are written, checked against `schema`,
 * the input the list procedure validates.
 */
export function defineListParams<S extends AnySchema, K extends string>(schema: S, fields: Record<K, ListField>) {
  type Input = z.input<S>;
  type Params = Record<K, string>;
  const keys = Object.keys(fields) as K[];
  const checks = Object.fromEntries(
    keys.map((key) => {
      const field = fields[key];
      return [key, field.schema ?? (field.path ? schemaAt(schema, field.path) : undefined)];
    }),
  ) as Record<K, AnySchema | undefined>;

  const defaults = Object.fromEntries(
    keys.map((key) => {
      const check = checks[key];
      const parsed = check?.safeParse(undefined);
      const value = parsed?.success && parsed.data !== undefined ? String(parsed.data) : '';
      return [key, value];
    }),
  ) as Params;

  /** The value a raw address string stands for, or the default. */
  function clean(key: K, raw: string | null | undefined): string {
    const text = raw?.trim() ?? '';
    if (!text) return defaults[key];
    if (fields[key].aliases && Object.hasOwn(fields[key].aliases!, text)) return text;
    const check = checks[key];
    return check && accept(check, text) ? text : defaults[key];
  }

  /** The procedure's input for these params (no cursor), with what the page adds merged in. */
  function input(params: Partial<Params>, extra?: InputExtra<Input>): Input {
    const built: Record<string, unknown> = {};
    for (const key of keys) {
      const field = fields[key];
      const value = clean(key, params[key]);
      if (field.kind === 'transient' || value === '') continue;
      const alias = field.aliases && Object.hasOwn(field.aliases, value) ? field.aliases[value] : undefined;
      if (alias) {
        for (const [path, aliased] of Object.entries(alias)) setPath(built, path, aliased);
        continue;
      }
      const accepted = field.path ? accept(checks[key]!, value) : null;
      if (accepted) setPath(built, field.path!, accepted.value);
    }
    if (extra) merge(built, extra as Record<string, unknown>);
    return built as Input;
  }

  /** The list's state as the address holds it: unknown or refused values become the defaults. */
  function read(url: URL | URLSearchParams): Params {
    const search = url instanceof URL ? url.searchParams : url;
    return Object.fromEntries(keys.map((key) => [key, clean(key, search.get(key))])) as Params;
  }

  /** All a list page's load returns about its state; `extra` is merged into the input. */
  function query(params: Params, extra?: InputExtra<Input>): ListQuery<K, Input> {
    return {
      params,
      defaults,
      filters: keys.filter((key) => (fields[key].kind ?? 'filter') === 'filter'),
      transient,
      sorts,
      input: input(params, extra),
    };
  }

  const transient = keys.filter((key) => fields[key].kind === 'transient');
  const sortCheck = (fields as Partial<Record<string, ListField>>)['sort']?.kind === 'sort' ? checks['sort' as K] : undefined;
  const sorts = sortCheck ? [...((unwrap(sortCheck) as AnySchema & { options?: readonly string[] }).options ?? [])] : [];

  /** The query string of these params (`?status=disabled`), defaults and transient ones left out. */
  const search = (params: Partial<Params>) => listSearch({ defaults, transient }, params);

  return { keys, defaults, read, input, query, search };
}

/**
 * The query string of a list's state (`?status=disabled`), in its fields' order, without defaults
 * and transient fields. Shared by the server (links) and the list state (navigation).
 */
export function listSearch<K extends string>(
  query: Pick<ListQuery<K>, 'defaults' | 'transient'>,
  params: Partial<Record<K, string>>,
): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(query.defaults) as K[]) {
    const value = params[key] ?? '';
    if (query.transient.includes(key) || value === '' || value === query.defaults[key]) continue;
    search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Whether any filter differs from its default. */
export const hasListFilters = <K extends string>(query: Pick<ListQuery<K>, 'defaults' | 'filters' | 'params'>) =>
  query.filters.some((key) => query.params[key] !== query.defaults[key]);
