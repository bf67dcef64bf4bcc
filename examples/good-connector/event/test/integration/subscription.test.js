// Integration tests: the deploy scripts against a loopback stand-in for the commercetools API,
// run as Connect runs them (a child process with the configuration in its environment).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { SUBSCRIPTION_KEY } from '../../src/subscription.js';
import { startFakeCommercetools } from './helpers/fake-commercetools.js';

const run = promisify(execFile);
const script = (name) => fileURLToPath(new URL(`../../src/${name}.js`, import.meta.url));

describe('postDeploy and preUndeploy scripts', () => {
  const credentials = { projectKey: 'demo-project', clientId: randomUUID(), clientSecret: randomUUID() };
  let api;
  let env;

  before(async () => {
    api = await startFakeCommercetools(credentials);
    env = {
      PATH: process.env.PATH,
      CTP_PROJECT_KEY: credentials.projectKey,
      CTP_CLIENT_ID: credentials.clientId,
      CTP_CLIENT_SECRET: credentials.clientSecret,
      CTP_API_URL: api.url,
      CTP_AUTH_URL: api.url,
      CONNECT_GCP_TOPIC_NAME: 'orders-topic',
      CONNECT_GCP_PROJECT_ID: 'connect-gcp-project',
    };
  });
  after(() => api.close());

  it('postDeploy creates the subscription, and running it again replaces it', async () => {
    await run(process.execPath, [script('post-deploy')], { env });
    const first = api.subscriptions.get(SUBSCRIPTION_KEY);
    assert.deepEqual(first.destination, { type: 'GoogleCloudPubSub', topic: 'orders-topic', projectId: 'connect-gcp-project' });
    const tokenRequest = api.requests.find((r) => r.path === '/oauth/token');
    assert.equal(new URLSearchParams(tokenRequest.body).get('scope'), 'manage_subscriptions:demo-project');

    await run(process.execPath, [script('post-deploy')], { env });
    assert.notEqual(api.subscriptions.get(SUBSCRIPTION_KEY).id, first.id);
    assert.equal(api.subscriptions.size, 1);
  });

  it('preUndeploy removes the subscription', async () => {
    const { stdout } = await run(process.execPath, [script('pre-undeploy')], { env });
    assert.equal(api.subscriptions.size, 0);
    assert.match(stdout, /"message":"subscription removed"/);
  });

  it('postDeploy exits non-zero with a JSON error line when credentials are wrong', async () => {
    const wrong = { ...env, CTP_CLIENT_SECRET: randomUUID() };
    await assert.rejects(run(process.execPath, [script('post-deploy')], { env: wrong }), (error) => {
      assert.equal(error.code, 1);
      assert.match(error.stdout, /"severity":"ERROR".*token request failed with 401/);
      return true;
    });
  });
});
