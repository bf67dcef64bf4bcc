// From the run phase to findings: each run/* check reports the issues of its part, and every one of
// them attaches the same `runPhase` section (per-application steps, durations, counts, probes,
// memory and the paths of the step logs).
import type { CheckContext } from '../../engine/types.js';
import { RUN_PHASE_SECTION } from './ids.js';
import type { FunctionalRun, RunCheckKey } from './run.js';

export async function reportRunPhase(ctx: CheckContext, key: RunCheckKey, ownRequirement: string): Promise<void> {
  // Loaded here, not at start-up: the run phase is opt-in and its modules take ~100 ms to load.
  const { functionalRunOf } = await import('./run.js');
  const run: FunctionalRun = await functionalRunOf(ctx.workspace, ctx.signal, ctx.progress ? (message) => ctx.progress!(message) : undefined);
  if (ctx.signal.aborted) throw new Error('the run phase was cancelled');
  if (run.status !== 'ran') {
    ctx.skip(run.reason ?? 'the run phase did not run');
    return;
  }
  ctx.attach(RUN_PHASE_SECTION, run);
  for (const app of run.applications) {
    for (const issue of app.issues) {
      if (issue.check !== key) continue;
      ctx.report({
        severity: issue.severity,
        message: issue.message,
        application: app.name,
        ...(issue.file ? { file: issue.file } : {}),
        ...(issue.evidence ? { evidence: issue.evidence } : {}),
        ...(issue.remediation ? { remediation: issue.remediation } : {}),
        ...(issue.requirement !== ownRequirement ? { requirement: issue.requirement } : {}),
        ...(issue.log ? { data: { log: issue.log } } : {}),
      });
    }
  }
}
