import { describe, expect, it } from 'vitest';
import { formatMargin, formatMoney, groupDecimal } from './format.ts';

describe('money as the server writes it', () => {
  it('groups the whole part and keeps every digit of the fraction', () => {
    expect(groupDecimal('1234567.05')).toBe('1,234,567.05');
    expect(groupDecimal('999.10')).toBe('999.10');
    expect(groupDecimal('0.001')).toBe('0.001');
    expect(groupDecimal('1000')).toBe('1,000');
    expect(groupDecimal('-1234.50')).toBe('-1,234.50');
  });

  it('keeps amounts beyond what a float holds exactly', () => {
    // 2^53 + 1 minor units: a Number would print …992.
    expect(groupDecimal('90071992547409.93')).toBe('90,071,992,547,409.93');
    expect(formatMoney('90071992547409.93', 'USD')).toBe('90,071,992,547,409.93 USD');
  });

  it('names the currency, and a line without a price has none', () => {
    expect(formatMoney('12.50', 'EUR')).toBe('12.50 EUR');
    expect(formatMoney(null, 'EUR')).toBe('—');
  });

  it('leaves text that is not a decimal as it is', () => {
    expect(groupDecimal('n/a')).toBe('n/a');
  });

  it('writes a margin without trailing zeros', () => {
    expect(formatMargin('27.50')).toBe('27.5 %');
    expect(formatMargin('20.00')).toBe('20 %');
    expect(formatMargin('12.25')).toBe('12.25 %');
  });
});
