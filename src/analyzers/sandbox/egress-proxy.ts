// The only way out of the sandbox during a dependency install: an HTTP proxy on the host that
// tunnels to the package registry and to nothing else. The install step runs in its own network
// namespace (loopback only), like every other step; a forwarder inside (EGRESS_FORWARDER_SOURCE)
// listens on 127.0.0.1 and passes each connection through a Unix socket bound into the sandbox to
// this proxy. So an install script can neither reach the host's own services (a database, the
// certification service, a cloud metadata endpoint) nor exfiltrate to an arbitrary server; npm,
// Yarn and pnpm reach the registry through the standard proxy variables.
import { chmodSync, rmSync } from 'node:fs';
import net from 'node:net';

/** Where the registry lives unless the settings name another (npm's default and Yarn's mirrors of it). */
export const DEFAULT_REGISTRY_ENDPOINTS: readonly string[] = ['https://registry.npmjs.org', 'https://registry.yarnpkg.com', 'https://repo.yarnpkg.com'];

/** The port the forwarder listens on inside the sandbox (the namespace is empty, any port is free). */
export const EGRESS_PORT_INSIDE = 3128;

/** A request head larger than this is not a proxy request. */
const MAX_HEAD_BYTES = 16 * 1024;
const UPSTREAM_CONNECT_TIMEOUT_MS = 15_000;

export interface Endpoint {
  host: string;
  port: number;
}

/** `host:port` pairs from registry URLs (default ports by scheme); unparseable entries are ignored. */
export function registryEndpoints(urls: readonly string[]): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const text of urls) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    endpoints.push({ host: normalizeHost(url.hostname), port });
  }
  return endpoints;
}

function normalizeHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/** `host:port` of a CONNECT target (`[::1]:443` too), or undefined when malformed. */
export function parseAuthority(authority: string): Endpoint | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/]+):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: normalizeHost(match[1]!), port };
}

export interface EgressProxyOptions {
  /** Host path of the Unix socket to listen on (bound into the sandbox). */
  socketPath: string;
  /** Endpoints that may be reached; everything else is refused with 403. */
  allow: readonly Endpoint[];
  /** Told about every refused destination (the session writes it into the step's log). */
  onRefused?: (destination: string) => void;
}

export class EgressProxy {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly socketPath: string,
  ) {}

  static async start(options: EgressProxyOptions): Promise<EgressProxy> {
    const allowed = new Set(options.allow.map((e) => `${e.host}:${e.port}`));
    const isAllowed = (e: Endpoint) => allowed.has(`${e.host}:${e.port}`);
    let proxy: EgressProxy | undefined;
    const server = net.createServer((client) => {
      proxy?.track(client);
      handleClient(client, isAllowed, options.onRefused ?? (() => {}), (s) => proxy?.track(s));
    });
    rmSync(options.socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // The sandboxed step runs as a throwaway uid: it must be able to connect.
    chmodSync(options.socketPath, 0o666);
    proxy = new EgressProxy(server, options.socketPath);
    return proxy;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Stops listening and cuts every open tunnel. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.socketPath, { force: true });
  }
}

function handleClient(client: net.Socket, isAllowed: (e: Endpoint) => boolean, onRefused: (destination: string) => void, track: (s: net.Socket) => void): void {
  let head = Buffer.alloc(0);
  client.on('error', () => {});
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length > MAX_HEAD_BYTES) answer(client, 400, 'request head too large');
      return;
    }
    client.off('data', onData);
    client.pause();
    route(client, head.subarray(0, end + 4), head.subarray(end + 4), isAllowed, onRefused, track);
  };
  client.on('data', onData);
}

function route(client: net.Socket, head: Buffer, rest: Buffer, isAllowed: (e: Endpoint) => boolean, onRefused: (destination: string) => void, track: (s: net.Socket) => void): void {
  const text = head.toString('latin1');
  const firstLineEnd = text.indexOf('\r\n');
  const [method = '', target = '', version = 'HTTP/1.1'] = text.slice(0, firstLineEnd).split(' ');
  let destination: Endpoint | undefined;
  let forwardHead: Buffer | undefined;
  if (method === 'CONNECT') {
    destination = parseAuthority(target);
  } else if (/^http:\/\//i.test(target)) {
    // Plain HTTP (a registry on http://): origin-form request line, one request per connection.
    try {
      const url = new URL(target);
      destination = { host: normalizeHost(url.hostname), port: url.port ? Number(url.port) : 80 };
      const headers = text
        .slice(firstLineEnd + 2, text.length - 4)
        .split('\r\n')
        .filter((line) => line !== '' && !/^(proxy-connection|connection|keep-alive)\s*:/i.test(line));
      forwardHead = Buffer.from(`${method} ${url.pathname}${url.search} ${version}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`, 'latin1');
    } catch {
      destination = undefined;
    }
  }
  if (!destination) {
    answer(client, 400, 'not a proxy request');
    return;
  }
  const name = `${destination.host.includes(':') ? `[${destination.host}]` : destination.host}:${destination.port}`;
  if (!isAllowed(destination)) {
    onRefused(name);
    answer(client, 403, `only the package registry is reachable during the install (refused ${name})`);
    return;
  }
  const upstream = net.connect({ host: destination.host, port: destination.port });
  track(upstream);
  let connected = false;
  const timer = setTimeout(() => upstream.destroy(new Error('timed out')), UPSTREAM_CONNECT_TIMEOUT_MS);
  upstream.once('error', (error) => {
    clearTimeout(timer);
    if (!connected) answer(client, 502, `could not reach ${name}: ${error.message}`);
    else client.destroy();
  });
  upstream.once('connect', () => {
    connected = true;
    clearTimeout(timer);
    if (forwardHead) upstream.write(forwardHead);
    else client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (rest.length > 0) upstream.write(rest);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
  client.once('close', () => upstream.destroy());
  upstream.once('close', () => {
    if (connected) client.destroy();
  });
}

function answer(client: net.Socket, status: 400 | 403 | 502, message: string): void {
  const reason = status === 400 ? 'Bad Request' : status === 403 ? 'Forbidden' : 'Bad Gateway';
  const body = `connect-certify sandbox: ${message}\n`;
  client.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * The forwarder that runs inside the sandbox in front of the install command (CommonJS, no
 * dependencies): it listens on 127.0.0.1, passes every connection to the proxy's socket, then
 * runs the command and exits as it does. Arguments: port, socket path, command….
 */
export const EGRESS_FORWARDER_SOURCE = `'use strict';
const net = require('node:net');
const { spawn } = require('node:child_process');
const [port, socketPath, ...command] = process.argv.slice(2);
const server = net.createServer((inbound) => {
  const outbound = net.connect(socketPath);
  inbound.pipe(outbound);
  outbound.pipe(inbound);
  inbound.on('error', () => outbound.destroy());
  outbound.on('error', () => inbound.destroy());
});
server.on('error', (error) => {
  process.stderr.write('connect-certify sandbox: the registry proxy could not start: ' + error.message + '\\n');
  process.exit(125);
});
server.listen(Number(port), '127.0.0.1', () => {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write('connect-certify sandbox: could not start ' + command[0] + ': ' + error.message + '\\n');
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    server.close();
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code === null ? 1 : code);
    }
  });
});
`;
