// The egress proxy over a real Unix socket, in front of real loopback servers: the allowed one is
// tunnelled (CONNECT) and forwarded (plain HTTP), everything else refused and reported.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressProxy, parseAuthority, registryEndpoints } from './egress-proxy.js';

describe('registryEndpoints / parseAuthority', () => {
  it('takes host and port from registry URLs, with the scheme default port', () => {
    expect(registryEndpoints(['https://registry.npmjs.org/', 'http://127.0.0.1:4873', 'https://Registry.Example.COM.:8443/npm/', 'ftp://x', 'not a url'])).toEqual([
      { host: 'registry.npmjs.org', port: 443 },
      { host: '127.0.0.1', port: 4873 },
      { host: 'registry.example.com', port: 8443 },
    ]);
  });
  it('parses CONNECT targets and refuses malformed ones', () => {
    expect(parseAuthority('registry.npmjs.org:443')).toEqual({ host: 'registry.npmjs.org', port: 443 });
    expect(parseAuthority('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    for (const bad of ['registry.npmjs.org', 'a:0', 'a:70000', 'a b:80', 'http://a:80', '']) expect(parseAuthority(bad)).toBeUndefined();
  });
});

describe('EgressProxy', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egress-proxy-'));
  const socketPath = path.join(dir, 'egress.sock');
  let allowedServer: http.Server;
  let forbiddenServer: net.Server;
  let allowedPort = 0;
  let forbiddenPort = 0;
  let forbiddenHeard = 0;
  const refused: string[] = [];
  let proxy: EgressProxy;

  beforeAll(async () => {
    allowedServer = http.createServer((request, response) => {
      response.setHeader('content-type', 'text/plain');
      response.end(`registry saw ${request.method} ${request.url}`);
    });
    await new Promise<void>((resolve) => allowedServer.listen(0, '127.0.0.1', resolve));
    allowedPort = (allowedServer.address() as net.AddressInfo).port;
    forbiddenServer = net.createServer((socket) => {
      forbiddenHeard++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => forbiddenServer.listen(0, '127.0.0.1', resolve));
    forbiddenPort = (forbiddenServer.address() as net.AddressInfo).port;
    proxy = await EgressProxy.start({ socketPath, allow: registryEndpoints([`http://127.0.0.1:${allowedPort}`]), onRefused: (d) => refused.push(d) });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => allowedServer.close(resolve));
    await new Promise((resolve) => forbiddenServer.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends raw bytes through the proxy's socket and collects everything until it closes (or `until` matches). */
  function exchange(request: string, until?: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(socketPath);
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if (until?.test(text)) socket.destroy();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(request);
    });
  }

  it('listens on a socket every uid may connect to (the sandbox runs as a throwaway uid)', () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o666);
  });

  it('tunnels CONNECT to the registry and passes bytes both ways', async () => {
    const answer = await exchange(
      `CONNECT 127.0.0.1:${allowedPort} HTTP/1.1\r\nHost: 127.0.0.1:${allowedPort}\r\n\r\nGET /left-pad HTTP/1.1\r\nHost: registry\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.startsWith('HTTP/1.1 200 Connection Established\r\n\r\n')).toBe(true);
    expect(answer).toContain('registry saw GET /left-pad');
  });

  it('forwards a plain-HTTP request to the registry in origin form', async () => {
    const answer = await exchange(`GET http://127.0.0.1:${allowedPort}/-/ping?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${allowedPort}\r\nProxy-Connection: keep-alive\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(answer).toContain('registry saw GET /-/ping?x=1');
  });

  it('refuses any other destination with 403, reports it, and never connects there', async () => {
    const before = forbiddenHeard;
    const tunnel = await exchange(`CONNECT 127.0.0.1:${forbiddenPort} HTTP/1.1\r\n\r\n`);
    expect(tunnel).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    expect(tunnel).toContain(`only the package registry is reachable during the install (refused 127.0.0.1:${forbiddenPort})`);
    const plain = await exchange(`GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n`);
    expect(plain).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    // The same host on another port is another destination.
    expect(await exchange(`CONNECT 127.0.0.1:${allowedPort + 1 === forbiddenPort ? allowedPort + 2 : allowedPort + 1} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
    expect(forbiddenHeard).toBe(before);
    expect(refused).toEqual(expect.arrayContaining([`127.0.0.1:${forbiddenPort}`, '169.254.169.254:80']));
  });

  it('answers 400 to what is not a proxy request, and to an endless head', async () => {
    expect(await exchange('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(await exchange('CONNECT nohost HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await exchange(`CONNECT 127.0.0.1:${allowedPort} HTTP/1.1\r\nX: ${'a'.repeat(20_000)}`, /\r\n\r\n/)).toMatch(/^HTTP\/1\.1 400/);
  });
});
