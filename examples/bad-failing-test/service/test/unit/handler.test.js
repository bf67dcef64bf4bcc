// Unit tests for the handler.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BadRequest, handleExtension } from '../../src/handler.js';

it('asks commercetools to recalculate the cart', () => {
  assert.deepEqual(handleExtension({ action: 'Update', resource: { typeId: 'cart', id: 'c' } }), {
    actions: [{ action: 'recalculate', updateProductData: false }],
  });
});

it('rejects a body without a resource', () => {
  assert.throws(() => handleExtension({}), BadRequest);
});
