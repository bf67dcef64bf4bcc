// Functional verification (the opt-in run phase): build, test, start and probe each application in
// the sandbox as Connect would. `functionalRunOf(ws)` runs it once per certification; the run/*
// checks report from it.
export * from './run.js';
export { placeholderConfigurationOf, type PlaceholderConfiguration, type PlaceholderEntry } from './placeholders.js';
export { probesFor, pubSubPushEnvelope, resourceCreatedNotification, extensionInput, PROBE_TIMEOUT_MS, JOB_PROBE_TIMEOUT_MS, type ProbeSpec } from './probes.js';
export { compareForState, normaliseAnswer, type StatelessComparison } from './stateless.js';
export { failingTestLines, parseTestCounts, parseCoverageOutput, parseCoverageSummary, type TestCounts, type CoverageSummary } from './test-output.js';
export type { SupervisorConfig, SupervisorResult, ProbeRecord, StartRecord } from './supervisor.js';

export { RUN_PHASE_CHECK_IDS, RUN_PHASE_SECTION, type RunPhaseCheckId } from './ids.js';
export { reportRunPhase } from './report.js';
