// The HTTP server: POST /service for the API Extension, GET /health for Connect's health check.
// Handlers keep nothing between requests; everything they need arrives in the request or config.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ServiceConfig } from './config.js';
import { decideCart, isExtensionInput } from './extension.js';
import type { Logger } from './logger.js';

export const SERVICE_PATH = '/service';
export const HEALTH_PATH = '/health';
/** API Extension payloads are small; a cart with hundreds of line items stays well below this. */
export const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createServiceServer(config: Pick<ServiceConfig, 'maxLineItemQuantity'>, logger: Logger): Server {
  return createServer((request, response) => {
    handle(request, response, config, logger).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) logger.error('unexpected error', { error: String(error) });
      sendJson(response, status, { message: error instanceof HttpError ? error.message : 'Internal error' });
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  config: Pick<ServiceConfig, 'maxLineItemQuantity'>,
  logger: Logger,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === HEALTH_PATH) {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'Use GET');
    sendJson(response, 200, { status: 'ok' });
    return;
  }
  if (path !== SERVICE_PATH) throw new HttpError(404, `No route for ${path}`);
  if (request.method !== 'POST') throw new HttpError(405, 'Use POST');

  const input = parseJson(await readBody(request));
  if (!isExtensionInput(input)) throw new HttpError(400, 'Expected an API Extension request object');
  const decision = decideCart(input, config.maxLineItemQuantity);
  if (decision.status === 400) {
    logger.info('cart rejected', { cartId: input.resource?.id, errors: decision.body.errors.length });
  }
  sendJson(response, decision.status, decision.body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}
