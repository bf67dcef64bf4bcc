// For tests: a real npm-registry-shaped HTTP server on 127.0.0.1 (node:http) answering
// `GET /{name}/{version}` with per-version manifests: the real ones in fixtures/manifests/ plus any
// a test adds. Everything else is 404, as the registry answers for unknown packages and versions.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const MANIFESTS = fileURLToPath(new URL('./fixtures/manifests/', import.meta.url));

export interface LoopbackRegistry {
  url: string;
  /** Request paths in arrival order. */
  requests: string[];
  /** Most requests in flight at once. */
  maxInFlight: () => number;
  /** Forgets the requests and the in-flight maximum seen so far. */
  reset: () => void;
  close: () => Promise<void>;
}

/** The real manifests of fixtures/manifests/, keyed `name@version`. */
export function fixtureManifests(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const file of readdirSync(MANIFESTS)) {
    if (!file.endsWith('.json')) continue;
    const manifest = JSON.parse(readFileSync(MANIFESTS + file, 'utf8')) as Record<string, unknown>;
    out.set(`${String(manifest.name)}@${String(manifest.version)}`, manifest);
  }
  return out;
}

export async function startLoopbackRegistry(extra: Record<string, unknown>[] = [], options: { delayMs?: number } = {}): Promise<LoopbackRegistry> {
  const manifests = fixtureManifests();
  for (const m of extra) manifests.set(`${String(m.name)}@${String(m.version)}`, m);
  const requests: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    requests.push(req.url ?? '');
    setTimeout(() => {
      inFlight--;
      const path = decodeURIComponent((req.url ?? '/').slice(1));
      const slash = path.lastIndexOf('/');
      const manifest = slash > 0 ? manifests.get(`${path.slice(0, slash)}@${path.slice(slash + 1)}`) : undefined;
      if (!manifest) {
        res.statusCode = 404;
        return res.end();
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(manifest));
    }, options.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    maxInFlight: () => maxInFlight,
    reset: () => {
      requests.length = 0;
      maxInFlight = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
