// The sandbox the run phase executes untrusted code in (bubblewrap; see bwrap.ts for what a step
// sees and session.ts for the limits), with its logs and host-side process accounting.
export { BWRAP_MISSING_MESSAGE, detectSandbox, findExecutable, type SandboxAvailability } from './availability.js';
export { bwrapArguments, HIDDEN_SYSTEM_PATHS, HOME_INSIDE, HOST_SYSTEM_ENTRIES, META_INSIDE, WORKSPACE_INSIDE, type BwrapLayout } from './bwrap.js';
export { copyRepository, CopyError, MAX_COPY_BYTES } from './copy.js';
export { LOG_HEAD_BYTES, LOG_TAIL_BYTES, LogCapture, redactSecrets, tailOf, type LogSummary } from './logs.js';
export { killAll, processesOf, processWithMarker, sampleProcesses } from './proc.js';
export {
  DEFAULT_RUNS_DIR,
  SandboxSession,
  SandboxUnavailableError,
  type KillReason,
  type SandboxCommand,
  type SandboxEnforcement,
  type SandboxLimits,
  type SandboxMode,
  type SandboxOutcome,
} from './session.js';
