import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { DEFAULT_SEED } from './dataset.ts';

/** Parses the command line, printing a clear message (never a stack trace) when it is wrong. */
export function cliArgs<T extends ParseArgsOptionsConfig>(options: T, usage: string) {
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
}

export function seedOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    console.error(`--seed must be a whole number from 0 to ${0xffffffff}, not "${value}".`);
    process.exit(2);
  }
  return seed;
}

export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number of at least 1, not "${value}".`);
    process.exit(2);
  }
  return n;
}
