// Integration tests: the real event server on a loopback port, fed Pub/Sub push envelopes, with a
// loopback webhook standing in for the order system.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { createEventServer, EVENT_PATH, HEALTH_PATH } from '../../src/server.js';
import { startRecorder } from './helpers/fake-commercetools.js';

const envelope = (notification) =>
  JSON.stringify({ message: { data: Buffer.from(JSON.stringify(notification)).toString('base64'), messageId: randomUUID() } });

describe('event HTTP server', () => {
  const logLines = [];
  const webhookToken = randomUUID();
  let webhook;
  let server;
  let base = '';

  before(async () => {
    webhook = await startRecorder(200);
    server = createEventServer({ webhookUrl: webhook.url, webhookToken }, createLogger({}, (line) => logLines.push(line)));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await webhook.close();
  });

  const push = (body) => fetch(`${base}${EVENT_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers the health check', async () => {
    assert.equal((await fetch(`${base}${HEALTH_PATH}`)).status, 200);
  });

  it('acknowledges the ResourceCreated confirmation with 204', async () => {
    const response = await push(envelope({ notificationType: 'ResourceCreated', resource: { typeId: 'subscription', id: 's' } }));
    assert.equal(response.status, 204);
    assert.equal(webhook.received.length, 0);
  });

  it('forwards an OrderCreated summary to the webhook with its bearer token', async () => {
    const response = await push(envelope({ notificationType: 'Message', type: 'OrderCreated', order: { id: 'o-9', lineItems: [] } }));
    assert.equal(response.status, 204);
    assert.equal(webhook.received.length, 1);
    assert.equal(webhook.received[0].headers.authorization, `Bearer ${webhookToken}`);
    assert.equal(JSON.parse(webhook.received[0].body).orderId, 'o-9');
    assert.ok(logLines.map((l) => JSON.parse(l)).some((entry) => entry.message === 'order forwarded'));
  });

  it('answers 502 when the webhook fails, so Pub/Sub redelivers', async () => {
    webhook.status = 503;
    try {
      const response = await push(envelope({ notificationType: 'Message', type: 'OrderCreated', order: { id: 'o-10' } }));
      assert.equal(response.status, 502);
    } finally {
      webhook.status = 200;
    }
  });

  it('acknowledges messages it does not handle', async () => {
    assert.equal((await push(envelope({ notificationType: 'Message', type: 'OrderStateChanged' }))).status, 204);
  });

  it('answers 400 to a body that is not a push envelope', async () => {
    assert.equal((await push('{}')).status, 400);
    assert.equal((await push('not json')).status, 400);
  });

  it('answers 405 to GET on the endpoint and 404 elsewhere', async () => {
    assert.equal((await fetch(`${base}${EVENT_PATH}`)).status, 405);
    assert.equal((await fetch(`${base}/nowhere`)).status, 404);
  });
});
