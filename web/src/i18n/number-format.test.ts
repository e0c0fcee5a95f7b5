import { describe, expect, it } from 'vitest';
import { decimalsForSpan, formatNumber, numberFormat } from './number-format.ts';

describe('formatNumber', () => {
  it('follows the language', () => {
    expect(formatNumber('en', 1234.5, 1)).toBe('1,234.5');
    // French groups with a narrow no-break space and uses a decimal comma.
    expect(formatNumber('fr', 1234.5, 1)).toBe('1\u202f234,5');
    expect(formatNumber('ar', 2.5, 3)).toBe(
      new Intl.NumberFormat('ar', { minimumFractionDigits: 3 }).format(2.5),
    );
  });

  it('shows a dash for a missing value', () => {
    expect(formatNumber('en', Number.NaN)).toBe('—');
    expect(formatNumber('en', Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('reuses one formatter per language and digits', () => {
    expect(numberFormat('en', 2)).toBe(numberFormat('en', 2));
    expect(numberFormat('en', 2)).not.toBe(numberFormat('fr', 2));
  });
});

describe('decimalsForSpan', () => {
  it('gives about four significant digits of the span', () => {
    expect(decimalsForSpan(5)).toBe(3);
    expect(decimalsForSpan(100)).toBe(1);
    expect(decimalsForSpan(1)).toBe(3);
    expect(decimalsForSpan(0.01)).toBe(5);
    expect(decimalsForSpan(1e6)).toBe(0);
    expect(decimalsForSpan(1e-9)).toBe(6);
    expect(decimalsForSpan(0)).toBe(3);
  });
});
