// The command functions the CLI wires to `connect-certify serve` and `connect-certify clients create`:
// a client created in the data folder while the server runs can obtain a token from it at once.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCommand, serveCommand, UsageError, type RunningService } from '../../src/service/commands.js';
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
    running = await serveCommand({ port: 0, host: '127.0.0.1', data, logger: false, handleSignals: false, databaseUrl: '' });
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
