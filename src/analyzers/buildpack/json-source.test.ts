import { describe, expect, it } from 'vitest';
import { locateJsonError, parseJsonWithPositions } from './json-source.js';

describe('parseJsonWithPositions', () => {
  it('parses like JSON.parse and keeps key positions', () => {
    const text = '{\n  "name": "x",\n  "scripts": {\n    "build": "tsc"\n  },\n  "list": [1, 2.5e3, true, null]\n}\n';
    const result = parseJsonWithPositions(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual(JSON.parse(text));
    expect(result.positionOf(['scripts', 'build'])).toMatchObject({ line: 4, column: 5 });
    expect(result.positionOf(['name'])).toMatchObject({ line: 2, column: 3 });
    expect(result.positionOf(['list', 1])).toMatchObject({ line: 6, column: 15 });
    expect(result.positionOf(['missing'])).toBeUndefined();
  });

  it.each([
    ['{\n  "a": 1,\n}', 2, 9, 'trailing comma'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}"'],
    ['{"a": "x\ny"}', 1, 9, 'control character'],
    ['{"a": ', 1, 7, 'unexpected end of file'],
    ['{"a": tru}', 1, 7, 'expected a value'],
    ['{"a": 1} x', 1, 10, 'after the end'],
    ["{'a': 1}", 1, 2, 'double-quoted property name'],
    ['[1, 2,]', 1, 6, 'trailing comma before "]"'],
  ])('locates the error in %j', (text, line, column, fragment) => {
    const error = locateJsonError(text);
    expect(error).toMatchObject({ line, column });
    expect(error!.message).toContain(fragment);
  });

  it('rejects a byte-order mark the way the buildpack does', () => {
    const result = parseJsonWithPositions('\uFEFF{}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('byte-order mark');
  });

  it('stores "__proto__" as data, never as a prototype', () => {
    const result = parseJsonWithPositions('{"__proto__": {"polluted": true}}');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(result.value as object)).toEqual(['__proto__']);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const error = locateJsonError('['.repeat(5000));
    expect(error!.message).toContain('nesting deeper');
  });
});
