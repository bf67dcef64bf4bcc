// Integration tests: the real HTTP server on an ephemeral loopback port, driven over HTTP.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { createServiceServer, HEALTH_PATH, MAX_BODY_BYTES, SERVICE_PATH } from '../../src/server.js';

describe('service HTTP server', () => {
  const logLines: string[] = [];
  const server = createServiceServer({ maxLineItemQuantity: 3 }, createLogger({}, (line) => logLines.push(line)));
  let base = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string, body: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers the health check', async () => {
    const response = await fetch(`${base}${HEALTH_PATH}`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('accepts a cart within the limit with no update actions', async () => {
    const body = { action: 'Create', resource: { typeId: 'cart', id: 'c1', obj: { lineItems: [{ id: 'a', quantity: 3 }] } } };
    const response = await post(SERVICE_PATH, JSON.stringify(body));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { actions: [] });
  });

  it('rejects a cart above the limit with 400 and logs the rejection as JSON', async () => {
    const body = { action: 'Update', resource: { typeId: 'cart', id: 'c2', obj: { lineItems: [{ id: 'a', quantity: 4 }] } } };
    const response = await post(SERVICE_PATH, JSON.stringify(body));
    assert.equal(response.status, 400);
    const payload = (await response.json()) as { errors: { code: string }[] };
    assert.equal(payload.errors[0]?.code, 'InvalidInput');
    const logged = logLines.map((line) => JSON.parse(line) as { message: string; cartId?: string });
    assert.ok(logged.some((entry) => entry.message === 'cart rejected' && entry.cartId === 'c2'));
  });

  it('answers 400 to a body that is not JSON', async () => {
    assert.equal((await post(SERVICE_PATH, '{not json')).status, 400);
  });

  it('answers 413 to an oversized body', async () => {
    assert.equal((await post(SERVICE_PATH, 'x'.repeat(MAX_BODY_BYTES + 1))).status, 413);
  });

  it('answers 405 to GET on the endpoint and 404 elsewhere', async () => {
    assert.equal((await fetch(`${base}${SERVICE_PATH}`)).status, 405);
    assert.equal((await fetch(`${base}/elsewhere`)).status, 404);
  });
});
