// The certification service over loopback: requests per second and p50/p99 latency for reading a
// ConnectorStaged (GET /connectors/drafts/{id}) and for an update action (POST setName with the
// current version), each with 50 concurrent keep-alive clients, on SQLite, against the targets
// ≥ 1,000 reads/s and p99 < 50 ms.
//
// The server runs in a child process (this file with `--child serve <dataDir>`), so the load
// generator does not steal its CPU; the child prints its port, a token and the connector ids.
// Run: `node bench/run.js service` (needs dist/, i.e. `npm run build`; $CONNECT_CERTIFY_DIST overrides).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CONCURRENT_CLIENTS = 50;
/** Each phase runs this long after a warm-up of WARMUP_MS. */
export const PHASE_MS = 5_000;
export const WARMUP_MS = 1_000;
export const TARGET_READS_PER_SECOND = 1_000;
export const TARGET_P99_MS = 50;

const here = fileURLToPath(import.meta.url);
const distDir = process.env.CONNECT_CERTIFY_DIST ?? path.resolve(path.dirname(here), '..', 'dist');

export default {
  name: 'service',
  description: `ConnectorStaged read and update over loopback, ${CONCURRENT_CLIENTS} concurrent clients, SQLite`,
  run: (options) => run(options),
};

export async function run({ progress = () => {} } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'connect-certify-service-bench-'));
  const child = spawn(process.execPath, [here, '--child', 'serve', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const setup = await firstJsonLine(child);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT_CLIENTS });
    const base = { host: '127.0.0.1', port: setup.port, agent, headers: { authorization: `Bearer ${setup.token}` } };

    progress('reads: warming up');
    await phase(WARMUP_MS, (i) => () => get(base, `/connectors/drafts/${setup.ids[i]}`));
    progress(`reads: ${PHASE_MS / 1000} s with ${CONCURRENT_CLIENTS} clients`);
    const reads = await phase(PHASE_MS, (i) => () => get(base, `/connectors/drafts/${setup.ids[i]}`));

    // One connector per client, so an update's version is always current (no 409s in the numbers).
    const versions = setup.ids.map(() => 1);
    let counter = 0;
    const updateOf = (i) => async () => {
      const status = await post(base, `/connectors/drafts/${setup.ids[i]}`, { version: versions[i], actions: [{ action: 'setName', name: `bench ${counter++}` }] });
      if (status === 200) versions[i]++;
      return status;
    };
    progress('updates: warming up');
    await phase(WARMUP_MS, updateOf);
    progress(`updates: ${PHASE_MS / 1000} s with ${CONCURRENT_CLIENTS} clients`);
    const updates = await phase(PHASE_MS, updateOf);
    agent.destroy();

    const ms = (value) => `${value.toFixed(1)} ms`;
    return [
      { metric: 'read: requests/s', value: Math.round(reads.rps), target: `≥ ${TARGET_READS_PER_SECOND}`, ratio: TARGET_READS_PER_SECOND / reads.rps, note: `${reads.count} requests, ${reads.errors} non-200` },
      { metric: 'read: p50 latency', value: ms(reads.p50) },
      { metric: 'read: p99 latency', value: ms(reads.p99), target: `< ${TARGET_P99_MS} ms`, ratio: reads.p99 / TARGET_P99_MS },
      { metric: 'update: requests/s', value: Math.round(updates.rps), note: `${updates.count} requests, ${updates.errors} non-200` },
      { metric: 'update: p50 latency', value: ms(updates.p50) },
      { metric: 'update: p99 latency', value: ms(updates.p99), target: `< ${TARGET_P99_MS} ms`, ratio: updates.p99 / TARGET_P99_MS },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs CONCURRENT_CLIENTS loops of `makeRequest(i)()` for `durationMs`; latencies in ms. */
async function phase(durationMs, makeRequest) {
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: CONCURRENT_CLIENTS }, async (_, i) => {
      const request = makeRequest(i);
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await request();
        latencies.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { count: latencies.length, errors, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

function send(base, method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      { ...base, method, path: urlPath, headers: { ...base.headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
const get = (base, urlPath) => send(base, 'GET', urlPath);
const post = (base, urlPath, body) => send(base, 'POST', urlPath, body);

function firstJsonLine(child) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('close', (code) => reject(new Error(`service child exited with ${code} before it was ready`)));
  });
}

// --- child: the server -------------------------------------------------------------------------

async function serveChild(dataDir) {
  const { createStore } = await import(pathToFileURL(path.join(distDir, 'store', 'index.js')).href);
  const { buildServer } = await import(pathToFileURL(path.join(distDir, 'service', 'server.js')).href);
  const store = await createStore({ dataDir });
  const client = await store.clients.create({ name: 'bench', scopes: ['manage_connectors:bench'] });
  const { token } = await store.tokens.issue({ clientId: client.id, scopes: client.scopes, ttlSeconds: 3_600 });
  const ids = [];
  const at = new Date().toISOString();
  for (let i = 0; i < CONCURRENT_CLIENTS; i++) {
    const id = crypto.randomUUID();
    ids.push(id);
    await store.connectors.insertStaged({
      projectKey: 'bench',
      lifecycle: { published: false, certified: false },
      connector: {
        id, key: `bench-${i}`, version: 1, name: `Bench ${i}`, description: 'A connector for the service benchmark',
        integrationTypes: ['other'], creator: { email: 'bench@example.com', company: 'Bench Ltd' },
        repository: { url: 'https://github.com/example/bench.git', tag: 'v1.0.0' },
        configurations: [{ applicationName: 'service', applicationType: 'service', standardConfiguration: [{ key: 'A', description: 'a', required: false, default: '1' }], securedConfiguration: [] }],
        private: true, privateProjects: [], supportedRegions: [], status: 'Draft', alreadyListed: false, hasChanges: false,
        isPreviewable: 'none', createdAt: at, lastModifiedAt: at,
      },
    });
  }
  const app = await buildServer({ store, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ port: app.server.address().port, token, ids })}\n`);
  process.once('SIGTERM', async () => {
    await app.close();
    await store.close();
    process.exit(0);
  });
}

if (process.argv[2] === '--child' && process.argv[3] === 'serve') {
  await serveChild(process.argv[4]);
}
