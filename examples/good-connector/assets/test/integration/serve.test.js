// Integration tests: build the site into a temporary folder, serve it on a loopback port, fetch it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from '../../scripts/build.js';
import { createStaticServer, resolveInside } from '../../scripts/serve.js';

describe('build and static server', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'cart-guard-assets-'));
  const outDir = path.join(workDir, 'public');
  let server;
  let base = '';

  before(async () => {
    build(outDir);
    server = createStaticServer(outDir);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('copies index.html and the scripts into the output folder', () => {
    for (const file of ['index.html', 'src/format.js', 'src/cart-limit-notice.js', 'src/styles.css']) {
      assert.ok(existsSync(path.join(outDir, file)), `${file} missing`);
    }
  });

  it('serves the page at / with an HTML content type', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/html/);
    assert.match(await response.text(), /<cart-limit-notice/);
  });

  it('serves the widget module as JavaScript', async () => {
    const response = await fetch(`${base}/src/cart-limit-notice.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/javascript/);
  });

  it('never serves files outside the root', async () => {
    assert.equal((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status, 404);
    assert.equal(resolveInside(outDir, '/../../package.json'), undefined);
    assert.equal(resolveInside(outDir, '/%E0%A4%A'), undefined);
  });

  it('answers 404 for missing files and 405 for POST', async () => {
    assert.equal((await fetch(`${base}/missing.js`)).status, 404);
    assert.equal((await fetch(`${base}/`, { method: 'POST' })).status, 405);
  });
});
