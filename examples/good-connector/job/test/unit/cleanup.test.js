// Unit tests: cut-off arithmetic, the query predicate, configuration and the deletion loop with an
// in-memory client.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { cutoffDate, deleteStaleCarts, MAX_CARTS_PER_RUN, staleCartPredicate } from '../../src/cleanup.js';
import { CommercetoolsError } from '../../src/commercetools.js';
import { ConfigError, DEFAULT_STALE_CART_AGE_DAYS, readJobConfig } from '../../src/config.js';

const silent = { info() {}, warn() {}, error() {} };

describe('cut-off and predicate', () => {
  it('counts whole days back from now', () => {
    assert.equal(cutoffDate(new Date('2025-03-31T12:00:00.000Z'), 30).toISOString(), '2025-03-01T12:00:00.000Z');
  });

  it('selects active carts last modified before the cut-off', () => {
    assert.equal(
      staleCartPredicate(new Date('2025-03-01T00:00:00.000Z')),
      'cartState = "Active" and lastModifiedAt < "2025-03-01T00:00:00.000Z"',
    );
  });
});

describe('readJobConfig', () => {
  const complete = {
    CTP_PROJECT_KEY: 'demo',
    CTP_API_URL: 'http://127.0.0.1:1',
    CTP_AUTH_URL: 'http://127.0.0.1:1',
    CTP_CLIENT_ID: randomUUID(),
    CTP_CLIENT_SECRET: randomUUID(),
  };

  it('defaults the age to 30 days', () => {
    assert.equal(readJobConfig(complete).staleCartAgeDays, DEFAULT_STALE_CART_AGE_DAYS);
  });

  it('rejects an age that is not a positive whole number', () => {
    assert.throws(() => readJobConfig({ ...complete, STALE_CART_AGE_DAYS: '0' }), ConfigError);
    assert.throws(() => readJobConfig({ ...complete, STALE_CART_AGE_DAYS: '1.5' }), ConfigError);
  });

  it('names the missing settings', () => {
    assert.throws(() => readJobConfig({}), /CTP_PROJECT_KEY, CTP_API_URL/);
  });
});

describe('deleteStaleCarts', () => {
  const clientWith = (carts, failing = new Set()) => {
    const calls = [];
    return {
      calls,
      async request(method, path, query) {
        calls.push({ method, path, query });
        if (method === 'GET') return { results: carts };
        if (failing.has(path)) throw new CommercetoolsError('conflict', 409);
        return {};
      },
    };
  };

  it('deletes every cart it found, with its version', async () => {
    const client = clientWith([{ id: 'a', version: 3 }, { id: 'b', version: 1 }]);
    const result = await deleteStaleCarts(client, { staleCartAgeDays: 7, now: new Date('2025-01-08T00:00:00Z'), logger: silent });
    assert.deepEqual(result, { deleted: 2, failed: 0, more: false });
    assert.equal(client.calls[0].query.where, 'cartState = "Active" and lastModifiedAt < "2025-01-01T00:00:00.000Z"');
    assert.deepEqual(client.calls.slice(1).map((c) => [c.path, c.query.version]), [['/carts/a', '3'], ['/carts/b', '1']]);
  });

  it('counts carts that changed meanwhile as failed and carries on', async () => {
    const client = clientWith([{ id: 'a', version: 1 }, { id: 'b', version: 1 }], new Set(['/carts/a']));
    const result = await deleteStaleCarts(client, { staleCartAgeDays: 1, logger: silent });
    assert.deepEqual(result, { deleted: 1, failed: 1, more: false });
  });

  it('reports more work when a full page came back', async () => {
    const carts = Array.from({ length: MAX_CARTS_PER_RUN }, (_, i) => ({ id: `c${i}`, version: 1 }));
    const result = await deleteStaleCarts(clientWith(carts), { staleCartAgeDays: 1, logger: silent });
    assert.equal(result.more, true);
  });
});
