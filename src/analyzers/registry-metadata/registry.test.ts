import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileName, mapWithConcurrency } from './http.js';
import { ABBREVIATED_MAX_AGE_MS, libyearsBetween, reduceManifest, RegistryClient } from './index.js';
import { startLoopbackRegistry, type LoopbackRegistry } from './loopback-registry.js';

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'connect-certify-registry-'));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const PACKUMENTS: Record<string, Record<string, unknown>> = {
  request: {
    name: 'request',
    modified: '2024-01-01T00:00:00Z',
    'dist-tags': { latest: '2.88.2' },
    versions: { '2.88.0': { deprecated: 'request has been deprecated' }, '2.88.2': { deprecated: 'request has been deprecated' }, '2.87.0': {} },
    time: { '2.88.0': '2018-08-10T00:00:00Z', '2.88.2': '2020-02-11T00:00:00Z' },
  },
  '@commercetools/platform-sdk': {
    name: '@commercetools/platform-sdk',
    modified: '2025-01-01T00:00:00Z',
    'dist-tags': { latest: '8.1.0' },
    versions: { '4.0.0': {}, '8.1.0': { deprecated: '' } },
    time: { '4.0.0': '2022-06-01T00:00:00Z', '8.1.0': '2025-01-01T00:00:00Z' },
  },
};

describe('RegistryClient (loopback registry)', () => {
  let server: Server;
  let registryUrl: string;
  const requests: { url: string; accept?: string; ifNoneMatch?: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      requests.push({ url: req.url ?? '', accept: req.headers.accept, ifNoneMatch: req.headers['if-none-match'] as string | undefined });
      setTimeout(() => {
        inFlight--;
        const name = decodeURIComponent((req.url ?? '/').slice(1));
        const doc = PACKUMENTS[name];
        if (!doc) {
          res.statusCode = 404;
          return res.end('{"error":"Not found"}');
        }
        const etag = `"${name}-v1"`;
        if (req.headers['if-none-match'] === etag) {
          res.statusCode = 304;
          return res.end();
        }
        res.setHeader('etag', etag);
        res.setHeader('content-type', 'application/json');
        const abbreviated = (req.headers.accept ?? '').includes('vnd.npm.install-v1');
        const { time, ...rest } = doc;
        res.end(JSON.stringify(abbreviated ? rest : { ...rest, time }));
      }, 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches abbreviated packuments, scoped names escaped, 404 as not found', async () => {
    requests.length = 0;
    const client = new RegistryClient({ registryUrl });
    const result = await client.metadata(['request', '@commercetools/platform-sdk', 'no-such-package']);
    expect(result.notFound).toEqual(['no-such-package']);
    expect(result.missing).toEqual([]);
    expect(result.found.get('request')).toEqual({
      name: 'request',
      distTags: { latest: '2.88.2' },
      deprecated: { '2.88.0': 'request has been deprecated', '2.88.2': 'request has been deprecated' },
      versions: ['2.88.0', '2.88.2', '2.87.0'],
      modified: '2024-01-01T00:00:00Z',
    });
    // An empty deprecation message means "not deprecated".
    expect(result.found.get('@commercetools/platform-sdk')!.deprecated).toEqual({});
    expect(requests.map((r) => r.url).sort()).toEqual(['/@commercetools%2Fplatform-sdk', '/no-such-package', '/request']);
    expect(requests.every((r) => r.accept?.startsWith('application/vnd.npm.install-v1+json'))).toBe(true);
  });

  it('keeps at most the configured number of requests in flight', async () => {
    maxInFlight = 0;
    const client = new RegistryClient({ registryUrl, concurrency: 2 });
    await client.metadata(Array.from({ length: 10 }, (_, i) => `pkg-${i}`));
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });

  it('caches on disk: fresh entries without a request, stale ones revalidated by ETag, offline from cache only', async () => {
    const cacheDir = tempDir();
    let now = Date.parse('2025-03-01T00:00:00Z');
    const clock = () => now;
    await new RegistryClient({ registryUrl, cacheDir, now: clock }).metadata(['request']);
    expect(readdirSync(path.join(cacheDir, 'registry', 'abbreviated'))).toEqual([cacheFileName('request')]);

    requests.length = 0;
    const fresh = await new RegistryClient({ registryUrl, cacheDir, now: clock }).metadata(['request']);
    expect(fresh.stats).toEqual({ fetched: 0, fromCache: 1, revalidated: 0 });
    expect(requests).toHaveLength(0);

    now += ABBREVIATED_MAX_AGE_MS + 1;
    const stale = await new RegistryClient({ registryUrl, cacheDir, now: clock }).metadata(['request']);
    expect(stale.stats).toEqual({ fetched: 0, fromCache: 0, revalidated: 1 });
    expect(requests[0]!.ifNoneMatch).toBe('"request-v1"');

    requests.length = 0;
    now += 10 * ABBREVIATED_MAX_AGE_MS;
    const offline = await new RegistryClient({ registryUrl, cacheDir, offline: true, now: clock }).metadata(['request', 'express']);
    expect(offline.found.has('request')).toBe(true);
    expect(offline.missing).toEqual(['express']);
    expect(requests).toHaveLength(0);
  });

  it('publish times come from the full packument and give libyears', async () => {
    const client = new RegistryClient({ registryUrl });
    const times = await client.publishTimes(['request']);
    const request = times.found.get('request')!;
    expect(request.time['2.88.0']).toBe('2018-08-10T00:00:00Z');
    expect(libyearsBetween(request, '2.88.0', '2.88.2')).toBeCloseTo(1.5, 1);
    expect(libyearsBetween(request, '2.87.0', '2.88.2')).toBeUndefined();
  });

  it('an unreachable registry leaves the data missing with a problem', async () => {
    const client = new RegistryClient({ registryUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    const result = await client.metadata(['request']);
    expect(result.missing).toEqual(['request']);
    expect(result.problems[0]).toMatch(/^request: /);
  });
});

describe('RegistryClient.manifests (loopback registry serving real manifests)', () => {
  let registry: LoopbackRegistry;
  beforeAll(async () => {
    registry = await startLoopbackRegistry([], { delayMs: 5 });
  });
  afterAll(() => registry.close());

  it('fetches each version’s manifest at {registry}/{name}/{version}, keyed name@version, licence fields only', async () => {
    registry.reset();
    const client = new RegistryClient({ registryUrl: registry.url });
    const result = await client.manifests([
      { name: 'debug', version: '2.6.9' },
      { name: '@types/node', version: '20.0.0' },
      { name: 'json-schema', version: '0.2.3' },
      { name: 'indexof', version: '0.0.1' },
      { name: 'debug', version: '99.0.0' },
      { name: 'debug', version: '2.6.9' },
    ]);
    expect(registry.requests.sort()).toEqual(['/@types%2Fnode/20.0.0', '/debug/2.6.9', '/debug/99.0.0', '/indexof/0.0.1', '/json-schema/0.2.3'].sort());
    expect(result.found.get('debug@2.6.9')).toEqual({ name: 'debug', version: '2.6.9', license: 'MIT' });
    expect(result.found.get('@types/node@20.0.0')).toEqual({ name: '@types/node', version: '20.0.0', license: 'MIT' });
    expect(result.found.get('json-schema@0.2.3')!.licenses).toEqual([
      { type: 'AFLv2.1', url: 'http://trac.dojotoolkit.org/browser/dojo/trunk/LICENSE#L43' },
      { type: 'BSD', url: 'http://trac.dojotoolkit.org/browser/dojo/trunk/LICENSE#L13' },
    ]);
    // A manifest without any licence field is data too: the package declares none.
    expect(result.found.get('indexof@0.0.1')).toEqual({ name: 'indexof', version: '0.0.1' });
    expect(result.notFound).toEqual(['debug@99.0.0']);
    expect(result.stats.fetched).toBe(5);
  });

  it('keeps at most the configured number of requests in flight', async () => {
    registry.reset();
    const client = new RegistryClient({ registryUrl: registry.url, concurrency: 2 });
    await client.manifests(Array.from({ length: 12 }, (_, i) => ({ name: 'debug', version: `2.6.${i}` })));
    expect(registry.maxInFlight()).toBeLessThanOrEqual(2);
  });

  it('caches manifests for good (a published version never changes); offline reads only the cache', async () => {
    const cacheDir = tempDir();
    let now = Date.parse('2025-03-01T00:00:00Z');
    await new RegistryClient({ registryUrl: registry.url, cacheDir, now: () => now }).manifests([
      { name: 'ms', version: '2.0.0' },
      { name: 'private-lib', version: '1.0.0' },
    ]);
    expect(readdirSync(path.join(cacheDir, 'registry', 'manifest')).sort()).toEqual([cacheFileName('ms@2.0.0'), cacheFileName('private-lib@1.0.0')].sort());
    registry.reset();
    now += 365 * ABBREVIATED_MAX_AGE_MS;
    const later = await new RegistryClient({ registryUrl: registry.url, cacheDir, now: () => now }).manifests([{ name: 'ms', version: '2.0.0' }]);
    expect(later.stats).toEqual({ fetched: 0, fromCache: 1, revalidated: 0 });
    expect(registry.requests).toEqual([]);
    const offline = await new RegistryClient({ registryUrl: registry.url, cacheDir, offline: true }).manifests([
      { name: 'ms', version: '2.0.0' },
      { name: 'debug', version: '2.6.9' },
      { name: 'private-lib', version: '1.0.0' },
    ]);
    expect(offline.found.get('ms@2.0.0')).toEqual({ name: 'ms', version: '2.0.0', license: 'MIT' });
    expect(offline.missing).toEqual(['debug@2.6.9']);
    // The registry's 404 is remembered too (offline at any age; online for a day, then asked again).
    expect(offline.notFound).toEqual(['private-lib@1.0.0']);
    expect(registry.requests).toEqual([]);
    await new RegistryClient({ registryUrl: registry.url, cacheDir, now: () => now }).manifests([{ name: 'private-lib', version: '1.0.0' }]);
    expect(registry.requests).toEqual(['/private-lib/1.0.0']);
  });

  it('refuses a document that is not the asked version’s manifest', () => {
    expect(reduceManifest('ms', '2.0.0', { name: 'ms', version: '2.1.3', license: 'MIT' })).toBeUndefined();
    expect(reduceManifest('ms', '2.0.0', { name: 'other', version: '2.0.0' })).toBeUndefined();
    expect(reduceManifest('ms', '2.0.0', { 'dist-tags': { latest: '2.1.3' } })).toBeUndefined();
    expect(reduceManifest('ms', '2.0.0', { name: 'ms', version: '2.0.0', license: { type: 'MIT' } })).toEqual({ name: 'ms', version: '2.0.0', license: { type: 'MIT' } });
  });
});

describe('helpers', () => {
  it('mapWithConcurrency keeps order', async () => {
    const out = await mapWithConcurrency([3, 1, 2], 2, async (n) => {
      await new Promise((r) => setTimeout(r, n));
      return n * 10;
    });
    expect(out).toEqual([30, 10, 20]);
  });

  it('cache file names are distinct for names differing only in case', () => {
    expect(cacheFileName('JSONStream')).not.toBe(cacheFileName('jsonstream'));
    expect(cacheFileName('@scope/name')).toMatch(/^_40scope_2fname-[0-9a-f]{10}\.json$/);
  });
});
