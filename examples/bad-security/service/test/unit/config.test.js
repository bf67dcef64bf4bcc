// Unit tests for the timeout setting.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { requestTimeoutMs } from '../../src/config.js';

it('reads REQUEST_TIMEOUT in seconds', () => {
  assert.equal(requestTimeoutMs({ REQUEST_TIMEOUT: '120' }), 120000);
  assert.equal(requestTimeoutMs({}), 10000);
});
