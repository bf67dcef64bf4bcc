// The command functions the CLI wires to `connect-certify serve`, `worker` and `clients create`:
// a client created in the data folder while the server runs can obtain a token from it at once;
// with `--no-worker`, a separate worker process on the same data runs the certification jobs.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCommand, serveCommand, UsageError, workerCommand, type RunningService, type RunningWorker } from '../../src/service/commands.js';
import { call, certificationDraft, createCertificationRepository, tokenFor, waitFor, type CertificationRepository } from './certification-fixtures.js';
import { tempDir } from './helpers.js';

describe('service commands', () => {
  let data: string;
  let running: RunningService | undefined;
  beforeAll(() => {
    data = tempDir('data');
  });
  afterAll(async () => {
    await running?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('serves from a data folder and accepts clients created next to it', async () => {
    running = await serveCommand({ port: 0, host: '127.0.0.1', data, logger: false, handleSignals: false, databaseUrl: '', runPhase: false });
    expect(running.worker?.workerId).toEqual(expect.any(String));
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.store.dialect).toBe('sqlite');

    const { output, client } = await createClientCommand({ data, scopes: 'manage_connectors:cli-proj, view_connectors:cli-proj', json: true, databaseUrl: '' });
    expect(JSON.parse(output)).toEqual({ clientId: client.clientId, clientSecret: client.clientSecret, scopes: ['manage_connectors:cli-proj', 'view_connectors:cli-proj'] });
    expect(output.endsWith('\n')).toBe(true);

    const token = await fetch(`${running.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    const health = await fetch(`${running.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'sqlite' });

    const text = await createClientCommand({ data, scopes: 'certify_connectors', name: 'reviewers', databaseUrl: '' });
    expect(text.output).toContain('Created API client "reviewers"');
    expect(text.output).toContain(text.client.clientSecret);
  });

  it('refuses unknown scopes and clients spanning two projects', async () => {
    await expect(createClientCommand({ data, scopes: 'manage_everything:x', databaseUrl: '' })).rejects.toBeInstanceOf(UsageError);
    await expect(createClientCommand({ data, scopes: 'view_connectors:a1 view_connectors:b2', databaseUrl: '' })).rejects.toThrow(/one project/);
    await expect(createClientCommand({ data, scopes: '', databaseUrl: '' })).rejects.toThrow(/at least one scope/);
    await expect(serveCommand({ port: 70_000, data, logger: false, handleSignals: false, databaseUrl: '' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('serve --no-worker and a separate `worker`', () => {
  let data: string;
  let repository: CertificationRepository;
  let running: RunningService | undefined;
  let worker: RunningWorker | undefined;
  beforeAll(() => {
    data = tempDir('data');
    repository = createCertificationRepository();
  });
  afterAll(async () => {
    await worker?.close();
    await running?.close();
    repository?.dispose();
    rmSync(data, { recursive: true, force: true });
  });

  it('leaves certification jobs queued without a worker; `worker` on the same data runs them', async () => {
    running = await serveCommand({ port: 0, host: '127.0.0.1', data, logger: false, handleSignals: false, databaseUrl: '', allowLocalRepositories: true, worker: false });
    expect(running.worker).toBeUndefined();
    const db = { data, databaseUrl: '', dispose: async () => {} };
    const token = await tokenFor(db, running.url, 'manage_connectors:worker-proj');
    const created = await call(`${running.url}/connectors/drafts`, 'POST', token, certificationDraft(repository, { key: 'separate-worker' }));
    await call(`${running.url}/connectors/drafts/${created.body.id}`, 'POST', token, { version: 1, actions: [{ action: 'publish', certification: true }] });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await call(`${running.url}/connectors/drafts/${created.body.id}`, 'GET', token)).body.status).toBe('Processing');
    expect(await running.store.jobs.list({ queue: 'certification', status: 'queued' })).toHaveLength(1);

    const silent = { info() {}, warn() {}, error() {} };
    worker = await workerCommand({ data, databaseUrl: '', allowLocalRepositories: true, runPhase: false, offline: true, pollIntervalMs: 100, handleSignals: false, log: silent });
    const done = await waitFor('the separate worker', async () => {
      const staged = await call(`${running!.url}/connectors/drafts/${created.body.id}`, 'GET', token);
      return staged.body.status !== 'Processing' ? staged.body : undefined;
    });
    expect(done.status).toBe('ReadyForCertification');
    expect((await running.store.jobs.list({ queue: 'certification' }))[0]).toMatchObject({ status: 'done', attempts: 1 });
  });
});

describe('the serve and worker command lines', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.resolve('bin/connect-certify.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

  it('documents the worker and run-phase switches', () => {
    const serve = cli('serve', '--help');
    expect(serve.status).toBe(0);
    for (const flag of ['--no-worker', '--no-run-phase', '--worker-concurrency', '--job-lease', '--public-url']) expect(serve.stdout).toContain(flag);
    expect(serve.stdout).toContain('CONNECT_CERTIFY_RUN_PHASE=0');
    const worker = cli('worker', '--help');
    expect(worker.status).toBe(0);
    expect(worker.stdout).toContain('DATABASE_URL');
    expect(cli('worker', '--worker-concurrency', '0').status).toBe(2);
  });
});
