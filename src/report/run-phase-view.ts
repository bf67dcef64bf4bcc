// The run phase (`--run`) as rows every human-facing renderer shares: one table per application,
// one row per step (install, build, test, start, prune) with its status, time, what it showed and
// the path of its log. Reads the `runPhase` section defensively: a stored report from another
// version must still render, so unknown shapes give fewer rows, never an exception.

export interface RunStepRow {
  step: string;
  status: string;
  durationMs?: number;
  /** One line: test counts, start-up time and memory, probe answers, the failure reason. */
  detail: string;
  /** Host path of the step's log (size-limited, secrets redacted). */
  log?: string;
}

export interface RunApplicationView {
  name: string;
  applicationType: string;
  steps: RunStepRow[];
  notes: string[];
}

export interface RunPhaseView {
  /** How the code was confined, e.g. "bubblewrap 0.8.0, network isolated". */
  sandbox: string;
  durationMs?: number;
  logDir?: string;
  applications: RunApplicationView[];
}

const STEP_ORDER = ['install', 'build', 'test', 'start', 'prune'] as const;
const MB = 1024 * 1024;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Undefined when the report has no run phase that ran (then renderers show nothing). */
export function runPhaseView(section: unknown): RunPhaseView | undefined {
  if (!isObject(section) || section['status'] !== 'ran' || !Array.isArray(section['applications'])) return undefined;
  const applications = section['applications'].filter(isObject).map(applicationView);
  const duration = num(section['durationMs']);
  const logDir = text(section['logDir']);
  return {
    sandbox: sandboxText(section['sandbox']),
    ...(duration !== undefined ? { durationMs: duration } : {}),
    ...(logDir ? { logDir } : {}),
    applications,
  };
}

function sandboxText(sandbox: unknown): string {
  if (!isObject(sandbox)) return 'unknown';
  if (sandbox['unsafe'] === true) return 'none (--unsafe-no-sandbox: ran directly on the host)';
  const parts = [sandbox['mode'] === 'bwrap' ? `bubblewrap${text(sandbox['bwrapVersion']) ? ` ${String(sandbox['bwrapVersion'])}` : ''}` : String(sandbox['mode'] ?? 'unknown')];
  const network = text(sandbox['network']);
  const registry = Array.isArray(sandbox['registryEndpoints']) ? sandbox['registryEndpoints'].filter((e): e is string => typeof e === 'string') : [];
  if (network) parts.push(`network ${network}${registry.length > 0 ? ` (the install reaches only ${registry.join(', ')})` : ''}`);
  return parts.join(', ');
}

function applicationView(app: Json): RunApplicationView {
  const steps = isObject(app['steps']) ? app['steps'] : {};
  const rows: RunStepRow[] = [];
  for (const name of STEP_ORDER) {
    const step = steps[name];
    if (!isObject(step)) continue;
    const duration = num(step['durationMs']);
    const log = text(step['log']);
    rows.push({
      step: name,
      status: text(step['status']) ?? 'unknown',
      ...(duration !== undefined ? { durationMs: duration } : {}),
      detail: stepDetail(name, step),
      ...(log ? { log } : {}),
    });
  }
  return {
    name: text(app['name']) ?? '(unnamed)',
    applicationType: text(app['applicationType']) ?? 'unknown',
    steps: rows,
    notes: Array.isArray(app['notes']) ? app['notes'].filter((n): n is string => typeof n === 'string') : [],
  };
}

function stepDetail(name: string, step: Json): string {
  const parts: string[] = [];
  const command = text(step['command']);
  if (command) parts.push(command);
  if (step['status'] === 'skipped' || step['status'] === 'failed') {
    const reason = text(step['reason']);
    if (reason) parts.push(reason);
  }
  if (name === 'test') {
    const counts = step['counts'];
    if (isObject(counts)) {
      const figures = (['passed', 'failed', 'skipped'] as const).map((k) => (num(counts[k]) !== undefined ? `${String(counts[k])} ${k}` : undefined)).filter(Boolean);
      if (figures.length > 0) parts.push(`${figures.join(', ')}${text(counts['runner']) ? ` (${String(counts['runner'])})` : ''}`);
    }
    const coverage = step['coverage'];
    if (isObject(coverage)) {
      const lines = num(coverage['lines']);
      if (lines !== undefined) parts.push(`line coverage ${lines}%`);
    }
  }
  if (name === 'start') {
    const startup = num(step['startupMs']);
    if (startup !== undefined) parts.push(`listening after ${startup} ms`);
    const memory = step['memory'];
    if (isObject(memory)) {
      const peak = num(memory['peakRssBytes']);
      const limit = num(memory['limitBytes']);
      if (peak !== undefined) parts.push(`peak ${Math.round(peak / MB)} MB${limit !== undefined ? ` of ${Math.round(limit / MB)} MB` : ''}`);
    }
    if (Array.isArray(step['probes'])) {
      const probes = step['probes'].filter(isObject).map((p) => `${String(p['method'] ?? '?')} ${String(p['path'] ?? '?')} → ${num(p['status']) ?? text(p['error']) ?? 'no answer'}`);
      // Repeated probes (the restart comparison) say the same thing; show each distinct one once.
      const distinct = [...new Set(probes)];
      if (distinct.length > 0) parts.push(distinct.join('; '));
    }
    const restart = step['restart'];
    if (isObject(restart) && restart['compared'] === true) {
      parts.push(restart['suggestsState'] === true ? 'answers differ after a restart (in-memory state?)' : 'same answers after a restart');
    }
  }
  return parts.join(' · ');
}
