// Kill -9 of `connect-certify serve` while its worker runs a certification job: no shutdown code
// runs, the job row stays `running` with the dead process's lease. A new `serve` on the same data
// takes the job over once the lease expires and completes it: the ConnectorStaged reaches
// ReadyForCertification, each lifecycle message is in the outbox exactly once, and a real SMTP
// server receives each e-mail exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_TOPICS } from '../../src/pipeline/index.js';
import { waitFor } from './certification-fixtures.js';
import { crashDuringCertification, prepareCrashScenario, type CrashOutcome, type CrashScenario } from './crash-scenario.js';
import { BACKENDS } from './helpers.js';
import { startSmtpSink, type SmtpSink } from '../../src/mail/__tests__/smtp-sink.js';

describe.each(BACKENDS)('kill -9 during a certification job on %s', (backend) => {
  let scenario: CrashScenario;
  let outcome: CrashOutcome | undefined;
  let smtp: SmtpSink;

  beforeAll(async () => {
    scenario = await prepareCrashScenario(backend);
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await outcome?.restarted.stop();
    await smtp?.close();
    await scenario?.dispose();
  });

  it('completes the job after a restart, exactly once', async () => {
    outcome = await crashDuringCertification(scenario, { env: { SMTP_URL: smtp.url(), MAIL_FROM: 'certification@connect-certify.test' } });
    const { connectorId, runId, jobId } = outcome;

    const staged = await scenario.store.connectors.findStaged({ id: connectorId });
    expect(staged?.connector.status).toBe('ReadyForCertification');
    // The dead process's attempt counted; the second completed it.
    expect(await scenario.store.jobs.get(jobId)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await scenario.store.runs.get(runId)).toMatchObject({ status: 'passed', verdict: 'pass', commit: scenario.repository.commitOf(scenario.repository.tags.good) });
    const topics = (await scenario.store.db.selectFrom('outbox').select('topic').where('aggregate_id', '=', connectorId).orderBy('created_at').execute()).map((m) => m.topic);
    expect(topics).toEqual([LIFECYCLE_TOPICS.publishRequested, LIFECYCLE_TOPICS.readyForReview]);
    // The restarted server logs the job it took over (the line may trail the commit a little).
    const restarted = outcome.restarted;
    expect(await waitFor('the "job done" log line', async () => restarted.output.some((line) => line.includes('"job done"')), 10_000)).toBe(true);

    // Each e-mail arrives once: the received notice (sent by whichever process got to it) and the
    // ready-for-review notice (sent after the restart). Wait past a few delivery polls for duplicates.
    await smtp.waitFor(2, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const subjects = smtp.received.map((m) => m.parsed.subject ?? '');
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).toMatch(/^Certification request received for "/);
    expect(subjects[1]).toMatch(/passed the automated checks and is ready for review$/);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(2);
  });
});
