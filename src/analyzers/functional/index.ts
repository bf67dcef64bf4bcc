// Functional verification (the opt-in run phase): build, test, start and probe each application in
// the sandbox as Connect would. `functionalRunOf(ws)` runs it once per certification; the run/*
// checks report from it.
export * from './run.js';
export { placeholderConfigurationOf, type PlaceholderConfiguration, type PlaceholderEntry } from './placeholders.js';
export { probesFor, pubSubPushEnvelope, resourceCreatedNotification, extensionInput, PROBE_TIMEOUT_MS, JOB_PROBE_TIMEOUT_MS, type ProbeSpec } from './probes.js';
export { compareForState, normaliseAnswer, type StatelessComparison } from './stateless.js';
export { failingTestLines, parseTestCounts, parseCoverageOutput, parseCoverageSummary, type TestCounts, type CoverageSummary } from './test-output.js';
export type { SupervisorConfig, SupervisorResult, ProbeRecord, StartRecord } from './supervisor.js';

/** The opt-in checks of the run phase; the CLI enables all of them with `--run`. */
export const RUN_PHASE_CHECK_IDS = ['run/build', 'run/tests', 'run/start', 'run/resources'] as const;
export type RunPhaseCheckId = (typeof RUN_PHASE_CHECK_IDS)[number];
export { reportRunPhase, RUN_PHASE_SECTION } from './report.js';
