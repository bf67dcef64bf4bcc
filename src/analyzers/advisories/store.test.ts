import { describe, expect, it } from 'vitest';
import { AdvisoryStore } from './store.js';

function osv(id: string, name: string, events: Record<string, string>[], extra: Record<string, unknown> = {}) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    summary: `${id} summary`,
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events }] }],
    ...extra,
  };
}

const HIGH = { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }] };
const MEDIUM = { database_specific: { severity: 'MODERATE' } };

describe('AdvisoryStore', () => {
  it('indexes by exact npm package name and answers many packages at once', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'test' }, [
      osv('GHSA-aaaa-aaaa-aaaa', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], HIGH),
      osv('GHSA-bbbb-bbbb-bbbb', 'JSONStream', [{ introduced: '0' }, { fixed: '1.3.5' }], MEDIUM),
    ]);
    const result = store.affected([
      { name: 'lodash', version: '4.17.20' },
      { name: 'lodash', version: '4.17.21' },
      { name: 'jsonstream', version: '1.0.0' }, // names are case-sensitive
      { name: 'JSONStream', version: '1.3.4' },
      { name: 'lodash', version: 'github:lodash/lodash' }, // not orderable: never matches
    ]);
    expect([...result.keys()]).toEqual(['lodash@4.17.20', 'JSONStream@1.3.4']);
    const [match] = result.get('lodash@4.17.20')!;
    expect(match).toMatchObject({ fixedIn: '4.17.21', affectedRanges: '<4.17.21', matchedRecords: ['GHSA-aaaa-aaaa-aaaa'] });
    expect(match!.vulnerability.severity).toMatchObject({ severity: 'high', score: 7.5 });
    expect(store.packageNames().sort()).toEqual(['JSONStream', 'lodash']);
  });

  it('merges aliases across sources into one vulnerability, displayed by its GHSA id', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'nswg', kind: 'memory', location: 'nswg' }, [
      osv('x_NSWG-ECO-1', 'ws', [{ introduced: '0' }, { fixed: '5.2.4' }], { aliases: ['CVE-2024-37890'], ...MEDIUM }),
    ]);
    store.replaceSource({ id: 'retire', kind: 'memory', location: 'retire' }, [
      osv('x_RETIREJS-ws-1', 'ws', [{ introduced: '0' }, { fixed: '5.2.4' }], { aliases: ['CVE-2024-37890', 'GHSA-3h5v-q93c-6h6q'], ...HIGH }),
    ]);
    store.replaceSource({ id: 'ghsa', kind: 'memory', location: 'ghsa' }, [
      osv('GHSA-3h5v-q93c-6h6q', 'ws', [{ introduced: '2.1.0' }, { fixed: '5.2.4' }], { aliases: ['CVE-2024-37890'] }),
    ]);
    const matches = store.matchesFor({ name: 'ws', version: '5.0.0' });
    expect(matches).toHaveLength(1);
    const vulnerability = matches[0]!.vulnerability;
    expect(vulnerability.id).toBe('GHSA-3h5v-q93c-6h6q');
    expect(vulnerability.ids).toEqual(['GHSA-3h5v-q93c-6h6q', 'CVE-2024-37890', 'x_NSWG-ECO-1', 'x_RETIREJS-ws-1']);
    expect(vulnerability.severity.severity).toBe('high'); // the most severe rating among the records
    expect(matches[0]!.matchedRecords).toEqual(['GHSA-3h5v-q93c-6h6q', 'x_NSWG-ECO-1', 'x_RETIREJS-ws-1']);
    expect(store.size).toBe(1);
    expect(store.recordCount).toBe(3);
    expect(store.vulnerability('CVE-2024-37890')?.ids).toEqual(vulnerability.ids);
    expect(store.vulnerability('x_NSWG-ECO-1')?.id).toBe('GHSA-3h5v-q93c-6h6q');
    // GHSA-3h5v starts at 2.1.0: below it only the other two records match, under the GHSA id they list.
    const older = store.matchesFor({ name: 'ws', version: '1.0.0' });
    expect(older.map((m) => [m.vulnerability.id, m.matchedRecords])).toEqual([['GHSA-3h5v-q93c-6h6q', ['x_NSWG-ECO-1', 'x_RETIREJS-ws-1']]]);
  });

  it('groups only the records that match the version: a bundled entry does not borrow a fixed sibling’s id', () => {
    // RetireJS lists a vulnerability and the CVE of its incomplete fix in one entry.
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('GHSA-35jh-r3h4-6jhm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { aliases: ['CVE-2021-23337'], summary: 'Command Injection in lodash' }),
      osv('x_RETIREJS-lodash-10', 'lodash', [{ introduced: '4.0.0' }, { fixed: '4.18.0' }], {
        aliases: ['CVE-2021-23337', 'CVE-2026-4800', 'GHSA-r5fr-rjxr-66jc'],
        summary: 'Lodash _.template is vulnerable to code injection',
      }),
    ]);
    const fixedOnce = store.matchesFor({ name: 'lodash', version: '4.17.21' });
    expect(fixedOnce.map((m) => [m.vulnerability.id, m.vulnerability.summary, m.fixedIn])).toEqual([['GHSA-r5fr-rjxr-66jc', 'Lodash _.template is vulnerable to code injection', '4.18.0']]);
    // Where both match they are one finding (shared CVE), fixed where neither applies any more.
    const both = store.matchesFor({ name: 'lodash', version: '4.17.20' });
    expect(both).toHaveLength(1);
    expect(both[0]).toMatchObject({ fixedIn: '4.18.0', matchedRecords: ['GHSA-35jh-r3h4-6jhm', 'x_RETIREJS-lodash-10'] });
    expect(both[0]!.vulnerability.id).toBe('GHSA-35jh-r3h4-6jhm');
    // Store-wide, the alias chain is one group.
    expect(store.size).toBe(1);
  });

  it('without a GHSA id the CVE id is displayed', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [osv('x_NSWG-ECO-7', 'qs', [{ introduced: '0' }, { fixed: '1.0.0' }], { aliases: ['CVE-2014-7191'] })]);
    expect(store.matchesFor({ name: 'qs', version: '0.6.0' })[0]!.vulnerability.id).toBe('CVE-2014-7191');
  });

  it('skips withdrawn records and records of other ecosystems, counting them', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('GHSA-wwww-wwww-wwww', 'left-pad', [{ introduced: '0' }], { withdrawn: '2024-02-01T00:00:00Z' }),
      { id: 'PYSEC-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'left-pad' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }] },
      'not an object',
      { affected: [] },
    ]);
    expect(store.matchesFor({ name: 'left-pad', version: '1.0.0' })).toEqual([]);
    expect(store.sources()[0]!.skipped).toEqual({ withdrawn: 1, notNpm: 1, invalid: 2 });
  });

  it('the fix is the smallest version no record of the vulnerability still marks affected', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('GHSA-1111-1111-1111', 'pkg', [{ introduced: '0' }, { fixed: '2.1.7' }], { aliases: ['CVE-1'] }),
      osv('x_OTHER-1', 'pkg', [{ introduced: '0' }, { fixed: '2.1.8' }], { aliases: ['CVE-1'] }),
    ]);
    expect(store.matchesFor({ name: 'pkg', version: '2.1.0' })[0]!.fixedIn).toBe('2.1.8');
  });

  it('a later interval with its own fix: the fix of the installed line is offered', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('GHSA-2222-2222-2222', 'ws', [{ introduced: '2.1.0' }, { fixed: '5.2.4' }, { introduced: '6.0.0' }, { fixed: '6.2.3' }]),
    ]);
    expect(store.matchesFor({ name: 'ws', version: '6.1.0' })[0]!.fixedIn).toBe('6.2.3');
    expect(store.matchesFor({ name: 'ws', version: '3.0.0' })[0]!.fixedIn).toBe('5.2.4');
  });

  it('last_affected without a fix: no fixed version unless the source published patched_versions', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('x_A-1', 'bassmaster', [{ introduced: '0' }, { last_affected: '1.5.1' }], { database_specific: { patched_versions: '>=1.5.2' } }),
      osv('x_A-2', 'other', [{ introduced: '0' }, { last_affected: '1.5.1' }]),
      osv('x_A-3', 'unfixed', [{ introduced: '0' }]),
    ]);
    expect(store.matchesFor({ name: 'bassmaster', version: '1.5.0' })[0]).toMatchObject({ fixedIn: '1.5.2', lastAffected: '1.5.1' });
    const other = store.matchesFor({ name: 'other', version: '1.0.0' })[0]!;
    expect(other.fixedIn).toBeUndefined();
    expect(other.lastAffected).toBe('1.5.1');
    expect(store.matchesFor({ name: 'unfixed', version: '9.9.9' })[0]!.fixedIn).toBeUndefined();
  });

  it('orders matches most severe first', () => {
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('GHSA-mmmm-mmmm-mmmm', 'pkg', [{ introduced: '0' }], MEDIUM),
      osv('GHSA-hhhh-hhhh-hhhh', 'pkg', [{ introduced: '0' }], HIGH),
    ]);
    expect(store.matchesFor({ name: 'pkg', version: '1.0.0' }).map((m) => m.vulnerability.id)).toEqual(['GHSA-hhhh-hhhh-hhhh', 'GHSA-mmmm-mmmm-mmmm']);
  });

  it('sync reports added, updated and removed records and keeps timestamps', () => {
    const store = new AdvisoryStore();
    expect(store.loadedAt).toBeNull();
    const first = store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('GHSA-1', 'p', [{ introduced: '0' }]),
      osv('GHSA-2', 'p', [{ introduced: '0' }]),
    ]);
    expect(first).toEqual({ source: 'a', added: ['GHSA-1', 'GHSA-2'], updated: [], removed: [] });
    expect(store.loadedAt).toBeInstanceOf(Date);
    expect(store.sources()[0]!.modified).toBe('2024-01-01T00:00:00Z');
    expect(store.matchesFor({ name: 'p', version: '1.0.0' })).toHaveLength(2);
    const second = store.replaceSource({ id: 'a', kind: 'memory', location: 'a' }, [
      osv('GHSA-2', 'p', [{ introduced: '0' }], { modified: '2024-06-01T00:00:00Z' }),
      osv('GHSA-3', 'p', [{ introduced: '0' }]),
    ]);
    expect(second).toEqual({ source: 'a', added: ['GHSA-3'], updated: ['GHSA-2'], removed: ['GHSA-1'] });
    expect(store.sources()[0]!.modified).toBe('2024-06-01T00:00:00Z');
    // The match cache is dropped on change.
    expect(store.matchesFor({ name: 'p', version: '1.0.0' }).map((m) => m.vulnerability.id)).toEqual(['GHSA-2', 'GHSA-3']);
    // Merging keeps what is not mentioned and removes what is now withdrawn.
    const merged = store.mergeIntoSource({ id: 'a', kind: 'memory', location: 'a' }, [osv('GHSA-3', 'p', [{ introduced: '0' }], { withdrawn: '2024-07-01T00:00:00Z' })]);
    expect(merged).toEqual({ source: 'a', added: [], updated: [], removed: ['GHSA-3'] });
    expect(store.removeSource('a').removed).toEqual(['GHSA-2']);
    expect(store.matchesFor({ name: 'p', version: '1.0.0' })).toEqual([]);
  });
});
