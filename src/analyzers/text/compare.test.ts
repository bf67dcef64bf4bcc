import { describe, expect, it } from 'vitest';
import { compareCodeUnits } from './compare.js';

describe('compareCodeUnits', () => {
  it('orders by code unit, whatever the locale: upper case before lower case, shorter prefix first', () => {
    expect(['b', 'B', 'a', 'ab', 'A', 'é', '_', '1'].sort(compareCodeUnits)).toEqual(['1', 'A', 'B', '_', 'a', 'ab', 'b', 'é']);
    expect(compareCodeUnits('x', 'x')).toBe(0);
    expect(compareCodeUnits('deps/a', 'deps/b')).toBeLessThan(0);
    expect(compareCodeUnits('deps/b', 'deps/a')).toBeGreaterThan(0);
  });
});
