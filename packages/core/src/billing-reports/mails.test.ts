import { describe, expect, it } from 'vitest';
import { moneyText } from './mails.ts';

describe('money in mails', () => {
  it('formats the exact amount in the reader’s language, digits a float could not hold included', () => {
    expect(moneyText(1_234_567_890_123_456_789n, 'USD', 'en')).toBe('$12,345,678,901,234,567.89');
    expect(moneyText(123_450n, 'EUR', 'de')).toBe('1.234,50\u00a0€');
    expect(moneyText(1_234n, 'JPY', 'en')).toBe('¥1,234');
  });
});
