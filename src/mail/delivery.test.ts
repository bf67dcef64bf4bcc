// Outbox → e-mail on every configured backend (SQLite always; PostgreSQL with TEST_DATABASE_URL),
// against a real SMTP server on loopback: each lifecycle message, payloads completed from the
// staged connector, the `.eml` fallback, retries and giving up, leases (slow servers, crashed and
// concurrent deliverers: every message exactly once), skipped messages, hostile names.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_TOPICS, type LifecycleMessagePayload } from '../pipeline/messages.js';
import { migrationProvider } from '../store/migrations.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_BACKENDS, type TestStore } from '../store/testing.js';
import { OutboxDeliverer, messageIdFor, type DeliveryResult } from './deliverer.js';
import { startMailer } from './mailer.js';
import { ensureOutboxDeliverySchema, hasOutboxDeliveryColumns } from './migration.js';
import { OutboxLease } from './outbox-lease.js';
import { createMailTransport, emlFileName, type MailTransport } from './transport.js';
import { markPendingAgain, openSecondStore, outboxRow, outboxRows, stagedConnector } from './__tests__/fixtures-mail.js';
import { startSmtpSink, type SmtpSink } from './__tests__/smtp-sink.js';

const FROM = 'Connect Certification <certify@certify.example.com>';
const BASE = 'https://certify.example.com';
const LOGIN = { user: 'mailer', pass: 'p@ss:word/1' };
const FAST_RETRY = { baseDelayMs: 0, maxDelayMs: 0, jitter: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sequence = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

describe.each(TEST_BACKENDS)('e-mail delivery on %s', (backend) => {
  let handle: TestStore;
  let store: Store;
  let sink: SmtpSink;
  let transport: MailTransport;
  const extraStores: Store[] = [];

  beforeAll(async () => {
    handle = await openTestStore(backend);
    store = handle.store;
    await ensureOutboxDeliverySchema(store.db);
    sink = await startSmtpSink({ login: LOGIN });
    transport = createMailTransport({ smtpUrl: sink.url(LOGIN), dataDir: '/nonexistent' });
  });
  afterAll(async () => {
    transport?.close();
    for (const s of extraStores) await s.close();
    await sink?.close();
    await handle?.dispose();
  });
  afterEach(async () => {
    // Each test starts with an empty outbox and mailbox, and a server that behaves.
    await store.db.deleteFrom('outbox').execute();
    sink.received.length = 0;
    sink.failNext(0);
    sink.setResponseDelay(0);
  });

  const deliverer = (options: Partial<ConstructorParameters<typeof OutboxDeliverer>[0]> = {}) =>
    new OutboxDeliverer({ db: store.db, transport, from: FROM, publicBaseUrl: BASE, retry: FAST_RETRY, ...options });

  async function connector(overrides: Parameters<typeof stagedConnector>[1] = {}) {
    const record = stagedConnector(uniqueId('c'), overrides);
    await store.connectors.insertStaged(record);
    return record.connector;
  }

  async function lifecycle(topic: string, c: { id: string; key?: string; name: string; creator: { email: string } }, extra: Partial<LifecycleMessagePayload> = {}) {
    const payload: LifecycleMessagePayload = {
      connectorId: c.id,
      runId: `run-${c.id}`,
      ...(c.key ? { connectorKey: c.key } : {}),
      connectorName: c.name,
      creatorEmail: c.creator.email,
      status: 'Failed',
      ...extra,
    };
    return store.outbox.add({ topic, aggregateId: c.id, payload });
  }

  it('sends each lifecycle message over SMTP: subject, text, HTML, report links, stable Message-ID', async () => {
    const c = await connector({ name: 'Acme Sync', key: 'acme-sync', email: 'dev@acme.test' });
    const blockers = [{ check: 'connect-yaml-schema', requirement: 'SPEC-YAML', message: 'deployAs is missing', remediation: 'Add deployAs to each application in connect.yaml.' }];
    const expected = [
      { topic: LIFECYCLE_TOPICS.publishRequested, extra: { status: 'Processing', certification: true }, subject: 'Certification request received for "Acme Sync"', says: 'We received your request to certify' },
      { topic: LIFECYCLE_TOPICS.certificationFailed, extra: { blockers }, subject: 'Certification failed for "Acme Sync": 1 blocker to fix', says: 'How to fix: Add deployAs to each application in connect.yaml.' },
      { topic: LIFECYCLE_TOPICS.readyForReview, extra: { status: 'ReadyForCertification' }, subject: '"Acme Sync" passed the automated checks and is ready for review', says: 'A reviewer of the Connect team will now' },
      { topic: LIFECYCLE_TOPICS.certificationApproved, extra: { status: 'Published' }, subject: '"Acme Sync" is certified and published', says: 'certified and listed in the marketplace' },
      { topic: LIFECYCLE_TOPICS.certificationRejected, extra: { reasons: ['The logo is a third-party trademark'] }, subject: 'Certification rejected for "Acme Sync"', says: '1. The logo is a third-party trademark' },
      { topic: LIFECYCLE_TOPICS.published, extra: { status: 'Published' }, subject: '"Acme Sync" is published as a private connector', says: 'published as a private connector' },
    ];
    const messages = [];
    for (const e of expected) messages.push(await lifecycle(e.topic, c, e.extra));

    const results = await deliverer().deliverDue();
    expect(results.map((r) => r.outcome)).toEqual(expected.map(() => 'sent'));
    const received = await sink.waitFor(expected.length);
    expect(received).toHaveLength(expected.length);

    for (const [i, e] of expected.entries()) {
      const message = messages[i]!;
      const mail = received.find((m) => m.parsed.messageId === messageIdFor(message.id, FROM));
      expect(mail, e.topic).toBeDefined();
      const { parsed } = mail!;
      expect(parsed.messageId).toBe(`<outbox.${message.id}@certify.example.com>`);
      expect(parsed.subject).toBe(e.subject);
      expect(parsed.from?.value).toEqual([{ name: 'Connect Certification', address: 'certify@certify.example.com' }]);
      expect(mail!.envelopeTo).toEqual(['dev@acme.test']);
      expect(mail!.envelopeFrom).toBe('certify@certify.example.com');
      expect(mail!.user).toBe(LOGIN.user);
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(parsed.headers.get('x-connect-certify-topic')).toBe(e.topic);
      expect(parsed.text).toContain(e.says);
      expect(parsed.text).toContain(`${BASE}/reports/run-${c.id}?format=html`);
      expect(parsed.html).toContain(`href="${BASE}/reports/run-${c.id}?format=html"`);
      expect(parsed.html).toContain(`href="${BASE}/reports/run-${c.id}"`);
      expect(parsed.html).toContain('<h1');
    }
    for (const row of await outboxRows(store)) {
      expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, locked_by: null, locked_until: null });
      expect(row.sent_at).not.toBeNull();
    }
    expect(await deliverer().deliverDue()).toEqual([]);
  });

  it('completes payloads from the run and the staged connector: API publish-requested rows, minimal rows', async () => {
    const c = await connector({ name: 'Beta Connector', key: 'beta', email: 'beta@example.com' });
    const older = new Date(Date.now() - 60_000);
    const privateRun = await store.runs.create({ connectorId: c.id, connectorVersion: 2, kind: 'publish', repository: { url: c.repository.url, tag: 'v0.9.0' }, requestedBy: 'client-1', now: older });
    const certificationRun = await store.runs.create({ connectorId: c.id, connectorVersion: 3, kind: 'certification', repository: c.repository, requestedBy: 'client-1' });
    // Exactly what service/actions.ts writes (no name, key or e-mail) ...
    await store.outbox.add({ topic: LIFECYCLE_TOPICS.publishRequested, aggregateId: c.id, payload: { connectorId: c.id, runId: privateRun.id, certification: false, repository: { url: c.repository.url, tag: 'v0.9.0' } } });
    // ... a failure of that private publish that does not say it was one ...
    const blockers = [{ check: 'repo-tag', requirement: 'REPO-TAG', message: 'The tag moved', remediation: 'Create a new tag.' }];
    await store.outbox.add({ topic: LIFECYCLE_TOPICS.certificationFailed, aggregateId: c.id, payload: { connectorId: c.id, runId: privateRun.id, blockers } });
    // ... and a row with nothing but the connector: the latest run is the certification.
    await store.outbox.add({ topic: LIFECYCLE_TOPICS.readyForReview, aggregateId: c.id, payload: { connectorId: c.id } });

    expect((await deliverer().deliverDue()).map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent']);
    const received = await sink.waitFor(3);
    // Rows written in the same millisecond have no defined order; find each by its topic.
    const byTopic = (topic: string) => received.find((m) => m.parsed.headers.get('x-connect-certify-topic') === topic)!;
    const requested = byTopic(LIFECYCLE_TOPICS.publishRequested);
    expect(requested.envelopeTo).toEqual(['beta@example.com']);
    expect(requested.parsed.subject).toBe('Publish request received for "Beta Connector"');
    expect(requested.parsed.text).toContain('"Beta Connector" (key beta)');
    expect(requested.parsed.text).toContain('Repository: https://github.com/example/connector.git at v0.9.0');
    expect(requested.parsed.text).toContain(`${BASE}/reports/${privateRun.id}?format=html`);
    const failed = byTopic(LIFECYCLE_TOPICS.certificationFailed);
    expect(failed.parsed.subject).toBe('Publishing failed for "Beta Connector": 1 blocker to fix');
    expect(failed.parsed.text).toContain('at v0.9.0');
    expect(failed.parsed.text).toContain('How to fix: Create a new tag.');
    const ready = byTopic(LIFECYCLE_TOPICS.readyForReview);
    expect(ready.parsed.subject).toBe('"Beta Connector" passed the automated checks and is ready for review');
    expect(ready.parsed.text).toContain('at v1.0.0');
    expect(ready.parsed.html).toContain(`href="${BASE}/reports/${certificationRun.id}?format=html"`);
  });

  it('retries after a refused send and delivers exactly once when the server recovers', async () => {
    const c = await connector();
    const message = await lifecycle(LIFECYCLE_TOPICS.readyForReview, c);
    sink.failNext(2);
    const d = deliverer({ retry: { baseDelayMs: 1_000, maxDelayMs: 1_000, jitter: 0 } });

    const first = await d.deliverDue();
    expect(first).toMatchObject([{ outboxId: message.id, outcome: 'retry', attempts: 1 }]);
    expect(first[0]!.detail).toMatch(/451/);
    // Backing off: not due again yet.
    expect(await d.deliverDue()).toEqual([]);
    const waiting = await outboxRow(store, message.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, locked_by: null, sent_at: null });
    expect(waiting.last_error).toMatch(/451.*Try again later/);
    expect(Date.parse(waiting.next_attempt_at!)).toBeGreaterThan(Date.now());

    const outcomes: DeliveryResult[] = [...first];
    for (let i = 0; i < 100 && !outcomes.some((r) => r.outcome === 'sent'); i++) {
      await sleep(100);
      outcomes.push(...(await d.deliverDue()));
    }
    expect(outcomes.map((r) => r.outcome)).toEqual(['retry', 'retry', 'sent']);
    expect(sink.received).toHaveLength(1);
    expect(await outboxRow(store, message.id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    await sleep(50);
    expect(await d.deliverDue()).toEqual([]);
    expect(sink.received).toHaveLength(1);
  });

  it('retries while the server is unreachable, then gives up: dead after maxAttempts', async () => {
    const c = await connector();
    const message = await lifecycle(LIFECYCLE_TOPICS.certificationApproved, c);
    const closed = await startSmtpSink();
    const unreachable = createMailTransport({ smtpUrl: closed.url(), dataDir: '/nonexistent' });
    await closed.close();
    const d = deliverer({ transport: unreachable, retry: { ...FAST_RETRY, maxAttempts: 3 } });
    const outcomes: DeliveryResult[] = [];
    for (let i = 0; i < 5; i++) outcomes.push(...(await d.deliverDue()));
    unreachable.close();
    expect(outcomes.map((r) => r.outcome)).toEqual(['retry', 'retry', 'dead']);
    const row = await outboxRow(store, message.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 3, sent_at: null, locked_by: null });
    expect(row.last_error).toMatch(/^gave up after 3 attempts: .*ECONNREFUSED/);
  });

  it('marks a permanently refused message dead at once', async () => {
    const c = await connector();
    const message = await lifecycle(LIFECYCLE_TOPICS.certificationApproved, c);
    sink.failNext(1, 550);
    expect(await deliverer().deliverDue()).toMatchObject([{ outboxId: message.id, outcome: 'dead', attempts: 1 }]);
    expect((await outboxRow(store, message.id)).last_error).toMatch(/^permanent failure: .*550/);
    expect(await deliverer().deliverDue()).toEqual([]);
    expect(sink.received).toHaveLength(0);
  });

  it('skips messages without a recipient, with a reason, and never retries them', async () => {
    const orphan = { id: uniqueId('gone'), name: 'Deleted connector', creator: { email: '' } };
    const noRecipient = await lifecycle(LIFECYCLE_TOPICS.certificationFailed, orphan, { creatorEmail: undefined as unknown as string });
    const bad = await connector({ email: 'not an address' });
    const badRecipient = await store.outbox.add({ topic: LIFECYCLE_TOPICS.certificationFailed, aggregateId: bad.id, payload: { connectorId: bad.id } });
    const otherTopic = await store.outbox.add({ topic: 'connector.comment-added', aggregateId: bad.id, payload: { connectorId: bad.id, comment: 'hi' } });

    const results = await deliverer().deliverDue();
    // Rows written in the same millisecond have no defined order.
    expect(new Map(results.map((r) => [r.outboxId, r.outcome]))).toEqual(
      new Map([
        [noRecipient.id, 'skipped'],
        [badRecipient.id, 'skipped'],
        [otherTopic.id, 'skipped'],
      ]),
    );
    expect((await outboxRow(store, noRecipient.id)).last_error).toBe(`skipped: no recipient: connector ${orphan.id} has no creator e-mail`);
    expect((await outboxRow(store, badRecipient.id)).last_error).toMatch(/^skipped: no recipient: .* is not an address \("not an address"\)$/);
    expect((await outboxRow(store, otherTopic.id)).last_error).toBe('skipped: topic connector.comment-added has no e-mail');
    for (const row of await outboxRows(store)) expect(row).toMatchObject({ status: 'skipped', attempts: 1, sent_at: null, locked_by: null });
    expect(await deliverer().deliverDue()).toEqual([]);
    expect(sink.received).toHaveLength(0);
  });

  it('marks a message whose payload cannot be read dead at once', async () => {
    const c = await connector();
    const message = await store.outbox.add({ topic: LIFECYCLE_TOPICS.certificationFailed, aggregateId: c.id, payload: { connectorId: c.id, blockers: 'none' } });
    expect(await deliverer().deliverDue()).toMatchObject([{ outcome: 'dead' }]);
    expect((await outboxRow(store, message.id)).last_error).toBe(`permanent failure: outbox ${message.id}: payload.blockers is not an array`);
  });

  it('escapes hostile connector names, blockers and reasons in the HTML and keeps headers intact', async () => {
    const hostile = '<script>alert("x")</script> & \'Co\'\r\nBcc: evil@example.com';
    const c = await connector({ name: hostile, key: 'hostile', email: 'victim@example.com' });
    await lifecycle(LIFECYCLE_TOPICS.certificationFailed, c, {
      blockers: [{ check: '<b>c</b>', requirement: 'R', message: '<img src=x onerror=alert(1)>', remediation: '"><a href="javascript:alert(1)">fix</a>' }],
    });
    await lifecycle(LIFECYCLE_TOPICS.certificationRejected, c, { reasons: ['</li><iframe src="https://evil.example"></iframe>'] });
    expect((await deliverer().deliverDue()).map((r) => r.outcome)).toEqual(['sent', 'sent']);
    const received = await sink.waitFor(2);
    for (const { parsed, envelopeTo } of received) {
      expect(envelopeTo).toEqual(['victim@example.com']);
      expect(parsed.bcc).toBeUndefined();
      expect(parsed.headers.has('bcc')).toBe(false);
      expect(parsed.subject).toContain('<script>alert("x")</script> & \'Co\' Bcc: evil@example.com');
      const html = parsed.html as string;
      expect(html).not.toMatch(/<script|<img|<iframe|<b>c|href="javascript/i);
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;');
    }
    expect(received.map((m) => m.parsed.html).join('')).toContain('&lt;/li&gt;&lt;iframe src=&quot;https://evil.example&quot;&gt;');
  });

  it('extends the lease while a slow server answers, so a second deliverer does not send the message too', async () => {
    const c = await connector();
    await lifecycle(LIFECYCLE_TOPICS.published, c);
    sink.setResponseDelay(1_500);
    const first = deliverer({ leaseMs: 400, owner: 'first' });
    const second = deliverer({ leaseMs: 400, owner: 'second' });
    const sending = first.deliverDue();
    const competing: DeliveryResult[] = [];
    // Polls for three times the lease while the first deliverer waits for the server.
    for (let i = 0; i < 8; i++) {
      await sleep(150);
      competing.push(...(await second.deliverDue()));
    }
    expect((await sending).map((r) => r.outcome)).toEqual(['sent']);
    expect(competing).toEqual([]);
    expect(sink.received).toHaveLength(1);
  });

  it('sends a message again, with the same Message-ID, when its deliverer died before settling it', async () => {
    const c = await connector();
    const message = await lifecycle(LIFECYCLE_TOPICS.readyForReview, c);
    // A deliverer claims the message and dies (never sends, never settles, stops extending).
    const dead = new OutboxLease(store.db, 'crashed-process');
    expect(await dead.claim(10, 500)).toHaveLength(1);
    const survivor = deliverer({ owner: 'survivor' });
    expect(await survivor.deliverDue()).toEqual([]);
    await sleep(600);
    expect(await survivor.deliverDue()).toMatchObject([{ outboxId: message.id, outcome: 'sent', attempts: 2 }]);
    const [mail] = await sink.waitFor(1);
    expect(mail!.parsed.messageId).toBe(messageIdFor(message.id, FROM));
    // The dead deliverer cannot overwrite the outcome afterwards.
    expect(await dead.markRetry(message.id, 'late', new Date())).toBe(false);
    expect(await dead.extend(message.id, 1_000)).toBe(false);
    expect(await outboxRow(store, message.id)).toMatchObject({ status: 'sent' });
  });

  it('gives up on a message whose deliverers keep dying mid-send', async () => {
    const c = await connector();
    const message = await lifecycle(LIFECYCLE_TOPICS.readyForReview, c);
    for (let i = 0; i < 2; i++) {
      expect(await new OutboxLease(store.db, `crash-${i}`).claim(10, 30)).toHaveLength(1);
      await sleep(40);
    }
    expect(await deliverer({ retry: { ...FAST_RETRY, maxAttempts: 2 } }).deliverDue()).toMatchObject([{ outcome: 'dead', attempts: 3 }]);
    expect((await outboxRow(store, message.id)).last_error).toMatch(/^gave up after 2 attempts; the last ones did not finish/);
    expect(sink.received).toHaveLength(0);
  });

  it('two deliverers on separate connections deliver every message exactly once', async () => {
    const other = await openSecondStore(store);
    extraStores.push(other);
    const count = 30;
    const ids = new Set<string>();
    for (let i = 0; i < count; i++) {
      const c = await connector();
      ids.add((await lifecycle(LIFECYCLE_TOPICS.readyForReview, c)).id);
    }
    sink.setResponseDelay(5);
    const otherTransport = createMailTransport({ smtpUrl: sink.url(LOGIN), dataDir: '/nonexistent' });
    const deliverers = [deliverer({ owner: 'one', batchSize: 4 }), new OutboxDeliverer({ db: other.db, transport: otherTransport, from: FROM, publicBaseUrl: BASE, owner: 'two', batchSize: 4 })];
    const results = await Promise.all(
      deliverers.map(async (d) => {
        const mine: DeliveryResult[] = [];
        for (let idle = 0; idle < 3; ) {
          const batch = await d.deliverDue();
          mine.push(...batch);
          idle = batch.length === 0 ? idle + 1 : 0;
        }
        return mine;
      }),
    );
    otherTransport.close();
    const all = results.flat();
    expect(all.every((r) => r.outcome === 'sent')).toBe(true);
    expect(all).toHaveLength(count);
    // Both took part (each claimed from the same candidates), yet no message went out twice.
    expect(results[0]!.length).toBeGreaterThan(0);
    expect(results[1]!.length).toBeGreaterThan(0);
    const received = await sink.waitFor(count);
    await sleep(100);
    expect(sink.received).toHaveLength(count);
    const deliveredIds = received.map((m) => /^<outbox\.(.+)@certify\.example\.com>$/.exec(m.parsed.messageId ?? '')?.[1]);
    expect(new Set(deliveredIds).size).toBe(count);
    expect(new Set(deliveredIds)).toEqual(ids);
    for (const row of await outboxRows(store)) expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('startMailer without SMTP writes .eml files to {dataDir}/mail, one per message even when re-sent', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'connect-certify-mail-test-'));
    try {
      const c = await connector({ name: 'File Connector', email: 'files@example.com' });
      const stop = new AbortController();
      const mailer = await startMailer({ store, dataDir, from: FROM, publicBaseUrl: BASE, signal: stop.signal, pollMs: 50 });
      expect(mailer.transport).toBe('file');
      const delivered = new Promise<DeliveryResult[]>((resolve) => mailer.onDelivered(resolve));
      const message = await lifecycle(LIFECYCLE_TOPICS.certificationApproved, c, { status: 'Published' });
      mailer.wake();
      expect((await delivered).map((r) => r.outcome)).toEqual(['sent']);
      const file = path.join(dataDir, 'mail', emlFileName(messageIdFor(message.id, FROM)));
      expect(existsSync(file)).toBe(true);
      const raw = readFileSync(file);
      expect(raw.includes('\r\n')).toBe(true);
      const parsed = await simpleParser(raw);
      expect(parsed.messageId).toBe(messageIdFor(message.id, FROM));
      expect(parsed.subject).toBe('"File Connector" is certified and published');
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('files@example.com');
      expect(parsed.html).toContain(`href="${BASE}/reports/run-${c.id}?format=html"`);

      // A re-send of the same row (the crash window) replaces the file instead of adding one.
      await markPendingAgain(store, message.id);
      const again = new Promise<DeliveryResult[]>((resolve) => mailer.onDelivered(resolve));
      mailer.wake();
      expect((await again).map((r) => r.outcome)).toEqual(['sent']);
      expect(readdirSync(path.join(dataDir, 'mail'))).toEqual([path.basename(file)]);

      stop.abort();
      await mailer.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('startMailer over SMTP delivers what the service writes, logs without secrets, and stops on its signal', async () => {
    const c = await connector({ name: 'Served', email: 'served@example.com' });
    const stop = new AbortController();
    const logs: { level: string; data: Record<string, unknown>; message: string }[] = [];
    const record = (level: string) => (data: Record<string, unknown>, message: string) => void logs.push({ level, data, message });
    const logger = { info: record('info'), warn: record('warn'), error: record('error') };
    const mailer = await startMailer({ store, dataDir: '/nonexistent', smtpUrl: sink.url(LOGIN), from: FROM, publicBaseUrl: BASE, signal: stop.signal, pollMs: 30, logger });
    expect(mailer.transport).toBe('smtp');
    await store.transaction(async (tx) => {
      await tx.outbox.add({ topic: LIFECYCLE_TOPICS.publishRequested, aggregateId: c.id, payload: { connectorId: c.id, runId: 'r1', certification: true, repository: c.repository } });
    });
    const [mail] = await sink.waitFor(1);
    expect(mail!.parsed.subject).toBe('Certification request received for "Served"');
    stop.abort();
    await mailer.stop();
    await store.outbox.add({ topic: LIFECYCLE_TOPICS.published, aggregateId: c.id, payload: { connectorId: c.id } });
    await sleep(150);
    expect(sink.received).toHaveLength(1);
    expect(logs.map((l) => l.message)).toEqual(['mailer started', 'e-mail sent', 'mailer stopped']);
    expect(logs[0]!.data).toMatchObject({ transport: 'smtp', destination: `smtp://127.0.0.1:${sink.port}` });
    expect(logs[1]!.data).toMatchObject({ topic: LIFECYCLE_TOPICS.publishRequested, to: 'served@example.com', attempts: 1 });
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain(LOGIN.pass);
    expect(logged).not.toContain(encodeURIComponent(LOGIN.pass));
  });
});

describe('outbox delivery migration', () => {
  it('is registered with the store: a migrated store has the delivery columns', async () => {
    const handle = await openTestStore('sqlite');
    try {
      expect(await hasOutboxDeliveryColumns(handle.store.db)).toBe(true);
      await ensureOutboxDeliverySchema(handle.store.db); // a no-op on a migrated store
      expect(await hasOutboxDeliveryColumns(handle.store.db)).toBe(true);
    } finally {
      await handle.dispose();
    }
  });

  it('upgrades an outbox written before it: sent rows stay sent, the rest pending; startMailer refuses a store without it', async () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      const before = await migrator.migrateTo('0002_jobs_leases');
      expect(before.error).toBeUndefined();
      const row = (id: string, sentAt: string | null) => ({ id, topic: LIFECYCLE_TOPICS.published, aggregate_id: 'c', payload: '{"connectorId":"c"}', created_at: new Date().toISOString(), sent_at: sentAt, attempts: 0, last_error: null });
      await db.insertInto('outbox').values([row('sent', new Date().toISOString()), row('pending', null)]).execute();
      expect(await hasOutboxDeliveryColumns(db)).toBe(false);
      await expect(startMailer({ store: { db }, dataDir: '/nonexistent', from: FROM, publicBaseUrl: BASE })).rejects.toThrow(/outbox table lacks the delivery columns: .*0003_outbox_delivery/);

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows = await sql<{ id: string; status: string; locked_by: string | null; next_attempt_at: string | null }>`SELECT id, status, locked_by, next_attempt_at FROM outbox ORDER BY id`.execute(db);
      expect(rows.rows).toEqual([
        { id: 'pending', status: 'pending', locked_by: null, next_attempt_at: null },
        { id: 'sent', status: 'sent', locked_by: null, next_attempt_at: null },
      ]);
      await expect(startMailer({ store: { db }, dataDir: '/nonexistent', from: FROM, publicBaseUrl: 'ftp://x' })).rejects.toThrow(/publicBaseUrl: "ftp:\/\/x" must be an http or https URL/);
      await expect(startMailer({ store: { db }, dataDir: '/nonexistent', smtpUrl: 'http://u:secret@h', from: FROM, publicBaseUrl: BASE })).rejects.toThrow(/^SMTP_URL must start with smtp:\/\//);
    } finally {
      await db.destroy();
    }
  });
});
