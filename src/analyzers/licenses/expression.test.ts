import { describe, expect, it } from 'vitest';
import { expressionIsOsiApproved, expressionMentions, licenseFamily, parseDeclaredLicense, suggestExpression } from './expression.js';

describe('package.json license values', () => {
  it('parses SPDX expressions and lists their licences', () => {
    const result = parseDeclaredLicense('(MIT OR Apache-2.0)');
    expect(result.kind).toBe('expression');
    if (result.kind !== 'expression') return;
    expect(result.licenses.map((l) => l.license)).toEqual(['MIT', 'Apache-2.0']);
  });

  it('recognises UNLICENSED and SEE LICENSE IN', () => {
    expect(parseDeclaredLicense('UNLICENSED')).toEqual({ kind: 'unlicensed' });
    expect(parseDeclaredLicense('SEE LICENSE IN ../LICENSE')).toEqual({ kind: 'see-file', file: '../LICENSE' });
  });

  it('rejects what is not an expression, suggesting the obvious fix', () => {
    expect(parseDeclaredLicense('mit')).toMatchObject({ kind: 'invalid', suggestion: 'MIT' });
    expect(parseDeclaredLicense('Apache 2.0')).toMatchObject({ kind: 'invalid', suggestion: 'Apache-2.0' });
    expect(parseDeclaredLicense('')).toMatchObject({ kind: 'invalid', reason: 'is empty' });
    expect(parseDeclaredLicense('Proprietary, all rights reserved')).toMatchObject({ kind: 'invalid' });
    expect(parseDeclaredLicense('x'.repeat(600))).toMatchObject({ kind: 'invalid' });
    expect(suggestExpression('something else')).toBeUndefined();
  });

  it('matches an expression against identified licences by family', () => {
    expect(licenseFamily('GPL-2.0+')).toBe('GPL-2.0');
    expect(licenseFamily('GPL-2.0-or-later')).toBe('GPL-2.0');
    const tree = (value: string) => {
      const r = parseDeclaredLicense(value);
      if (r.kind !== 'expression') throw new Error(value);
      return r.tree;
    };
    expect(expressionMentions(tree('MIT'), ['MIT'])).toBe(true);
    expect(expressionMentions(tree('ISC'), ['MIT'])).toBe(false);
    expect(expressionMentions(tree('(ISC OR MIT)'), ['MIT'])).toBe(true);
    expect(expressionMentions(tree('GPL-3.0-or-later'), ['GPL-3.0-only'])).toBe(true);
  });

  it('evaluates OSI approval through OR and AND', () => {
    const tree = (value: string) => {
      const r = parseDeclaredLicense(value);
      if (r.kind !== 'expression') throw new Error(value);
      return r.tree;
    };
    expect(expressionIsOsiApproved(tree('MIT'))).toBe(true);
    expect(expressionIsOsiApproved(tree('(MIT OR CC-BY-4.0)'))).toBe(true);
    expect(expressionIsOsiApproved(tree('(MIT AND CC-BY-4.0)'))).toBe(false);
    expect(expressionIsOsiApproved(tree('LicenseRef-Acme'))).toBe(false);
    expect(expressionIsOsiApproved(tree('GPL-2.0+'))).toBe(true);
  });
});
