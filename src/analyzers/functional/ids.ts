// Names of the run phase that callers need without loading it (the CLI, the service, the library's
// entry point): the sandbox and supervisor modules are loaded only when a run/* check runs.

/** The opt-in checks of the run phase (`--run`). */
export const RUN_PHASE_CHECK_IDS = ['run/build', 'run/tests', 'run/start', 'run/resources'] as const;
export type RunPhaseCheckId = (typeof RUN_PHASE_CHECK_IDS)[number];

/** The report section key. */
export const RUN_PHASE_SECTION = 'runPhase';
