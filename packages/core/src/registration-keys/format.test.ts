import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_CODE_LENGTH,
  checkCharacter,
  formatActivationCode,
  formatKey,
  generateActivationCode,
  generateKeyCode,
  generateKeyCodes,
  hasValidCheckCharacter,
  KEY_ALPHABET,
  KEY_CODE_LENGTH,
  parseActivationCode,
  parseKey,
} from './format.ts';

const NOT_A_KEY = 'That is not a registration key: it should look like CE-XXXX-XXXX-XXXX-XXXX.';
const MISTYPED = 'This key has a typing mistake: check it and try again.';

/** Every code a single substitution or a swap of two different neighbours turns `code` into. */
function* mistakes(code: string): Generator<string> {
  const chars = [...code];
  for (let i = 2; i < chars.length; i++) {
    for (const other of KEY_ALPHABET) {
      if (other === chars[i]) continue;
      const copy = [...chars];
      copy[i] = other;
      yield copy.join('');
    }
  }
  for (let i = 2; i + 1 < chars.length; i++) {
    if (chars[i] === chars[i + 1]) continue;
    const copy = [...chars];
    [copy[i], copy[i + 1]] = [copy[i + 1]!, copy[i]!];
    yield copy.join('');
  }
}

describe('key alphabet', () => {
  it('has 32 distinct characters and none of I, L, O, U', () => {
    expect(KEY_ALPHABET).toHaveLength(32);
    expect(new Set(KEY_ALPHABET).size).toBe(32);
    expect(KEY_ALPHABET).not.toMatch(/[ILOU]/);
  });
});

describe('registration keys', () => {
  it('are generated as the prefix, 15 random characters and a check character, and read back', () => {
    for (let n = 0; n < 200; n++) {
      const code = generateKeyCode('CE');
      expect(code).toMatch(/^CE[0-9A-HJKMNP-TV-Z]{16}$/);
      expect(code).toHaveLength(KEY_CODE_LENGTH);
      expect(code.at(-1)).toBe(checkCharacter(code.slice(2, -1)));
      expect(formatKey(code)).toMatch(/^CE-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(parseKey(formatKey(code))).toEqual({ ok: true, code, prefix: 'CE' });
    }
  });

  it('are drawn many at once as one is drawn: each with its check character, all different, every character about equally often', () => {
    const codes = generateKeyCodes('BF', 4000);
    expect(new Set(codes).size).toBe(4000);
    const counts = new Map<string, number>();
    for (const code of codes) {
      expect(code).toMatch(/^BF[0-9A-HJKMNP-TV-Z]{16}$/);
      expect(code.at(-1)).toBe(checkCharacter(code.slice(2, -1)));
      expect(hasValidCheckCharacter(code.slice(2))).toBe(true);
      for (const char of code.slice(2, -1)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    const expected = (4000 * 15) / 32;
    expect(counts.size).toBe(32);
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.2);
    expect(() => generateKeyCodes('b1', 2)).toThrow();
  });

  it('uses every character of the alphabet about equally often in every random position', () => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 4000; n++) for (const char of generateKeyCode('CE').slice(2, -1)) counts.set(char, (counts.get(char) ?? 0) + 1);
    const expected = (4000 * 15) / 32;
    expect(counts.size).toBe(32);
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.2);
  });

  it('refuses a prefix that is not two upper-case letters', () => {
    expect(() => generateKeyCode('ce')).toThrow();
    expect(() => generateKeyCode('C1')).toThrow();
  });

  it('are read from lower case, spaces, missing and extra hyphens and look-alike letters', () => {
    const code = generateKeyCode('SS');
    const pretty = formatKey(code);
    for (const typed of [
      pretty.toLowerCase(),
      code,
      code.toLowerCase(),
      ` ${pretty.replaceAll('-', ' ')} `,
      pretty.replaceAll('-', '--'),
      `${code.slice(0, 7)}-${code.slice(7)}`,
      `-${pretty}-`,
      pretty.replaceAll('0', 'O').replaceAll('1', 'l'),
      pretty.replaceAll('1', 'I'),
    ]) {
      expect(parseKey(typed), typed).toEqual({ ok: true, code, prefix: 'SS' });
    }
  });

  it('says what a key looks like when the input is not one', () => {
    for (const typed of ['', 'hello', 'CE-1234', '12-ABCD-ABCD-ABCD-ABCD', 'CE-ABCD-ABCD-ABCD-ABCDE', 'CE-ABCU-ABCD-ABCD-ABCD']) {
      const parsed = parseKey(typed);
      expect(parsed.ok, typed).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(/^That is not a registration key: it should look like [A-Z]{2}-XXXX-XXXX-XXXX-XXXX\.$/);
    }
    expect(parseKey('')).toEqual({ ok: false, reason: NOT_A_KEY });
    expect(parseKey('nonsense')).toEqual({
      ok: false,
      reason: 'That is not a registration key: it should look like NO-XXXX-XXXX-XXXX-XXXX.',
    });
  });

  it('are recognised as mistyped after any single substitution or swap of neighbours (brute force)', () => {
    let tried = 0;
    for (let n = 0; n < 300; n++) {
      const code = generateKeyCode('CE');
      for (const wrong of mistakes(code)) {
        tried++;
        const parsed = parseKey(wrong);
        if (parsed.ok) throw new Error(`${formatKey(wrong)} was accepted; it is a mistyped ${formatKey(code)}`);
        expect(parsed.reason).toBe(MISTYPED);
      }
    }
    // 16 positions × 31 substitutions, plus up to 15 swaps, per key.
    expect(tried).toBeGreaterThanOrEqual(300 * 16 * 31);
  });

  it('catches every substitution and swap for every value at every position, not only random ones', () => {
    // Linear over GF(32): a mistake is missed iff its difference sums to zero. Exhaust the differences.
    const base = 'CE' + '0'.repeat(15);
    const zero = base + checkCharacter(base.slice(2));
    for (const wrong of mistakes(zero)) expect(parseKey(wrong).ok, wrong).toBe(false);
    for (let i = 0; i + 1 < 15; i++) {
      for (const a of KEY_ALPHABET) {
        for (const b of KEY_ALPHABET) {
          if (a === b) continue;
          const body = [...'0'.repeat(15)];
          body[i] = a;
          body[i + 1] = b;
          const code = 'CE' + body.join('') + checkCharacter(body.join(''));
          [body[i], body[i + 1]] = [b, a];
          const swapped = 'CE' + body.join('') + code.at(-1);
          expect(parseKey(code).ok).toBe(true);
          expect(parseKey(swapped).ok, swapped).toBe(false);
        }
      }
    }
  });
});

describe('activation codes', () => {
  it('are the prefix, 28 random characters and a check character, grouped 4-5-5-5-5-5', () => {
    const code = generateActivationCode('CE');
    expect(code).toHaveLength(ACTIVATION_CODE_LENGTH);
    expect(formatActivationCode(code)).toMatch(/^CE-[0-9A-Z]{4}(-[0-9A-Z]{5}){5}$/);
    expect(parseActivationCode(formatActivationCode(code).toLowerCase())).toEqual({ ok: true, code, prefix: 'CE' });
    expect(parseActivationCode(formatKey(generateKeyCode('CE')))).toEqual({
      ok: false,
      reason: 'That is not an activation code: it should look like CE-XXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX.',
    });
  });

  it('are recognised as mistyped after any single substitution or swap of neighbours (brute force)', () => {
    for (let n = 0; n < 100; n++) {
      const code = generateActivationCode('CE');
      for (const wrong of mistakes(code)) {
        const parsed = parseActivationCode(wrong);
        if (parsed.ok) throw new Error(`${wrong} was accepted; it is a mistyped ${code}`);
        expect(parsed.reason).toBe('This activation code has a typing mistake: check it and try again.');
      }
    }
  });
});
