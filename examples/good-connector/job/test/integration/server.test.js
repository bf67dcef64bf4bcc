// Integration tests: the real job server on a loopback port, triggered the way Connect's scheduler
// triggers it (POST), against a loopback stand-in for the commercetools API.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { createJobServer, JOB_PATH } from '../../src/server.js';
import { startFakeCommercetools } from './helpers/fake-commercetools.js';

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

describe('job HTTP server', () => {
  const credentials = { projectKey: 'demo-project', clientId: randomUUID(), clientSecret: randomUUID() };
  const logLines = [];
  const logger = createLogger({}, (line) => logLines.push(JSON.parse(line)));
  let api;
  let server;
  let base = '';

  before(async () => {
    api = await startFakeCommercetools({
      ...credentials,
      carts: [
        { id: 'cart-1', version: 2 },
        { id: 'cart-2', version: 5 },
      ],
    });
    server = createJobServer(logger, {
      CTP_PROJECT_KEY: credentials.projectKey,
      CTP_CLIENT_ID: credentials.clientId,
      CTP_CLIENT_SECRET: credentials.clientSecret,
      CTP_API_URL: api.url,
      CTP_AUTH_URL: api.url,
      STALE_CART_AGE_DAYS: '14',
    });
    base = await listen(server);
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await api.close();
  });

  it('deletes the stale carts on POST and answers 200 with a summary', async () => {
    const response = await fetch(`${base}${JOB_PATH}`, { method: 'POST' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { deleted: 2, failed: 0, more: false });
    assert.equal(api.store.size, 0);
    const query = api.requests.find((r) => r.method === 'GET').query;
    assert.match(query.where, /^cartState = "Active" and lastModifiedAt < "/);
    assert.ok(logLines.some((entry) => entry.message === 'cleanup run finished' && entry.deleted === 2));
  });

  it('answers 405 to GET and 404 elsewhere', async () => {
    assert.equal((await fetch(`${base}${JOB_PATH}`)).status, 405);
    assert.equal((await fetch(`${base}/elsewhere`, { method: 'POST' })).status, 404);
  });

  it('answers 500 and logs an error when configuration is missing', async () => {
    const lines = [];
    const misconfigured = createJobServer(createLogger({}, (line) => lines.push(JSON.parse(line))), {});
    const url = await listen(misconfigured);
    try {
      const response = await fetch(`${url}${JOB_PATH}`, { method: 'POST' });
      assert.equal(response.status, 500);
      assert.equal(lines[0].severity, 'ERROR');
    } finally {
      await new Promise((resolve) => misconfigured.close(resolve));
    }
  });

  it('answers 502 when commercetools rejects the credentials', async () => {
    const wrong = createJobServer(logger, {
      CTP_PROJECT_KEY: credentials.projectKey,
      CTP_CLIENT_ID: credentials.clientId,
      CTP_CLIENT_SECRET: randomUUID(),
      CTP_API_URL: api.url,
      CTP_AUTH_URL: api.url,
    });
    const url = await listen(wrong);
    try {
      assert.equal((await fetch(`${url}${JOB_PATH}`, { method: 'POST' })).status, 502);
    } finally {
      await new Promise((resolve) => wrong.close(resolve));
    }
  });
});
