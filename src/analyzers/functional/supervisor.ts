// The start-and-probe supervisor. It runs INSIDE the sandbox, beside the application: with the
// network namespace reduced to loopback nothing outside could reach the application's port, and
// inside the PID namespace it sees exactly the application's processes. It starts the application
// with the buildpack's start command, waits for a listener on the port (read from /proc/net/tcp*, so
// the application is not disturbed by connection attempts and the bound address is known), probes
// it, samples its resident memory from /proc, probes the endpoint a second time, restarts the
// application and probes once more (the statelessness comparison), stops it, and writes one JSON
// result to file descriptor 3 — a channel the application's own processes do not inherit.
//
// It is plain JavaScript shipped as text (written into the sandbox's read-only helper folder), so it
// runs on the Node.js inside the sandbox without a build step; it uses no template literals so this
// file can hold it verbatim.
import type { ProbeRole, ProbeSpec } from './probes.js';

export interface SupervisorConfig {
  /** The start command, run with /bin/sh -c. */
  command: string;
  /** Working folder as the sandbox sees it. */
  cwd: string;
  port: number;
  /** True inside a PID + network namespace (bwrap); false on the host (--unsafe-no-sandbox). */
  namespace: boolean;
  startTimeoutMs: number;
  pollIntervalMs: number;
  /** Pause after the listener appears before memory is read and probes start. */
  settleMs: number;
  /** SIGTERM → SIGKILL grace when stopping the application. */
  stopGraceMs: number;
  sampleIntervalMs: number;
  probes: ProbeSpec[];
  /** Probe the endpoint again, restart, probe once more. */
  restart: boolean;
  maxBodyBytes: number;
}

export interface StartRecord {
  listening: boolean;
  startupMs?: number;
  /** Addresses the application listens on for the port ('0.0.0.0', '::', '127.0.0.1', '::1', …). */
  addresses: string[];
  /** Set when the start command's process ended before it was stopped. */
  exited?: { code: number | null; signal: string | null; beforeListening: boolean; afterMs: number };
  timedOut?: boolean;
  rssAfterStartBytes?: number;
  peakRssBytes: number;
}

export interface ProbeRecord {
  role: ProbeRole;
  method: string;
  path: string;
  /** 1: the first start; 2: after the restart. */
  instance: 1 | 2;
  /** The second identical probe of the same instance. */
  repeat?: boolean;
  status?: number;
  body?: string;
  contentType?: string;
  /** 'timeout', or the socket error code (ECONNRESET, ECONNREFUSED, …). */
  error?: string;
  durationMs: number;
  /** The application exited while or right after handling this probe. */
  appExited?: { code: number | null; signal: string | null };
}

export interface SupervisorResult {
  starts: StartRecord[];
  probes: ProbeRecord[];
  peakRssBytes: number;
  error?: string;
}

export const SUPERVISOR_SOURCE = String.raw`// connect-certify run-phase supervisor (generated; see src/analyzers/functional/supervisor.ts)
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const result = { starts: [], probes: [], peakRssBytes: 0 };
const note = (message) => process.stderr.write('[connect-certify] ' + message + '\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();
let current = null;

function numericProc() {
  try {
    return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
}

function parentOf(pid) {
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

// Inside the namespaces every process but the sandbox's init, this supervisor and its shell is the
// application's; on the host, the descendants of the application's shell.
function appPids() {
  const all = numericProc();
  if (config.namespace) return all.filter((p) => p !== 1 && p !== process.pid && p !== process.ppid);
  if (!current || current.child.pid === undefined) return [];
  const children = new Map();
  for (const pid of all) {
    const parent = parentOf(pid);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(pid);
  }
  const out = [];
  const queue = [current.child.pid];
  while (queue.length > 0) {
    const pid = queue.pop();
    if (out.includes(pid)) continue;
    out.push(pid);
    queue.push(...(children.get(pid) || []));
  }
  return out;
}

function rssOf(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/' + pid + '/status', 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // exited
    }
  }
  return kb * 1024;
}

const sampler = setInterval(() => {
  const rss = rssOf(appPids());
  if (rss > result.peakRssBytes) result.peakRssBytes = rss;
  if (current && rss > current.record.peakRssBytes) current.record.peakRssBytes = rss;
}, config.sampleIntervalMs);

function decodeAddress(hex, v6) {
  if (!v6) {
    const bytes = hex.match(/../g).map((b) => parseInt(b, 16)).reverse();
    return bytes.join('.');
  }
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return '::ffff:' + decodeAddress(hex.slice(24), false);
  return hex;
}

function listeners(port) {
  const found = [];
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]]) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== '0A') continue;
      const [addressHex, portHex] = fields[1].split(':');
      if (parseInt(portHex, 16) === port) found.push(decodeAddress(addressHex, v6));
    }
  }
  return [...new Set(found)];
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function startApp(instance) {
  note('starting (' + instance + '): ' + config.command);
  const child = spawn('/bin/sh', ['-c', config.command], { cwd: config.cwd, env: process.env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const state = { child, instance, startedAt: now(), exited: null, record: { listening: false, addresses: [], peakRssBytes: 0 } };
  child.on('exit', (code, signal) => {
    state.exited = { code, signal };
    if (!state.stopping) note('the start command exited (code ' + code + ', signal ' + signal + ')');
    if (!state.stopping) {
      state.record.exited = { code, signal, beforeListening: !state.record.listening, afterMs: Math.round(now() - state.startedAt) };
    }
  });
  child.on('error', (error) => {
    state.exited = { code: null, signal: null };
    state.record.exited = { code: null, signal: null, beforeListening: !state.record.listening, afterMs: 0 };
    note('could not run the start command: ' + error.message);
  });
  current = state;
  result.starts.push(state.record);
  return state;
}

async function waitForListener(state) {
  const deadline = state.startedAt + config.startTimeoutMs;
  while (now() < deadline) {
    if (state.exited) return false;
    let addresses = [];
    if (config.namespace) addresses = listeners(config.port);
    else if ((await canConnect('127.0.0.1', config.port)) || (await canConnect('::1', config.port))) {
      // On the host the table lists every process's sockets; the port answered, so it is the application's.
      addresses = listeners(config.port);
      if (addresses.length === 0) addresses = ['unknown'];
    }
    if (addresses.length > 0) {
      state.record.listening = true;
      state.record.addresses = addresses;
      state.record.startupMs = Math.round(now() - state.startedAt);
      note('listening on port ' + config.port + ' (' + addresses.join(', ') + ') after ' + state.record.startupMs + ' ms');
      return true;
    }
    await sleep(config.pollIntervalMs);
  }
  state.record.timedOut = true;
  note('no listener on port ' + config.port + ' after ' + config.startTimeoutMs + ' ms');
  return false;
}

function probeHost(state) {
  const v4 = state.record.addresses.some((a) => a === '0.0.0.0' || a === '::' || a === 'unknown' || /^127\./.test(a) || a.startsWith('::ffff:'));
  return v4 ? '127.0.0.1' : '::1';
}

function probe(state, spec, extra) {
  return new Promise((resolve) => {
    const started = now();
    const record = { role: spec.role, method: spec.method, path: spec.path, instance: state.instance, ...extra };
    let settled = false;
    const finish = (fields) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      Object.assign(record, fields, { durationMs: Math.round(now() - started) });
      resolve(record);
    };
    const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
    const headers = { ...spec.headers, connection: 'close' };
    if (body) headers['content-length'] = String(body.length);
    const request = http.request({ host: probeHost(state), port: config.port, method: spec.method, path: spec.path, headers }, (response) => {
      const chunks = [];
      let size = 0;
      response.on('data', (chunk) => {
        if (size < config.maxBodyBytes) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => {
        const fields = { status: response.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, config.maxBodyBytes) };
        if (response.headers['content-type']) fields.contentType = String(response.headers['content-type']);
        finish(fields);
      });
      response.on('error', (error) => finish({ status: response.statusCode, error: error.code || error.message }));
    });
    const timer = setTimeout(() => {
      finish({ error: 'timeout' });
      request.destroy();
    }, spec.timeoutMs);
    request.on('error', (error) => finish({ error: error.code || error.message }));
    if (body) request.write(body);
    request.end();
  });
}

async function runProbe(state, spec, extra) {
  note(spec.method + ' ' + spec.path + (extra.repeat ? ' (again)' : ''));
  const record = await probe(state, spec, extra);
  // A crash caused by the request shows a moment later.
  await sleep(config.settleMs);
  if (state.exited && !state.stopping) record.appExited = state.exited;
  note(spec.method + ' ' + spec.path + ' → ' + (record.status !== undefined ? record.status : record.error) + ' in ' + record.durationMs + ' ms');
  result.probes.push(record);
  return record;
}

function signalApp(state, signal) {
  if (config.namespace) {
    for (const pid of appPids()) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone
      }
    }
  }
  try {
    process.kill(-state.child.pid, signal);
  } catch {
    // gone
  }
}

async function stopApp(state) {
  state.stopping = true;
  signalApp(state, 'SIGTERM');
  const deadline = now() + config.stopGraceMs;
  while (now() < deadline) {
    if (state.exited && (!config.namespace || appPids().length === 0)) return;
    await sleep(config.pollIntervalMs);
  }
  signalApp(state, 'SIGKILL');
  await sleep(config.pollIntervalMs);
}

async function main() {
  const first = startApp(1);
  if (!(await waitForListener(first))) return;
  await sleep(config.settleMs);
  first.record.rssAfterStartBytes = rssOf(appPids());
  const endpoint = config.probes[0];
  let failed = false;
  for (const spec of config.probes) {
    const record = await runProbe(first, spec, {});
    if (record.appExited) return;
    if (record.error !== undefined) failed = true;
  }
  // A hang or a dropped connection is already the finding; repeating it only costs time.
  if (!config.restart || !endpoint || failed) {
    await stopApp(first);
    return;
  }
  const again = await runProbe(first, endpoint, { repeat: true });
  await stopApp(first);
  if (again.appExited) return;
  const second = startApp(2);
  if (!(await waitForListener(second))) return;
  await sleep(config.settleMs);
  second.record.rssAfterStartBytes = rssOf(appPids());
  await runProbe(second, endpoint, {});
  await stopApp(second);
}

main()
  .catch((error) => {
    result.error = String((error && error.stack) || error);
  })
  .finally(async () => {
    if (current && !current.stopping) await stopApp(current);
    clearInterval(sampler);
    try {
      writeSync(3, JSON.stringify(result));
    } catch (error) {
      note('could not write the result: ' + error.message);
    }
    process.exit(0);
  });
`;
