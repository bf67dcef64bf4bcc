// Public library surface: the engine the CLI and the certification service share.
export { certify, looksLikeGitUrl, CertifyAbortedError, UnknownCheckError, DEFAULT_TIME_BUDGET_MS } from './engine/certify.js';
export type { CertifyOptions, ProgressEvent } from './engine/certify.js';
export { loadChecks } from './engine/registry.js';
export { REQUIREMENTS, requirementOf } from './engine/requirements.js';
export type { Requirement, RequirementCode, RequirementLevel } from './engine/requirements.js';
export { verdictOf, statusFrom } from './engine/verdict.js';
export type * from './engine/types.js';
export * from './report/index.js';
export type { EngineSettings, CreatorRecord } from './engine/workspace.js';
// The run phase: callers (the certification service) enable these checks and pass settings.run.
export { RUN_PHASE_CHECK_IDS, RUN_PHASE_SECTION } from './analyzers/functional/ids.js';
export type { FunctionalRun, ApplicationRun } from './analyzers/functional/index.js';
export { detectSandbox } from './analyzers/sandbox/index.js';
