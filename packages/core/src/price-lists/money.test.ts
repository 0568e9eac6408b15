import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { billTotalMinor, formatMinor, lineAmountMinor, parseBps, parseMinor, ZPercent } from './money.ts';

/*
 * The billing rule, checked over random lines: amount = chargeable × unit price × (1 − margin),
 * rounded half-up to the minor unit once per line; a bill's total is the sum of its lines. The
 * reference below works on exact rationals (numerator and denominator as BigInt) and rounds by
 * comparing twice the remainder with the denominator, so it shares no arithmetic with the rule.
 */

const line = fc.record({
  chargeable: fc.integer({ min: 0, max: 2_000_000_000 }),
  unitPriceMinor: fc.bigInt({ min: 0n, max: 1_000_000_000n }),
  marginBps: fc.integer({ min: 0, max: 10_000 }),
});

/** chargeable × price × (1 − bps/10,000) as the exact fraction n / d, rounded half-up by comparison. */
function reference({ chargeable, unitPriceMinor, marginBps }: { chargeable: number; unitPriceMinor: bigint; marginBps: number }): bigint {
  const n = BigInt(chargeable) * unitPriceMinor * (10_000n - BigInt(marginBps));
  const d = 10_000n;
  const floor = n / d;
  const remainder = n - floor * d;
  return 2n * remainder >= d ? floor + 1n : floor;
}

describe('billing line amounts', () => {
  it('match the exact rational reference, rounded half-up once', () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(lineAmountMinor(l.chargeable, l.unitPriceMinor, l.marginBps)).toBe(reference(l));
      }),
      { numRuns: 2_000 },
    );
  });

  it('round a half up and anything below it down, at the minor unit', () => {
    // 1 unit × 1 cent × (1 − 50 %) = 0.5 cent → 1 cent; × (1 − 50.01 %) = 0.4999 cent → 0.
    expect(lineAmountMinor(1, 1n, 5_000)).toBe(1n);
    expect(lineAmountMinor(1, 1n, 5_001)).toBe(0n);
    // 3 × 0.05 × 0.9 = 0.135 → 0.14; 7 × 2.45 × 0.85 = 14.5775 → 14.58.
    expect(lineAmountMinor(3, 5n, 1_000)).toBe(14n);
    expect(lineAmountMinor(7, 245n, 1_500)).toBe(1458n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (k) => {
        // k + ½ cent exactly: units 2k + 1 at half a cent each (1 cent, 50 % margin).
        expect(lineAmountMinor(2n * k + 1n, 1n, 5_000)).toBe(k + 1n);
      }),
    );
  });

  it('give a total that is the sum of the lines, each rounded once, never rounded again', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines) => {
        const amounts = lines.map((l) => lineAmountMinor(l.chargeable, l.unitPriceMinor, l.marginBps));
        const total = billTotalMinor(amounts);
        expect(total).toBe(lines.reduce((sum, l) => sum + reference(l), 0n));
        // Rounding the sum of unrounded amounts instead may differ by up to half a unit per line: the
        // rule is per line, and the total never strays from it.
        const unrounded = lines.reduce((sum, l) => sum + BigInt(l.chargeable) * l.unitPriceMinor * (10_000n - BigInt(l.marginBps)), 0n);
        const drift = total * 10_000n - unrounded;
        expect(drift <= 5_000n * BigInt(lines.length) && drift >= -5_000n * BigInt(lines.length)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is integer arithmetic throughout: amounts are BigInts, never numbers', () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(typeof lineAmountMinor(l.chargeable, l.unitPriceMinor, l.marginBps)).toBe('bigint');
      }),
    );
    expect(() => lineAmountMinor(1, 1n, 10_001)).toThrow(RangeError);
    expect(() => lineAmountMinor(-1, 1n, 0)).toThrow(RangeError);
  });
});

describe('amount and percentage text', () => {
  it('reads back what it writes, in each currency’s decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.constantFrom('USD', 'EUR', 'CHF', 'GBP', 'JPY', 'KWD'), (minor, currency) => {
        expect(parseMinor(formatMinor(minor, currency), currency)).toBe(minor);
      }),
    );
    expect(formatMinor(123450n, 'USD')).toBe('1234.50');
    expect(formatMinor(5n, 'EUR')).toBe('0.05');
    expect(formatMinor(1234n, 'JPY')).toBe('1234');
    expect(formatMinor(1234n, 'KWD')).toBe('1.234');
  });

  it('refuses more decimals than the currency has instead of rounding them', () => {
    expect(parseMinor('12.5', 'USD')).toBe(1250n);
    expect(() => parseMinor('12.345', 'USD')).toThrow('USD has 2 decimals');
    expect(() => parseMinor('12.5', 'JPY')).toThrow('JPY has no decimals');
    expect(() => parseMinor('-1', 'USD')).toThrow('Enter an amount');
  });

  it('turns percentages into basis points exactly', () => {
    expect(parseBps('12.5')).toBe(1250);
    expect(parseBps('0.01')).toBe(1);
    expect(parseBps('100')).toBe(10_000);
    expect(() => parseBps('100.01')).toThrow('at most 100');
    expect(() => parseBps('1.005')).toThrow('two decimals');
  });

  it('accepts in an input exactly the percentages it can turn into basis points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.boolean(), (bps, padded) => {
        const text = `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}`;
        const input = padded ? ` ${text} ` : text;
        expect(ZPercent.safeParse(input).success).toBe(bps <= 10_000);
        if (bps <= 10_000) expect(parseBps(input)).toBe(bps);
      }),
    );
    expect(ZPercent.safeParse('100.5').error?.issues[0]?.message).toBe('A percentage is at most 100.');
  });
});
