// Integration tests: the real server on a loopback port.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { createAppServer, ENDPOINT } from '../../src/server.js';

const server = createAppServer(createLogger({}, () => {}));
let base = '';
before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

it('answers POST on the endpoint with no actions', async () => {
  const response = await fetch(`${base}${ENDPOINT}`, { method: 'POST', body: JSON.stringify({ resource: { typeId: 'cart' } }) });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { actions: [] });
});

it('answers 400 to a malformed body and 405 to GET', async () => {
  assert.equal((await fetch(`${base}${ENDPOINT}`, { method: 'POST', body: 'nope' })).status, 400);
  assert.equal((await fetch(`${base}${ENDPOINT}`)).status, 405);
});
