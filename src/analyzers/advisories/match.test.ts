import { describe, expect, it } from 'vitest';
import { compileAffected, describeAffected, matchAffected, patchedCandidates } from './match.js';
import { parseVersion } from './versions.js';

type Event = Partial<Record<'introduced' | 'fixed' | 'last_affected' | 'limit', string>>;

function affected(events: Event[], type = 'SEMVER', versions?: string[]) {
  const problems: string[] = [];
  const compiled = compileAffected('pkg', { ranges: [{ type, events }], ...(versions ? { versions } : {}) }, problems);
  return { compiled, problems };
}

function isAffected(events: Event[], version: string, type = 'SEMVER'): boolean {
  return matchAffected(affected(events, type).compiled, parseVersion(version)!) !== undefined;
}

describe('OSV range evaluation', () => {
  it('introduced "0" covers everything from the start, prereleases included', () => {
    const events = [{ introduced: '0' }];
    for (const v of ['0.0.0', '0.0.1-alpha', '1.0.0', '99.0.0']) expect(isAffected(events, v)).toBe(true);
  });

  it('introduced / fixed is a half-open interval [introduced, fixed)', () => {
    const events = [{ introduced: '1.2.0' }, { fixed: '1.4.2' }];
    expect(isAffected(events, '1.1.9')).toBe(false);
    expect(isAffected(events, '1.2.0')).toBe(true);
    expect(isAffected(events, '1.4.1')).toBe(true);
    expect(isAffected(events, '1.4.2')).toBe(false);
    expect(isAffected(events, '2.0.0')).toBe(false);
  });

  it('last_affected is inclusive', () => {
    const events = [{ introduced: '0' }, { last_affected: '1.5.1' }];
    expect(isAffected(events, '1.5.1')).toBe(true);
    expect(isAffected(events, '1.5.2')).toBe(false);
    expect(isAffected(events, '1.5.1-beta')).toBe(true); // below 1.5.1
    expect(isAffected(events, '1.5.2-beta')).toBe(false); // above 1.5.1, although below 1.5.2
  });

  it('several intervals in one range, in any order in the file', () => {
    const events = [{ introduced: '3.0.0' }, { fixed: '3.2.5' }, { introduced: '1.0.0' }, { fixed: '1.0.2' }];
    expect(isAffected(events, '1.0.1')).toBe(true);
    expect(isAffected(events, '1.0.2')).toBe(false);
    expect(isAffected(events, '2.9.9')).toBe(false);
    expect(isAffected(events, '3.1.0')).toBe(true);
    expect(isAffected(events, '3.2.5')).toBe(false);
  });

  it('limit bounds the range from above; "*" is infinity', () => {
    expect(isAffected([{ introduced: '1.0.0' }, { limit: '2.0.0' }], '1.9.9')).toBe(true);
    expect(isAffected([{ introduced: '1.0.0' }, { limit: '2.0.0' }], '2.0.0')).toBe(false);
    expect(isAffected([{ introduced: '1.0.0' }, { limit: '2.0.0' }], '3.0.0')).toBe(false);
    expect(isAffected([{ introduced: '1.0.0' }, { limit: '*' }], '30.0.0')).toBe(true);
    // Several limits: below any of them.
    expect(isAffected([{ introduced: '1.0.0' }, { limit: '1.5.0' }, { limit: '3.0.0' }], '2.0.0')).toBe(true);
  });

  it('prereleases follow SemVer precedence (osv-scanner semantics), not npm range rules', () => {
    const events = [{ introduced: '0' }, { fixed: '2.0.0' }];
    expect(isAffected(events, '2.0.0-rc.1')).toBe(true); // npm's `<2.0.0` would say no
    expect(isAffected(events, '2.0.1-rc.1')).toBe(false);
    // The osv-scanner #2694 case: fixed in 16.1.5, 16.2.2 is not affected.
    expect(isAffected([{ introduced: '16.0.0' }, { fixed: '16.1.5' }], '16.2.2')).toBe(false);
    expect(isAffected([{ introduced: '16.0.0-canary.0' }, { fixed: '16.1.5' }], '16.0.0-canary.3')).toBe(true);
    expect(isAffected([{ introduced: '16.0.0-canary.4' }, { fixed: '16.1.5' }], '16.0.0-canary.3')).toBe(false);
    // Build metadata does not order.
    expect(isAffected(events, '1.9.9+build.7')).toBe(true);
  });

  it('ECOSYSTEM ranges use the same npm ordering', () => {
    expect(isAffected([{ introduced: '2.1.0' }, { fixed: '5.2.4' }], '5.2.3', 'ECOSYSTEM')).toBe(true);
    expect(isAffected([{ introduced: '2.1.0' }, { fixed: '5.2.4' }], '5.2.4', 'ECOSYSTEM')).toBe(false);
  });

  it('explicit versions list matches exactly', () => {
    const { compiled } = affected([{ introduced: '3.0.0' }, { last_affected: '3.9.1' }], 'SEMVER', ['3.10.2']);
    expect(matchAffected(compiled, parseVersion('3.10.2')!)).toEqual({ via: 'versions' });
    expect(matchAffected(compiled, parseVersion('3.10.1')!)).toBeUndefined();
    expect(matchAffected(compiled, parseVersion('3.5.0')!)?.via).toBe('range');
    const only = compileAffected('pkg', { versions: ['3.3.6'] }, []);
    expect(matchAffected(only, parseVersion('3.3.6')!)).toBeDefined();
    expect(matchAffected(only, parseVersion('3.3.5')!)).toBeUndefined();
  });

  it('reports the fix or last affected version of the matched interval', () => {
    const { compiled } = affected([{ introduced: '0' }, { fixed: '1.6.5' }, { introduced: '2.0.0' }, { fixed: '2.1.7' }]);
    expect(matchAffected(compiled, parseVersion('2.0.3')!)).toEqual({ via: 'range', introduced: '2.0.0', fixed: '2.1.7' });
    expect(matchAffected(compiled, parseVersion('1.0.0')!)).toEqual({ via: 'range', introduced: '0', fixed: '1.6.5' });
    const last = affected([{ introduced: '0' }, { last_affected: '1.5.1' }]).compiled;
    expect(matchAffected(last, parseVersion('1.5.1')!)).toEqual({ via: 'range', introduced: '0', lastAffected: '1.5.1' });
    const open = affected([{ introduced: '1.0.0' }]).compiled;
    expect(matchAffected(open, parseVersion('4.0.0')!)).toEqual({ via: 'range', introduced: '1.0.0' });
  });

  it('short versions are padded; unreadable ranges are dropped with a problem, other types ignored', () => {
    expect(isAffected([{ introduced: '1.0' }, { fixed: '2' }], '1.5.0')).toBe(true);
    const bad = affected([{ introduced: '0' }, { fixed: 'not-a-version' }]);
    expect(bad.compiled.ranges).toHaveLength(0);
    expect(bad.problems[0]).toMatch(/not an npm version/);
    const twoKeys = affected([{ introduced: '0', fixed: '1.0.0' }]);
    expect(twoKeys.compiled.ranges).toHaveLength(0);
    expect(twoKeys.problems[0]).toMatch(/exactly one/);
    const noIntroduced = affected([{ fixed: '1.0.0' }]);
    expect(noIntroduced.compiled.ranges).toHaveLength(0);
    const git = compileAffected('pkg', { ranges: [{ type: 'GIT', repo: 'x', events: [{ introduced: 'abc' }] }] }, []);
    expect(git.ranges).toHaveLength(0);
  });

  it('describes ranges npm-style', () => {
    expect(describeAffected(affected([{ introduced: '0' }, { fixed: '1.6.5' }, { introduced: '2.0.0' }, { fixed: '2.1.7' }]).compiled)).toBe('<1.6.5 || >=2.0.0 <2.1.7');
    expect(describeAffected(affected([{ introduced: '0' }, { last_affected: '1.5.1' }]).compiled)).toBe('<=1.5.1');
    expect(describeAffected(affected([{ introduced: '0' }]).compiled)).toBe('*');
    expect(describeAffected(affected([{ introduced: '3.0.0' }], 'SEMVER', ['3.10.2']).compiled)).toBe('>=3.0.0 || 3.10.2');
  });

  it('patched_versions gives the smallest patched version above the installed one', () => {
    const above = parseVersion('4.0.1')!;
    expect(patchedCandidates('>=3.4.6 < 4.0.0|| >=4.0.5', above).map((v) => v.version)).toEqual(['4.0.5']);
    expect(patchedCandidates('>=1.5.2', parseVersion('1.5.1')!).map((v) => v.version)).toEqual(['1.5.2']);
    expect(patchedCandidates('<0.0.0', above)).toEqual([]);
    expect(patchedCandidates('not a range ((', above)).toEqual([]);
  });
});
