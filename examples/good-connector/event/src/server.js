// The HTTP server: POST /event receives Pub/Sub pushes, GET /health answers Connect's health check.
// Handlers keep nothing between requests. Status codes follow Pub/Sub push semantics: 2xx
// acknowledges, anything else makes Pub/Sub redeliver later.
import { createServer } from 'node:http';
import { classify, decodePushEnvelope, EnvelopeError, orderSummary } from './message.js';
import { sendOrderSummary } from './webhook.js';

export const EVENT_PATH = '/event';
export const HEALTH_PATH = '/health';
/** Pub/Sub push messages are at most 10 MB; commercetools notifications are a few KB. */
export const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function createEventServer(config, logger) {
  return createServer((request, response) => {
    handle(request, response, config, logger).catch((error) => {
      const status = error instanceof HttpError ? error.status : 500;
      logger.error('event not processed', { status, error: error.message });
      sendJson(response, status, { message: error.message });
    });
  });
}

async function handle(request, response, config, logger) {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === HEALTH_PATH) {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'Use GET');
    sendJson(response, 200, { status: 'ok' });
    return;
  }
  if (path !== EVENT_PATH) throw new HttpError(404, `No route for ${path}`);
  if (request.method !== 'POST') throw new HttpError(405, 'Use POST');

  let notification;
  try {
    notification = decodePushEnvelope(parseJson(await readBody(request)));
  } catch (error) {
    if (error instanceof EnvelopeError) throw new HttpError(400, error.message);
    throw error;
  }

  const action = classify(notification);
  if (action === 'notify') {
    const summary = orderSummary(notification);
    try {
      await sendOrderSummary(summary, config);
    } catch (error) {
      throw new HttpError(502, error.message);
    }
    logger.info('order forwarded', { orderId: summary.orderId });
  } else {
    logger.info(action === 'acknowledge' ? 'subscription confirmed' : 'notification ignored', {
      notificationType: notification.notificationType,
      type: notification.type,
    });
  }
  response.writeHead(204).end();
}

async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

function sendJson(response, status, body) {
  if (response.headersSent) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}
