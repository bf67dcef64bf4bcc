// Unit tests: envelope decoding, notification routing, the summary and the subscription draft.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, decodePushEnvelope, EnvelopeError, orderSummary } from '../../src/message.js';
import { destinationFrom, SUBSCRIPTION_KEY, subscriptionDraft } from '../../src/subscription.js';
import { ConfigError, DEFAULT_PORT, readApiConfig, readServerConfig } from '../../src/config.js';

const envelope = (notification) => ({
  message: { data: Buffer.from(JSON.stringify(notification)).toString('base64'), messageId: '1' },
  subscription: 'projects/demo/subscriptions/orders',
});

describe('decodePushEnvelope', () => {
  it('decodes the base64 JSON notification', () => {
    const notification = { notificationType: 'ResourceCreated', resource: { typeId: 'subscription', id: 's' } };
    assert.deepEqual(decodePushEnvelope(envelope(notification)), notification);
  });

  for (const [name, body] of [
    ['no message', {}],
    ['no data', { message: {} }],
    ['data that is not JSON', { message: { data: Buffer.from('hello').toString('base64') } }],
    ['JSON without notificationType', envelope({ hello: 'world' })],
    ['null', null],
  ]) {
    it(`rejects ${name}`, () => {
      assert.throws(() => decodePushEnvelope(body), EnvelopeError);
    });
  }
});

describe('classify', () => {
  it('acknowledges the ResourceCreated confirmation', () => {
    assert.equal(classify({ notificationType: 'ResourceCreated' }), 'acknowledge');
  });
  it('forwards OrderCreated messages', () => {
    assert.equal(classify({ notificationType: 'Message', type: 'OrderCreated' }), 'notify');
  });
  it('ignores other messages', () => {
    assert.equal(classify({ notificationType: 'Message', type: 'OrderStateChanged' }), 'ignore');
  });
});

describe('orderSummary', () => {
  it('keeps identifiers, total and line item count only', () => {
    const summary = orderSummary({
      notificationType: 'Message',
      type: 'OrderCreated',
      order: {
        id: 'o-1',
        orderNumber: '1001',
        createdAt: '2025-01-01T00:00:00.000Z',
        totalPrice: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 1999, fractionDigits: 2 },
        lineItems: [{}, {}],
        shippingAddress: { streetName: 'Private' },
      },
    });
    assert.deepEqual(summary, {
      orderId: 'o-1',
      orderNumber: '1001',
      createdAt: '2025-01-01T00:00:00.000Z',
      totalPrice: { currencyCode: 'EUR', centAmount: 1999 },
      lineItemCount: 2,
    });
  });
});

describe('subscription', () => {
  it('targets the Google Cloud Pub/Sub topic Connect provisioned', () => {
    const destination = destinationFrom({ CONNECT_GCP_TOPIC_NAME: 'topic', CONNECT_GCP_PROJECT_ID: 'gcp-project' });
    assert.deepEqual(destination, { type: 'GoogleCloudPubSub', topic: 'topic', projectId: 'gcp-project' });
    assert.deepEqual(subscriptionDraft(destination).messages, [{ resourceTypeId: 'order', types: ['OrderCreated'] }]);
    assert.equal(subscriptionDraft(destination).key, SUBSCRIPTION_KEY);
  });

  it('targets SNS on AWS regions', () => {
    const destination = destinationFrom({ CONNECT_SUBSCRIPTION_DESTINATION: 'SNS', CONNECT_AWS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:1:t' });
    assert.equal(destination.type, 'SNS');
  });

  it('fails clearly when Connect did not provide a topic', () => {
    assert.throws(() => destinationFrom({}), ConfigError);
  });
});

describe('config', () => {
  it('defaults the port to 8080', () => {
    assert.equal(readServerConfig({}).port, DEFAULT_PORT);
    assert.equal(readServerConfig({ PORT: '9000' }).port, 9000);
  });

  it('names every missing API setting', () => {
    assert.throws(() => readApiConfig({ CTP_PROJECT_KEY: 'demo' }), /CTP_API_URL, CTP_AUTH_URL, CTP_CLIENT_ID, CTP_CLIENT_SECRET/);
  });
});
