// End to end with commercetools' own, unmodified client stack: @commercetools/ts-client obtains a
// token through its client-credentials flow from our /oauth/token and sends the requests that
// @commercetools-connect/sdk builds, against the real server on a loopback port. The connector is a
// real Git repository made from examples/good-connector, tagged in the test. The second suite runs
// the whole certification through `serve` and its worker.
import { createApiClient, type ConnectorDraft, type ConnectorStaged } from '@commercetools-connect/sdk';
import { ClientBuilder } from '@commercetools/ts-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCommand, serveCommand, type RunningService } from '../../src/service/commands.js';
import { startSmtpSink, type SmtpSink } from '../../src/mail/__tests__/smtp-sink.js';
import { approveThroughReviewerApi, certificationDraft, createCertificationRepository, CREATOR_EMAIL, serveDatabase, tokenFor, waitFor, type CertificationRepository, type ServeDatabase } from './certification-fixtures.js';
import { BACKENDS, createFixtureRepository, draftFor, startService, type FixtureRepository, type TestService } from './helpers.js';

const PROJECT = 'sdk-project';

describe.each(BACKENDS)('official Connect SDK against the service on %s', (backend) => {
  let service: TestService;
  let repository: FixtureRepository;
  let api: ReturnType<typeof createApiClient>;
  let tokenRequests = 0;

  beforeAll(async () => {
    repository = createFixtureRepository();
    service = await startService(backend);
    const { clientId, clientSecret } = await service.createClient([`manage_connectors:${PROJECT}`, `view_connectors:${PROJECT}`]);
    const countingFetch: typeof fetch = (input, init) => {
      if (String(input).endsWith('/oauth/token')) tokenRequests++;
      return fetch(input, init);
    };
    const client = new ClientBuilder()
      .withProjectKey(PROJECT)
      .withClientCredentialsFlow({
        host: service.url,
        projectKey: PROJECT,
        credentials: { clientId, clientSecret },
        scopes: [`manage_connectors:${PROJECT}`],
        httpClient: countingFetch,
      })
      .withHttpMiddleware({ host: service.url, httpClient: fetch })
      .build();
    api = createApiClient(client.execute, service.url);
  });

  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  let created: ConnectorStaged;

  it('creates a ConnectorStaged from a Git repository and tag', async () => {
    const draft = draftFor(repository.url, { key: `sdk-good-${backend}` }) as unknown as ConnectorDraft;
    const response = await api.connectors().drafts().post({ body: draft }).execute();
    expect(response.statusCode).toBe(201);
    created = response.body;
    expect(created).toMatchObject({
      key: `sdk-good-${backend}`,
      version: 1,
      name: 'Good connector',
      status: 'Draft',
      isPreviewable: 'none',
      alreadyListed: false,
      hasChanges: false,
      repository: { url: repository.url, tag: 'v1.0.0' },
    });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Derived from connect.yaml at the tag.
    expect(created.configurations.map((c) => `${c.applicationName}:${c.applicationType}`)).toEqual(['service:service', 'event:event', 'job:job', 'assets:assets']);
    expect(created.configurations[1]!.securedConfiguration).toEqual([{ key: 'ORDER_WEBHOOK_TOKEN', description: 'Bearer token sent to ORDER_WEBHOOK_URL', required: true }]);
    expect(created.configurations[0]!.standardConfiguration).toEqual([
      { key: 'MAX_LINE_ITEM_QUANTITY', description: 'Highest quantity allowed for a single line item of a cart', required: false, default: '10' },
    ]);
    expect(created.globalConfiguration?.securedConfiguration?.map((c) => c.key)).toEqual(['CTP_CLIENT_ID', 'CTP_CLIENT_SECRET']);
    expect(tokenRequests).toBe(1);
  });

  it('reads it back by id and by key', async () => {
    const byId = await api.connectors().drafts().withId({ ID: created.id }).get().execute();
    const byKey = await api.connectors().drafts().withKey({ key: created.key! }).get().execute();
    expect(byId.body).toEqual(created);
    expect(byKey.body).toEqual(created);
  });

  it('runs update actions and re-reads connect.yaml on setRepository', async () => {
    const response = await api
      .connectors()
      .drafts()
      .withKey({ key: created.key! })
      .post({
        body: {
          version: created.version,
          actions: [
            { action: 'setName', name: 'Good connector 2' },
            { action: 'setDescription', description: 'Now with a minimum quantity' },
            { action: 'setCreatorCompany', creatorCompany: 'Example GmbH' },
            { action: 'setCreatorNoOfContributors', creatorNoOfContributors: 3 },
            { action: 'setSupportedRegions', regions: ['europe-west1.gcp', 'us-central1.gcp'] },
            { action: 'setIntegrationTypes', integrationTypes: ['oms', 'other'] },
            { action: 'addPrivateProject', privateProject: 'europe-west1.gcp:partner-project' },
            { action: 'setRepository', tag: 'v1.1.0' },
          ],
        },
      })
      .execute();
    const updated = response.body;
    expect(updated.version).toBe(created.version + 1);
    expect(updated).toMatchObject({
      name: 'Good connector 2',
      description: 'Now with a minimum quantity',
      creator: { email: 'creator@example.com', company: 'Example GmbH', noOfContributors: 3 },
      supportedRegions: ['europe-west1.gcp', 'us-central1.gcp'],
      integrationTypes: ['oms', 'other'],
      privateProjects: ['europe-west1.gcp:partner-project'],
      repository: { url: repository.url, tag: 'v1.1.0' },
    });
    expect(updated.configurations[0]!.standardConfiguration.map((c) => c.key)).toEqual(['MAX_LINE_ITEM_QUANTITY', 'MIN_LINE_ITEM_QUANTITY']);
    created = updated;
  });

  it('reports a stale version as ConcurrentModification through the client', async () => {
    const error = await api
      .connectors()
      .drafts()
      .withId({ ID: created.id })
      .post({ body: { version: 1, actions: [{ action: 'setName', name: 'stale' }] } })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e as { statusCode: number; body: { errors: { code: string; currentVersion: number }[] } },
      );
    expect(error?.statusCode).toBe(409);
    expect(error?.body.errors[0]).toMatchObject({ code: 'ConcurrentModification', expectedVersion: 1, currentVersion: created.version });
  });

  it('queries with pagination and sort', async () => {
    for (let i = 0; i < 4; i++) {
      await api
        .connectors()
        .drafts()
        .post({ body: draftFor(repository.url, { key: `sdk-page-${backend}-${i}`, name: `Paged ${i}` }) as unknown as ConnectorDraft })
        .execute();
    }
    const first = await api.connectors().drafts().get({ queryArgs: { limit: 2, offset: 0, sort: ['createdAt asc'] } }).execute();
    const rest = await api.connectors().drafts().get({ queryArgs: { limit: 2, offset: 2, sort: ['createdAt asc'] } }).execute();
    const tail = await api.connectors().drafts().get({ queryArgs: { limit: 2, offset: 4, sort: ['createdAt asc'] } }).execute();
    expect(first.body).toMatchObject({ limit: 2, offset: 0, count: 2, total: 5 });
    expect(tail.body).toMatchObject({ limit: 2, offset: 4, count: 1, total: 5 });
    const keys = [...first.body.results, ...rest.body.results, ...tail.body.results].map((c) => c.key);
    expect(keys).toEqual([created.key, ...Array.from({ length: 4 }, (_, i) => `sdk-page-${backend}-${i}`)]);

    const byNameDesc = await api.connectors().drafts().get({ queryArgs: { sort: 'name desc', limit: 3 } }).execute();
    expect(byNameDesc.body.results.map((c) => c.name)).toEqual(['Paged 3', 'Paged 2', 'Paged 1']);

    const filtered = await api.connectors().drafts().get({ queryArgs: { integrationTypes: ['other'] } }).execute();
    expect(filtered.body.results.map((c) => c.key)).toEqual([created.key]);
  });

  it('publishes for certification: status Processing and a queued certification job', async () => {
    const response = await api
      .connectors()
      .drafts()
      .withId({ ID: created.id })
      .post({ body: { version: created.version, actions: [{ action: 'publish', certification: true }] } })
      .execute();
    expect(response.body).toMatchObject({ status: 'Processing', version: created.version + 1 });
    const jobs = await service.store.jobs.list({ queue: 'certification' });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toMatchObject({ connectorId: created.id, certification: true, connectorVersion: created.version + 1 });
    const runs = await service.store.runs.listForConnector(created.id);
    expect(runs).toMatchObject([{ kind: 'certification', status: 'queued', repository: { tag: 'v1.1.0' } }]);
    expect(runs[0]!.commit).toMatch(/^[0-9a-f]{40}$/);

    // The published Connector does not exist until the pipeline publishes it.
    const missing = await api.connectors().withId({ ID: created.id }).get().execute().catch((e: { statusCode: number }) => e);
    expect((missing as { statusCode: number }).statusCode).toBe(404);
    const search = await api.connectors().search().get({ queryArgs: { text: 'good' } }).execute();
    expect(search.body).toMatchObject({ total: 0, results: [] });
  });
});

// The Must-show end to end: a running `serve` (its in-process worker, the real engine, a real Git
// repository) driven by the official client. Publish with certification → poll until
// ReadyForCertification → approve through the reviewer API → Published and in /connectors/search;
// a defective fixture ends Failed with report entries.
describe.each(BACKENDS)('certification end to end with the official SDK against `serve` on %s', (backend) => {
  let db: ServeDatabase;
  let running: RunningService;
  let repository: CertificationRepository;
  let api: ReturnType<typeof createApiClient>;
  let reviewerToken: string;
  let smtp: SmtpSink;
  /** The messages the SMTP server received about one connector (by the name in the subject). */
  const mailAbout = (name: string) => smtp.received.filter((m) => m.parsed.subject?.includes(`"${name}"`));

  beforeAll(async () => {
    repository = createCertificationRepository();
    db = await serveDatabase(backend);
    smtp = await startSmtpSink();
    running = await serveCommand({
      smtpUrl: smtp.url(),
      mailFrom: 'Connect Certification <certification@connect-certify.test>',
      mailPollMs: 100,
      port: 0,
      host: '127.0.0.1',
      data: db.data,
      databaseUrl: db.databaseUrl,
      logger: false,
      handleSignals: false,
      allowLocalRepositories: true,
      runPhase: false,
      offline: true,
      pollIntervalMs: 100,
    });
    const { client } = await createClientCommand({ data: db.data, databaseUrl: db.databaseUrl, scopes: `manage_connectors:${PROJECT} view_connectors:${PROJECT}` });
    const sdkClient = new ClientBuilder()
      .withProjectKey(PROJECT)
      .withClientCredentialsFlow({ host: running.url, projectKey: PROJECT, credentials: { clientId: client.clientId, clientSecret: client.clientSecret }, scopes: [`manage_connectors:${PROJECT}`], httpClient: fetch })
      .withHttpMiddleware({ host: running.url, httpClient: fetch })
      .build();
    api = createApiClient(sdkClient.execute, running.url);
    reviewerToken = await tokenFor(db, running.url, 'certify_connectors');
  });

  afterAll(async () => {
    await running?.close();
    await smtp?.close();
    await db?.dispose();
    repository?.dispose();
  });

  const pollUntilSettled = (id: string) =>
    waitFor(`${id} to leave Processing`, async () => {
      const staged = (await api.connectors().drafts().withId({ ID: id }).get().execute()).body;
      return staged.status !== 'Processing' ? staged : undefined;
    }, 120_000, 200);

  it('certifies a good connector: ReadyForCertification, approved by a reviewer, Published and searchable', async () => {
    const draft = certificationDraft(repository, { key: `e2e-good-${backend}`, name: 'Cart guard e2e' }) as unknown as ConnectorDraft;
    const created = (await api.connectors().drafts().post({ body: draft }).execute()).body;
    const published = await api
      .connectors()
      .drafts()
      .withId({ ID: created.id })
      .post({ body: { version: created.version, actions: [{ action: 'publish', certification: true }] } })
      .execute();
    expect(published.body.status).toBe('Processing');

    const ready = await pollUntilSettled(created.id);
    expect(ready.status).toBe('ReadyForCertification');
    const entries = ready.publishingReport?.entries ?? [];
    expect(entries.filter((e) => e.type === 'Error')).toEqual([]);
    expect(entries.some((e) => e.type === 'Information' && e.title === 'A valid connect.yaml at the root check succeeded')).toBe(true);

    const approved = await approveThroughReviewerApi(running.url, reviewerToken, created.id);
    expect(approved.connector.status).toBe('Published');

    const staged = (await api.connectors().drafts().withId({ ID: created.id }).get().execute()).body;
    expect(staged).toMatchObject({ status: 'Published', alreadyListed: true, hasChanges: false });
    const connector = (await api.connectors().withId({ ID: created.id }).get().execute()).body;
    expect(connector).toMatchObject({ id: created.id, certified: true, version: staged.version, repository: { url: repository.url, tag: repository.tags.good } });
    const search = (await api.connectors().search().get({ queryArgs: { text: 'cart guard e2e' } }).execute()).body;
    expect(search.results.map((c) => c.id)).toEqual([created.id]);

    // The creator heard about each step, once, over SMTP, with a link to the report.
    const mails = await waitFor('three e-mails about the good connector', async () => (mailAbout('Cart guard e2e').length >= 3 ? mailAbout('Cart guard e2e') : undefined), 30_000, 100);
    expect(mails.map((m) => m.parsed.subject)).toEqual([
      'Certification request received for "Cart guard e2e"',
      '"Cart guard e2e" passed the automated checks and is ready for review',
      '"Cart guard e2e" is certified and published',
    ]);
    for (const mail of mails) {
      expect(mail.envelopeTo).toEqual([CREATOR_EMAIL]);
      expect(mail.envelopeFrom).toBe('certification@connect-certify.test');
      expect(mail.parsed.html).toBeTruthy();
    }
    expect(mails[1]!.parsed.text).toContain(`${running.url}/reports/`);
    expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(3);
  });

  it('fails a defective connector with report entries', async () => {
    const draft = certificationDraft(repository, { key: `e2e-defective-${backend}`, repository: { url: repository.url, tag: repository.tags.defective } }) as unknown as ConnectorDraft;
    const created = (await api.connectors().drafts().post({ body: draft }).execute()).body;
    await api
      .connectors()
      .drafts()
      .withId({ ID: created.id })
      .post({ body: { version: created.version, actions: [{ action: 'publish', certification: true }] } })
      .execute();
    const failed = await pollUntilSettled(created.id);
    expect(failed.status).toBe('Failed');
    const errors = (failed.publishingReport?.entries ?? []).filter((e) => e.type === 'Error');
    expect(errors.some((e) => e.title.startsWith('LICENSE-FILE:'))).toBe(true);
    expect(errors.every((e) => typeof e.message === 'string' && e.message.includes('How to fix:'))).toBe(true);
    const missing = await api.connectors().withId({ ID: created.id }).get().execute().catch((e: { statusCode: number }) => e);
    expect((missing as { statusCode: number }).statusCode).toBe(404);

    // The failure e-mail lists the blockers with how to fix them.
    const name = failed.name;
    const mails = await waitFor('two e-mails about the defective connector', async () => (mailAbout(name).length >= 2 ? mailAbout(name) : undefined), 30_000, 100);
    expect(mails[0]!.parsed.subject).toBe(`Certification request received for "${name}"`);
    expect(mails[1]!.parsed.subject).toMatch(new RegExp(`^Certification failed for "${name}": \\d+ blockers? to fix$`));
    expect(mails[1]!.parsed.text).toContain('LICENSE-FILE');
  });
});
