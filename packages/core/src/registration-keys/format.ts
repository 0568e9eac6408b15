import { randomBytes } from 'node:crypto';

/**
 * Registration keys and activation codes.
 *
 * A registration key is `PP-XXXX-XXXX-XXXX-XXXX`: PP the product's two-letter code, then 15 random
 * characters and one check character from a 32-character alphabet without I, L, O and U. Its
 * canonical form (stored, unique across the deployment) has no hyphens: `PPXXXXXXXXXXXXXXXX`.
 * An activation code is `PP-XXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`: 28 random characters and one
 * check character.
 *
 * The check character makes the weighted sum of the characters zero in the field GF(32), each
 * character read as its index in the alphabet and the character at position i weighted by α^i,
 * α a generator of the field's multiplicative group (order 31). Every weight is non-zero and no two
 * weights are equal (at most 29 positions < 31), and a field has no zero divisors, so:
 * - a substitution at position i changes the sum by α^i·(a − b) ≠ 0 — always caught;
 * - swapping different neighbours a, b at i, i+1 changes it by (α^i − α^(i+1))·(a − b) ≠ 0 —
 *   always caught (any two positions, not only neighbours).
 */
export const KEY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random characters in a registration key, before its check character. */
export const KEY_RANDOM_LENGTH = 15;
/** Canonical registration key length: prefix, random characters, check character. */
export const KEY_CODE_LENGTH = 2 + KEY_RANDOM_LENGTH + 1;
/** Random characters in an activation code, before its check character. */
export const ACTIVATION_RANDOM_LENGTH = 28;
/** Canonical activation code length. */
export const ACTIVATION_CODE_LENGTH = 2 + ACTIVATION_RANDOM_LENGTH + 1;

const VALUE = new Map<string, number>([...KEY_ALPHABET].map((char, value) => [char, value]));

// GF(32) = GF(2)[x] / (x^5 + x^2 + 1); x is a generator of its multiplicative group.
const EXP: number[] = [];
const LOG: number[] = new Array<number>(32).fill(0);
{
  let value = 1;
  for (let power = 0; power < 31; power++) {
    EXP[power] = value;
    LOG[value] = power;
    value <<= 1;
    if (value & 32) value ^= 0b100101;
  }
}

const multiply = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[(LOG[a]! + LOG[b]!) % 31]!);

/** Weighted sum of `values` (alphabet indexes) in GF(32): zero for a complete, correct code. */
function weightedSum(values: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum ^= multiply(values[i]!, EXP[i % 31]!);
  return sum;
}

/** The check character for `body` (alphabet characters only, at most 30 of them). */
export function checkCharacter(body: string): string {
  const values = [...body].map((char) => {
    const value = VALUE.get(char);
    if (value === undefined) throw new Error(`"${char}" is not in the key alphabet`);
    return value;
  });
  return KEY_ALPHABET[checkValue(weightedSum(values), values.length)]!;
}

/** The check value c after n characters whose weighted sum is `sum`: solves sum + c·α^n = 0 (in characteristic 2, −x = x). */
const checkValue = (sum: number, n: number) => (sum === 0 ? 0 : EXP[(LOG[sum]! - n + 31 * 2) % 31]!);

/** True when the last character of `bodyWithCheck` is the check character of the rest. */
export function hasValidCheckCharacter(bodyWithCheck: string): boolean {
  const values: number[] = [];
  for (const char of bodyWithCheck) {
    const value = VALUE.get(char);
    if (value === undefined) return false;
    values.push(value);
  }
  return values.length > 1 && weightedSum(values) === 0;
}

/** `length` characters from the alphabet, uniformly: 256 is a multiple of 32, so no modulo bias. */
export function randomKeyCharacters(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += KEY_ALPHABET[byte & 31];
  return out;
}

const PREFIX = /^[A-Z]{2}$/;

function assertPrefix(prefix: string) {
  if (!PREFIX.test(prefix)) throw new Error(`A key prefix is two upper-case letters, not "${prefix}"`);
}

/** A new registration key in canonical form: `PP` + 15 random characters + check character. */
export function generateKeyCode(prefix: string): string {
  return generateKeyCodes(prefix, 1)[0]!;
}

/**
 * `count` new registration keys in canonical form, as `generateKeyCode` draws them, from one
 * buffer of random bytes and with each check character summed as its characters are drawn: a
 * batch's chunk of 10,000 keys costs one call into the random source instead of 10,000.
 */
export function generateKeyCodes(prefix: string, count: number): string[] {
  assertPrefix(prefix);
  const bytes = randomBytes(count * KEY_RANDOM_LENGTH);
  const codes = new Array<string>(count);
  for (let key = 0, at = 0; key < count; key++) {
    let body = '';
    let sum = 0;
    for (let i = 0; i < KEY_RANDOM_LENGTH; i++, at++) {
      // 256 is a multiple of 32, so the low five bits are uniform: no modulo bias.
      const value = bytes[at]! & 31;
      body += KEY_ALPHABET[value];
      sum ^= multiply(value, EXP[i]!);
    }
    codes[key] = prefix + body + KEY_ALPHABET[checkValue(sum, KEY_RANDOM_LENGTH)];
  }
  return codes;
}

/** A new activation code in canonical form: `PP` + 28 random characters + check character. */
export function generateActivationCode(prefix: string): string {
  assertPrefix(prefix);
  const body = randomKeyCharacters(ACTIVATION_RANDOM_LENGTH);
  return prefix + body + checkCharacter(body);
}

function group(code: string, sizes: readonly number[]): string {
  const parts = [code.slice(0, 2)];
  let at = 2;
  for (const size of sizes) {
    parts.push(code.slice(at, at + size));
    at += size;
  }
  return parts.join('-');
}

const KEY_GROUPS = [4, 4, 4, 4] as const;
const ACTIVATION_GROUPS = [4, 5, 5, 5, 5, 5] as const;

/** `PPXXXXXXXXXXXXXXXX` → `PP-XXXX-XXXX-XXXX-XXXX`. */
export function formatKey(code: string): string {
  return group(code, KEY_GROUPS);
}

/** `PP` + 29 characters → `PP-XXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`. */
export function formatActivationCode(code: string): string {
  return group(code, ACTIVATION_GROUPS);
}

export type ParsedCode = { ok: true; code: string; prefix: string } | { ok: false; reason: string };

// Characters a person reads into a key by mistake: Crockford's readings of I, L and O.
const LOOKALIKES: Record<string, string> = { I: '1', L: '1', O: '0' };

function parseCode(
  input: string,
  randomLength: number,
  shape: (prefix: string) => string,
  what: string,
  short: string,
): ParsedCode {
  const compact = String(input).toUpperCase().replace(/[\s\-‐‑‒–—_.]+/g, '');
  const prefix = compact.slice(0, 2);
  const example = shape(PREFIX.test(prefix) ? prefix : 'CE');
  const notACode = { ok: false as const, reason: `That is not ${what}: it should look like ${example}.` };
  if (!PREFIX.test(prefix) || compact.length !== 2 + randomLength + 1) return notACode;
  const body = [...compact.slice(2)].map((char) => LOOKALIKES[char] ?? char).join('');
  if (![...body].every((char) => VALUE.has(char))) return notACode;
  if (!hasValidCheckCharacter(body)) {
    return { ok: false, reason: `This ${short} has a typing mistake: check it and try again.` };
  }
  return { ok: true, code: prefix + body, prefix };
}

/**
 * Reads a registration key as a person typed or pasted it: any case, spaces, missing or extra
 * hyphens. A key whose check character does not match is reported as mistyped.
 */
export function parseKey(input: string): ParsedCode {
  return parseCode(input, KEY_RANDOM_LENGTH, (p) => `${p}-XXXX-XXXX-XXXX-XXXX`, 'a registration key', 'key');
}

/** Reads an activation code the way `parseKey` reads a key. */
export function parseActivationCode(input: string): ParsedCode {
  return parseCode(
    input,
    ACTIVATION_RANDOM_LENGTH,
    (p) => `${p}-XXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`,
    'an activation code',
    'activation code',
  );
}
