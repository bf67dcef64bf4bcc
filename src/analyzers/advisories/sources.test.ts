import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisoryStore, loadAdvisoryData, loadLocalAdvisories, NO_ADVISORY_DATA, OsvApiSource, syncLocalSource, vulnerabilitiesFor } from './index.js';

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'connect-certify-advisories-'));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function osv(id: string, name: string, fixed: string, extra: Record<string, unknown> = {}) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    summary: `${id}`,
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
    ...extra,
  };
}

/** A minimal zip writer (deflate, no zip64): enough for osv-scanner-style fixtures. */
function writeZip(file: string, entries: Record<string, string>): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const compressed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([...locals, centralDirectory, end]));
}

describe('local advisory sources', () => {
  it('reads a folder recursively, reporting unreadable files', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'a/b'), { recursive: true });
    writeFileSync(path.join(dir, 'a/GHSA-1.json'), JSON.stringify(osv('GHSA-1', 'minimist', '1.2.6')));
    writeFileSync(path.join(dir, 'a/b/GHSA-2.json'), JSON.stringify(osv('GHSA-2', 'qs', '6.10.3')));
    writeFileSync(path.join(dir, 'a/broken.json'), '{ nope');
    writeFileSync(path.join(dir, 'README.md'), '# not json');
    const local = await loadLocalAdvisories(dir);
    expect(local.kind).toBe('directory');
    expect(local.raws).toHaveLength(2);
    expect(local.problems[0]).toMatch(/broken\.json/);
  });

  it('reads an osv-scanner offline zip (npm/all.zip), given directly or inside the folder', async () => {
    const dir = tempDir();
    const zip = path.join(dir, 'osv-scanner/npm/all.zip');
    writeZip(zip, {
      'GHSA-1.json': JSON.stringify(osv('GHSA-1', 'minimist', '1.2.6')),
      'GHSA-2.json': JSON.stringify(osv('GHSA-2', 'qs', '6.10.3', { withdrawn: '2024-02-01T00:00:00Z' })),
      'notes.txt': 'ignored',
      'bad.json': '{',
    });
    const direct = await loadLocalAdvisories(zip);
    expect(direct.kind).toBe('zip');
    expect(direct.raws).toHaveLength(2);
    expect(direct.problems.some((p) => p.includes('bad.json'))).toBe(true);

    const store = new AdvisoryStore();
    const delta = await syncLocalSource(store, dir);
    expect(delta.added).toEqual(['GHSA-1']);
    expect(store.sources()[0]).toMatchObject({ kind: 'directory', records: 1, skipped: { withdrawn: 1, notNpm: 0, invalid: 0 } });
    expect(store.matchesFor({ name: 'minimist', version: '1.2.5' })).toHaveLength(1);
  });

  it('a file that is not a zip is a problem, not a crash', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'all.zip'), 'not a zip');
    const local = await loadLocalAdvisories(path.join(dir, 'all.zip'));
    expect(local.raws).toEqual([]);
    expect(local.problems[0]).toMatch(/not a readable zip/);
  });
});

describe('loadAdvisoryData (engine settings)', () => {
  it('offline without a path: no data, with the reason the check shows', async () => {
    expect(await loadAdvisoryData({ offline: true })).toEqual({ available: false, reason: NO_ADVISORY_DATA });
  });

  it('offline with a missing path says so', async () => {
    const result = await loadAdvisoryData({ offline: true, advisories: '/nonexistent/advisories' });
    expect(result.available).toBe(false);
    if (!result.available) expect(result.reason).toMatch(/cannot be read/);
  });

  it('offline with a folder: local data only', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'GHSA-1.json'), JSON.stringify(osv('GHSA-1', 'minimist', '1.2.6')));
    const result = await loadAdvisoryData({ offline: true, advisories: dir });
    expect(result.available).toBe(true);
    if (!result.available) return;
    expect(result.data.online).toBeUndefined();
    const lookup = await vulnerabilitiesFor(result.data, [{ name: 'minimist', version: '1.2.0' }]);
    expect(lookup.complete).toBe(true);
    expect([...lookup.matches.keys()]).toEqual(['minimist@1.2.0']);
  });
});

// A loopback OSV API: querybatch answers from a fixed table (with paging), vulns/{id} serves records.
describe('OSV API source (loopback server)', () => {
  let server: Server;
  let baseUrl: string;
  const requests: string[] = [];
  const records: Record<string, ReturnType<typeof osv>> = {
    'GHSA-aaaa-aaaa-aaaa': osv('GHSA-aaaa-aaaa-aaaa', 'minimist', '1.2.6', { aliases: ['CVE-2021-44906'], modified: '2024-03-01T00:00:00Z' }),
    'GHSA-bbbb-bbbb-bbbb': osv('GHSA-bbbb-bbbb-bbbb', 'minimist', '1.2.3', { modified: '2024-03-01T00:00:00Z' }),
  };
  const modifiedOverride: Record<string, string> = {};

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push(`${req.method} ${req.url}`);
        if (req.method === 'POST' && req.url === '/v1/querybatch') {
          const { queries } = JSON.parse(body) as { queries: Array<{ package: { name: string }; version: string; page_token?: string }> };
          const results = queries.map((q) => {
            if (q.package.name !== 'minimist' || q.version === '1.2.6') return {};
            // Page 1 lists one vulnerability and a token; page 2 the other.
            if (!q.page_token) return { vulns: [{ id: 'GHSA-aaaa-aaaa-aaaa', modified: modifiedOverride['GHSA-aaaa-aaaa-aaaa'] ?? '2024-03-01T00:00:00Z' }], next_page_token: 'p2' };
            return q.version === '1.2.0' ? { vulns: [{ id: 'GHSA-bbbb-bbbb-bbbb', modified: '2024-03-01T00:00:00Z' }] } : {};
          });
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify({ results }));
        }
        const vuln = /^\/v1\/vulns\/(.+)$/.exec(req.url ?? '');
        if (req.method === 'GET' && vuln) {
          const record = records[decodeURIComponent(vuln[1]!)];
          if (!record) {
            res.statusCode = 404;
            return res.end('{}');
          }
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify({ ...record, modified: modifiedOverride[record.id] ?? record.modified }));
        }
        res.statusCode = 404;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('queries in batches, follows pages, fetches records and caches them on disk', async () => {
    const cacheDir = tempDir();
    requests.length = 0;
    const store = new AdvisoryStore();
    const source = new OsvApiSource({ baseUrl, cacheDir });
    const update = await source.update(store, [
      { name: 'minimist', version: '1.2.0' },
      { name: 'minimist', version: '1.2.6' },
      { name: 'express', version: '4.18.2' },
    ]);
    expect(update).toMatchObject({ ok: true, queried: 3, vulnerabilities: 2, fetched: 2, fromCache: 0 });
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(2); // page 1 + page 2
    const matches = store.matchesFor({ name: 'minimist', version: '1.2.0' });
    expect(matches.map((m) => m.vulnerability.id).sort()).toEqual(['GHSA-aaaa-aaaa-aaaa', 'GHSA-bbbb-bbbb-bbbb']);
    expect(store.sources()[0]).toMatchObject({ id: 'osv-api', kind: 'osv-api', location: baseUrl, modified: '2024-03-01T00:00:00Z' });

    // Already-asked versions are not sent again in the same run.
    const again = await source.update(store, [{ name: 'minimist', version: '1.2.0' }]);
    expect(again.queried).toBe(0);
    // A periodic re-scan asks again; unchanged records are neither refetched nor reported as changed.
    source.forgetQueries();
    const rescan = await source.update(store, [{ name: 'minimist', version: '1.2.0' }]);
    expect(rescan).toMatchObject({ queried: 1, fetched: 0, fromCache: 2, delta: { added: [], updated: [], removed: [] } });

    // A new run reuses the disk cache while `modified` is unchanged …
    requests.length = 0;
    const second = await new OsvApiSource({ baseUrl, cacheDir }).update(new AdvisoryStore(), [{ name: 'minimist', version: '1.2.0' }]);
    expect(second).toMatchObject({ fetched: 0, fromCache: 2 });
    expect(requests.every((r) => r.startsWith('POST'))).toBe(true);

    // … and refetches a record the API reports as modified since.
    modifiedOverride['GHSA-aaaa-aaaa-aaaa'] = '2024-09-01T00:00:00Z';
    const third = await new OsvApiSource({ baseUrl, cacheDir }).update(new AdvisoryStore(), [{ name: 'minimist', version: '1.2.0' }]);
    expect(third).toMatchObject({ fetched: 1, fromCache: 1 });
    delete modifiedOverride['GHSA-aaaa-aaaa-aaaa'];
  });

  it('an unreachable API is reported, not thrown', async () => {
    const store = new AdvisoryStore();
    const source = new OsvApiSource({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    const update = await source.update(store, [{ name: 'minimist', version: '1.2.0' }]);
    expect(update.ok).toBe(false);
    expect(update.problems[0]).toMatch(/OSV query batch to http:\/\/127\.0\.0\.1:9 failed/);
  });

  it('settings: online with a local folder uses both, merged by alias', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x.json'), JSON.stringify(osv('x_LOCAL-1', 'minimist', '1.2.6', { aliases: ['CVE-2021-44906'] })));
    const result = await loadAdvisoryData({ advisories: dir, osvApiUrl: baseUrl, cacheDir: tempDir() });
    expect(result.available).toBe(true);
    if (!result.available) return;
    const lookup = await vulnerabilitiesFor(result.data, [{ name: 'minimist', version: '1.2.5' }]);
    expect(lookup.complete).toBe(true);
    const ids = lookup.matches.get('minimist@1.2.5')!.map((m) => m.vulnerability.ids);
    expect(ids).toEqual([['GHSA-aaaa-aaaa-aaaa', 'CVE-2021-44906', 'x_LOCAL-1']]);
  });
});
