// Unit test of the dashboard's alert levels and the words it uses for what is left.
import { alertLevel, leftInWords } from './dashboard';

describe('alertLevel', () => {
  it('is near from the threshold, over from 100 %, nothing below', () => {
    expect(alertLevel(79)).toBeNull();
    expect(alertLevel(80)).toBe('near');
    expect(alertLevel(99)).toBe('near');
    expect(alertLevel(100)).toBe('over');
    expect(alertLevel(140)).toBe('over');
    expect(alertLevel(85, 90)).toBeNull();
  });
});

describe('leftInWords', () => {
  it('says what is left, nothing, or how much over, with the currency', () => {
    expect(leftInWords(0)).toBe('nothing left');
    expect(leftInWords(88.5)).toMatch(/^88,50\s€ left$/);
    expect(leftInWords(-5)).toMatch(/^5,00\s€ over$/);
  });
});
