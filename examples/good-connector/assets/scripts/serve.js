// A small static file server for public/, for `npm start` (Connect serves assets from its CDN).
// Only GET/HEAD; paths are resolved inside the root, so `..` can never leave it.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PORT = 8080;
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The file inside `root` a request path names, or undefined when it names nothing servable. */
export function resolveInside(root, requestPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  const relative = path.normalize(decoded.endsWith('/') ? `${decoded}index.html` : decoded).replace(/^([/\\])+/, '');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

export function createStaticServer(root) {
  const resolvedRoot = path.resolve(root);
  return createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveInside(resolvedRoot, new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number.parseInt(process.env.PORT ?? '', 10) || DEFAULT_PORT;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
  const server = createStaticServer(root);
  server.listen(port, () => {
    process.stdout.write(`${JSON.stringify({ severity: 'INFO', message: 'assets server listening', port, root })}\n`);
  });
  process.once('SIGTERM', () => server.close());
}
