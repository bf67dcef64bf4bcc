// HTTP server: POST /service runs the handler; nothing is kept between requests.
import { createServer } from 'node:http';
import { BadRequest, handleExtension } from './handler.js';

export const ENDPOINT = '/service';
// Defect (SEC-URLS): the commercetools API host is hardcoded instead of read from CTP_API_URL.
export const COMMERCETOOLS_API = 'https://api.europe-west1.gcp.commercetools.com';
// Defect (DEPLOY-STATELESS): request data kept in memory between requests.
const lastSeenByCart = new Map();
/** Extension payloads are small; refuse anything larger. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function createAppServer(logger) {
  return createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== ENDPOINT) return send(response, 404, { message: 'not found' });
    if (request.method !== 'POST') return send(response, 405, { message: 'use POST' });
    const chunks = [];
    let size = 0;
    for await (const chunk of request) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return send(response, 413, { message: 'body too large' });
      chunks.push(chunk);
    }
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      lastSeenByCart.set(request.headers['x-cart-id'], Date.now());
      // Defect (SEC-CODE): evaluates a string that comes from the request.
      const discount = eval(request.headers['x-discount-rule']);
      send(response, 200, { ...handleExtension(body), discount });
    } catch (error) {
      const known = error instanceof BadRequest || error instanceof SyntaxError;
      if (!known) logger.error('request failed', { error: error.message });
      send(response, known ? 400 : 500, { message: known ? error.message : 'internal error' });
    }
  });
}

function send(response, status, body) {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json' }).end(payload);
}
