// Unit tests: the cart decision and the configuration reader, without any I/O.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_LINE_ITEM_QUANTITY, DEFAULT_PORT, readConfig } from '../../src/config.js';
import { decideCart } from '../../src/extension.js';

const cart = (...quantities: number[]) => ({
  action: 'Update',
  resource: {
    typeId: 'cart',
    id: 'cart-1',
    obj: { lineItems: quantities.map((quantity, i) => ({ id: `li-${i}`, quantity, variant: { sku: `SKU-${i}` } })) },
  },
});

describe('decideCart', () => {
  it('accepts a cart whose line items are within the limit', () => {
    assert.deepEqual(decideCart(cart(1, 10), 10), { status: 200, body: { actions: [] } });
  });

  it('rejects each line item above the limit with an InvalidInput error naming the SKU', () => {
    const decision = decideCart(cart(11, 2, 50), 10);
    assert.equal(decision.status, 400);
    assert.ok(decision.status === 400);
    assert.deepEqual(
      decision.body.errors.map((e) => [e.code, e.extensionExtraInfo?.sku]),
      [
        ['InvalidInput', 'SKU-0'],
        ['InvalidInput', 'SKU-2'],
      ],
    );
    assert.match(decision.body.errors[0]?.message ?? '', /SKU-0 has quantity 11; at most 10/);
  });

  it('ignores resources that are not carts', () => {
    assert.equal(decideCart({ action: 'Create', resource: { typeId: 'order', id: 'o-1' } }, 1).status, 200);
  });

  it('accepts an empty cart', () => {
    assert.equal(decideCart({ action: 'Create', resource: { typeId: 'cart', id: 'c', obj: {} } }, 1).status, 200);
  });
});

describe('readConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = readConfig({});
    assert.equal(config.port, DEFAULT_PORT);
    assert.equal(config.maxLineItemQuantity, DEFAULT_MAX_LINE_ITEM_QUANTITY);
    assert.deepEqual(config.problems, []);
  });

  it('reads PORT and MAX_LINE_ITEM_QUANTITY from the environment', () => {
    const config = readConfig({ PORT: '3000', MAX_LINE_ITEM_QUANTITY: '4', CTP_PROJECT_KEY: 'demo' });
    assert.equal(config.port, 3000);
    assert.equal(config.maxLineItemQuantity, 4);
    assert.equal(config.projectKey, 'demo');
  });

  it('keeps the default and reports a problem for an unusable limit', () => {
    const config = readConfig({ MAX_LINE_ITEM_QUANTITY: 'ten' });
    assert.equal(config.maxLineItemQuantity, DEFAULT_MAX_LINE_ITEM_QUANTITY);
    assert.equal(config.problems.length, 1);
  });
});
