// Unit tests for the handler.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BadRequest, handleExtension } from '../../src/handler.js';

it('accepts an extension request with no actions', () => {
  assert.deepEqual(handleExtension({ action: 'Create', resource: { typeId: 'cart', id: 'c' } }), { actions: [] });
});

it('rejects a body without a resource', () => {
  assert.throws(() => handleExtension({}), BadRequest);
});
