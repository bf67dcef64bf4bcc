import { describe, expect, it } from 'vitest';
import type { ConnectApplication } from '../connect-spec/parse.js';
import { JOB_PROBE_TIMEOUT_MS, probesFor } from './probes.js';

function app(applicationType: string, fields: Partial<ConnectApplication> = {}): ConnectApplication {
  return { index: 0, name: 'x', applicationType, scripts: {}, configuration: [], ...fields };
}

describe('probesFor', () => {
  it('service: POST of an API Extension call, then the health check', () => {
    const probes = probesFor(app('service', { endpoint: '/service', healthCheckPath: '/health' }));
    expect(probes.map((p) => `${p.method} ${p.path} ${p.role}`)).toEqual(['POST /service endpoint', 'GET /health health']);
    expect(JSON.parse(probes[0]!.body!)).toMatchObject({ action: 'Create', resource: { typeId: 'cart' } });
  });
  it('event: a Pub/Sub push envelope carrying a ResourceCreated notification', () => {
    const [probe] = probesFor(app('event', { endpoint: 'event' }));
    expect(probe!.path).toBe('/event');
    const envelope = JSON.parse(probe!.body!) as { message: { data: string }; subscription: string };
    expect(JSON.parse(Buffer.from(envelope.message.data, 'base64').toString('utf8'))).toMatchObject({ notificationType: 'ResourceCreated' });
    expect(envelope.subscription).toMatch(/^projects\/.+\/subscriptions\//);
  });
  it('job: POST to the endpoint with the longer timeout; no health check for jobs', () => {
    const probes = probesFor(app('job', { endpoint: '/job', healthCheckPath: '/health' }));
    expect(probes.map((p) => `${p.method} ${p.path}`)).toEqual(['POST /job']);
    expect(probes[0]!.timeoutMs).toBe(JOB_PROBE_TIMEOUT_MS);
  });
  it('assets and Merchant Center apps: GET / of the served output', () => {
    for (const type of ['assets', 'merchant-center-custom-application', 'merchant-center-custom-view']) {
      expect(probesFor(app(type)).map((p) => `${p.method} ${p.path} ${p.role}`)).toEqual(['GET / static']);
    }
  });
});
