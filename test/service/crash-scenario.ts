// The kill -9 scenario (crash-recovery.test.ts): `connect-certify serve` as a child process is
// killed with SIGKILL while its worker runs a certification job, then started again on the same data.
// Shared with the e-mail tests, which attach an SMTP server (its URL through `env`) and check that
// each e-mail arrives exactly once.
import { createStore, storeOptionsFrom, type Store } from '../../src/store/index.js';
import type { Backend } from './helpers.js';
import {
  call,
  certificationDraft,
  createCertificationRepository,
  serveDatabase,
  startServeProcess,
  tokenFor,
  waitFor,
  type CertificationRepository,
  type ServeDatabase,
  type ServeProcess,
} from './certification-fixtures.js';

/** Short, so the second `serve` takes the job over quickly; heartbeats renew it a few times a second. */
export const CRASH_TEST_JOB_LEASE_SECONDS = 2;
const PROJECT = 'crash-project';

export interface CrashScenario {
  db: ServeDatabase;
  repository: CertificationRepository;
  /** A store of the test itself on the same database, to watch jobs and runs. */
  store: Store;
  dispose(): Promise<void>;
}

export async function prepareCrashScenario(backend: Backend): Promise<CrashScenario> {
  const repository = createCertificationRepository();
  const db = await serveDatabase(backend);
  // Migrates the database before any `serve` starts, so both see the same schema.
  const store = await createStore(storeOptionsFrom({ dataDir: db.data, databaseUrl: db.databaseUrl }));
  return {
    db,
    repository,
    store,
    dispose: async () => {
      await store.close();
      await db.dispose();
      repository.dispose();
    },
  };
}

export interface CrashOutcome {
  connectorId: string;
  runId: string;
  jobId: string;
  /** The second `serve`, still running (the caller stops it). */
  restarted: ServeProcess;
}

/**
 * Starts `serve`, publishes a connector for certification, kills the server with SIGKILL while the
 * job runs, restarts it, and waits until the connector leaves Processing.
 */
export async function crashDuringCertification(scenario: CrashScenario, options: { env?: Record<string, string> } = {}): Promise<CrashOutcome> {
  const args = ['--job-lease', String(CRASH_TEST_JOB_LEASE_SECONDS)];
  const first = await startServeProcess(scenario.db, { args, ...(options.env ? { env: options.env } : {}) });
  let restarted: ServeProcess | undefined;
  try {
    const token = await tokenFor(scenario.db, first.url, `manage_connectors:${PROJECT} view_connectors:${PROJECT}`);
    const created = await call(`${first.url}/connectors/drafts`, 'POST', token, certificationDraft(scenario.repository, { key: 'crash-test' }));
    if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    const connectorId = created.body.id as string;
    const publish = await call(`${first.url}/connectors/drafts/${connectorId}`, 'POST', token, { version: created.body.version, actions: [{ action: 'publish', certification: true }] });
    if (publish.status !== 200) throw new Error(`publish failed: ${JSON.stringify(publish.body)}`);

    // Kill as soon as the worker holds the job and the engine runs (the run is marked started).
    const job = await waitFor('the job to be claimed', async () => (await scenario.store.jobs.list({ queue: 'certification', status: 'running' }))[0], 60_000, 10);
    const runId = (job.payload as { runId: string }).runId;
    await waitFor('the run to start', async () => (await scenario.store.runs.get(runId))?.status === 'running', 30_000, 10);
    await first.kill();

    const afterKill = await scenario.store.runs.get(runId);
    if (afterKill?.status !== 'running') throw new Error(`the run finished before the kill (status ${afterKill?.status}); the crash came too late to test anything`);

    restarted = await startServeProcess(scenario.db, { args, ...(options.env ? { env: options.env } : {}) });
    const server = restarted;
    await waitFor('the restarted service to finish the certification', async () => {
      const staged = await call(`${server.url}/connectors/drafts/${connectorId}`, 'GET', token);
      return staged.body.status !== 'Processing' ? staged.body : undefined;
    }, 120_000, 100);
    return { connectorId, runId, jobId: job.id, restarted };
  } catch (error) {
    await first.stop();
    await restarted?.stop();
    throw error;
  }
}
