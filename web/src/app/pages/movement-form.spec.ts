// Unit test of the over-budget sentence of the movement form: the server's figures in words a person reads.
import { overBudgetText } from './movement-form';

describe('overBudgetText', () => {
  it('says what was asked and what is left', () => {
    const text = overBudgetText('Total value exceeds the available budget. Total value: 369.00, Available: 200.00')!;
    expect(text).toContain('369,00');
    expect(text).toContain('only 200,00');
  });

  it('never speaks of a negative amount left, and leaves other messages alone', () => {
    expect(overBudgetText('Total value: 10.00, Available: -5.00')).toContain('only 0,00');
    expect(overBudgetText('Movement not found')).toBeNull();
  });
});
