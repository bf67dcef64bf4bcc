// The HTTP server: Connect's scheduler POSTs to /job on the cron schedule from connect.yaml.
// Each run reads its configuration, does its work and answers; nothing survives the request.
import { createServer } from 'node:http';
import { CLEANUP_SCOPES, deleteStaleCarts } from './cleanup.js';
import { createApiClient } from './commercetools.js';
import { ConfigError, readJobConfig } from './config.js';

export const JOB_PATH = '/job';

export function createJobServer(logger, env = process.env) {
  return createServer((request, response) => {
    handle(request, response, logger, env).catch((error) => {
      const status = error instanceof ConfigError ? 500 : 502;
      logger.error('cleanup run failed', { error: error.message });
      sendJson(response, status, { message: error.message });
    });
  });
}

async function handle(request, response, logger, env) {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== JOB_PATH) return sendJson(response, 404, { message: `No route for ${path}` });
  if (request.method !== 'POST') return sendJson(response, 405, { message: 'Use POST' });
  request.resume(); // the scheduler's body carries nothing the job needs

  const config = readJobConfig(env);
  const client = await createApiClient(config, CLEANUP_SCOPES);
  const result = await deleteStaleCarts(client, { staleCartAgeDays: config.staleCartAgeDays, logger });
  logger.info('cleanup run finished', result);
  sendJson(response, 200, result);
}

function sendJson(response, status, body) {
  if (response.headersSent) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}
