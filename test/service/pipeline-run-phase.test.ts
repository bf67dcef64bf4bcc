// The pipeline with the sandboxed run phase on, as `serve` runs it by default: the good connector's
// applications are built, tested, started and probed in bubblewrap, and the publishing report says
// so (FUNC-BUILD / FUNC-RUN entries from checks that ran, not skipped ones). One backend is enough:
// the run phase does not touch the database. Needs bubblewrap and the npm registry; skipped with a
// message when the sandbox is unavailable.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_PHASE_CHECK_IDS } from '../../src/analyzers/functional/index.js';
import { detectSandbox } from '../../src/analyzers/sandbox/index.js';
import type { Report } from '../../src/engine/types.js';
import { startService, tempDir, type TestService } from './helpers.js';
import { certificationDraft, createCertificationRepository, startTestWorker, waitFor, type CertificationRepository } from './certification-fixtures.js';

const sandbox = detectSandbox();
if (!sandbox.available) process.stderr.write(`pipeline run phase: skipped, no usable bubblewrap: ${sandbox.reason ?? ''}\n`);
/** Install, build, tests and starts of four applications: minutes on a loaded machine. */
const RUN_PHASE_TIMEOUT_MS = 15 * 60_000;
const PROJECT = 'run-phase-project';

describe.skipIf(!sandbox.available)('certification pipeline with the sandboxed run phase', () => {
  let service: TestService;
  let repository: CertificationRepository;
  let runsDir: string;

  beforeAll(async () => {
    repository = createCertificationRepository();
    service = await startService('sqlite');
    runsDir = tempDir('runs');
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
    if (runsDir) rmSync(runsDir, { recursive: true, force: true });
  });

  it(
    'builds, tests, starts and probes the applications in the sandbox and reports it',
    async () => {
      const manage = await service.token([`manage_connectors:${PROJECT}`]);
      const created = await service.request('POST', '/connectors/drafts', { token: manage, body: certificationDraft(repository, { key: 'run-phase' }) });
      await service.request('POST', `/connectors/drafts/${created.body.id}`, { token: manage, body: { version: 1, actions: [{ action: 'publish', certification: true }] } });
      const worker = startTestWorker(service.store, { runPhase: { sandbox: 'bwrap', runsDir }, leaseMs: 60_000 });
      let staged: { status: string; publishingReport: { entries: { type: string; title: string; message?: string }[] } };
      try {
        staged = await waitFor('the run-phase certification', async () => {
          const current = await service.request('GET', `/connectors/drafts/${created.body.id}`, { token: manage });
          return current.body.status !== 'Processing' ? current.body : undefined;
        }, RUN_PHASE_TIMEOUT_MS, 500);
      } finally {
        await worker.stop();
      }
      const run = (await service.store.runs.listForConnector(created.body.id)).at(-1)!;
      const report = run.report as Report;
      const runChecks = report.checks.filter((c) => (RUN_PHASE_CHECK_IDS as readonly string[]).includes(c.id));
      expect(runChecks.map((c) => c.id).sort()).toEqual([...RUN_PHASE_CHECK_IDS].sort());
      // The checks ran (in the sandbox) rather than being skipped as "not enabled".
      expect(runChecks.filter((c) => c.status === 'skipped')).toEqual([]);
      const errors = report.findings.filter((f) => f.severity === 'error' && !f.suppressed);
      expect(errors.map((f) => `${f.check}: ${f.message}`)).toEqual([]);
      expect(staged.status).toBe('ReadyForCertification');
      const titles = staged.publishingReport.entries.filter((e) => e.type === 'Information').map((e) => e.title);
      expect(titles).toEqual(expect.arrayContaining(['The application builds as Connect builds it check succeeded', 'The application starts and answers on its endpoint check succeeded']));
    },
    RUN_PHASE_TIMEOUT_MS,
  );
});
