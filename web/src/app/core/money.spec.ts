// Unit tests of money display (EUR, pt-PT) and entry (at most two decimals).
import { formatMoney, parseMoney } from './money';

describe('money', () => {
  it('shows amounts with the euro sign in the pt-PT locale', () => {
    expect(formatMoney(1000.5).replace(/\s/g, ' ')).toBe('1000,50 €');
    expect(formatMoney(0)).toContain('0,00');
    expect(formatMoney(undefined)).toBe('—');
  });

  it('accepts at most two decimals, with a point or a comma', () => {
    expect(parseMoney('1250.5')).toBe(1250.5);
    expect(parseMoney('1250,50')).toBe(1250.5);
    expect(parseMoney(' 7 ')).toBe(7);
    expect(parseMoney('1.005')).toBeNull();
    expect(parseMoney('-3')).toBeNull();
    expect(parseMoney('abc')).toBeNull();
    expect(parseMoney('')).toBeNull();
  });
});
