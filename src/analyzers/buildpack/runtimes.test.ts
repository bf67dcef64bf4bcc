import { describe, expect, it } from 'vitest';
import { analyseNodeRange, isEndOfLife, majorsAdmitted, nodeMajorInfo, parseEnginesRange, parseNvmrc, SUPPORTED_NODE_MAJORS } from './runtimes.js';

const NOW = new Date('2026-11-27T00:00:00Z');

describe('supported runtimes', () => {
  it('lists the Node.js majors Connect runs, with end-of-life dates from node-releases', () => {
    expect(SUPPORTED_NODE_MAJORS).toEqual([22, 24]);
    expect(nodeMajorInfo(22)?.end).toBe('2027-04-30');
    expect(isEndOfLife(20, NOW)).toBe(true);
    expect(isEndOfLife(22, NOW)).toBe(false);
  });
});

describe('engines.node ranges', () => {
  it('accepts Masterminds-style comma ranges and rejects nonsense', () => {
    expect(parseEnginesRange('>=22, <25')).toEqual({ ok: true, range: '>=22 <25' });
    expect(parseEnginesRange('node 22')).toMatchObject({ ok: false });
    expect(parseEnginesRange('  ')).toMatchObject({ ok: false });
  });

  it('finds the majors a range admits', () => {
    expect(majorsAdmitted('>=18.0.0 <=20.9.0', [18, 20, 22, 24])).toEqual([18, 20]);
    expect(majorsAdmitted('22.x || 24.x', [20, 22, 24])).toEqual([22, 24]);
    expect(majorsAdmitted('=20.8.0', [20, 22])).toEqual([20]);
    expect(majorsAdmitted('*', [22, 24])).toEqual([22, 24]);
  });

  it('separates supported, end-of-life LTS and newer-than-supported majors', () => {
    const mollie = analyseNodeRange('>=18.0.0 <=20.9.0', NOW);
    expect(mollie.supported).toEqual([]);
    expect(mollie.endOfLife.map((m) => m.major)).toEqual([18, 20]);
    const open = analyseNodeRange('>=20', NOW);
    expect(open.supported).toEqual([22, 24]);
    expect(open.endOfLife.map((m) => m.major)).toEqual([20]);
    expect(open.newerThanSupported).toEqual([25, 26]);
    const bounded = analyseNodeRange('22.x || 24.x', NOW);
    expect(bounded).toEqual({ supported: [22, 24], endOfLife: [], newerThanSupported: [] });
  });
});

describe('.nvmrc', () => {
  it.each([
    ['v20.9.0\n', 20],
    ['22', 22],
    ['24.x', 24],
    ['lts/iron', 20],
    ['lts/jod', 22],
    ['lts/*', 26], // 26 became LTS on 2026-10-28
  ])('reads %j as major %i', (text, major) => {
    expect(parseNvmrc(text, NOW)).toMatchObject({ kind: 'major', major });
  });

  it('keeps aliases and garbage apart', () => {
    expect(parseNvmrc('node', NOW).kind).toBe('alias');
    expect(parseNvmrc('lts/nonsense', NOW).kind).toBe('invalid');
    expect(parseNvmrc('', NOW).kind).toBe('invalid');
  });
});
