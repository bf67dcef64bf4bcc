// The run-time statelessness test: the same request to a fresh instance, again to the same instance,
// and to a fresh instance after a restart. When the two fresh instances agree and the second request
// to the first instance got another answer, the difference came from what the instance kept in
// memory between requests (a counter, a cache, a "seen" set), which Connect's autoscaled, restarted
// instances do not share. Volatile tokens (ids, timestamps) are masked before comparing.
import type { ProbeRecord } from './supervisor.js';

export interface StatelessComparison {
  /** False when there were not three answers to compare (crash, no endpoint, restart failed). */
  compared: boolean;
  suggestsState: boolean;
  first?: string;
  repeat?: string;
  afterRestart?: string;
}

/** Characters of each normalised answer kept in the report. */
const SHOWN_CHARS = 300;

/** Masks what legitimately differs between identical requests: ids, timestamps, long numbers and hashes. */
export function normaliseAnswer(probe: ProbeRecord): string {
  if (probe.error !== undefined) return `error ${probe.error}`;
  const body = (probe.body ?? '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, '<time>')
    .replace(/\b[0-9a-f]{16,}\b/gi, '<hex>')
    .replace(/\b\d{10,}\b/g, '<number>')
    .replace(/"(duration|durationMs|elapsed|took|uptime|timestamp|time|date|requestId|traceId|correlationId)"\s*:\s*("[^"]*"|[\d.]+)/gi, '"$1":<volatile>');
  return `${probe.status ?? '?'} ${body}`;
}

export function compareForState(probes: readonly ProbeRecord[]): StatelessComparison {
  // The first probe is the one repeated and sent again after the restart (the endpoint, or / for static apps).
  const role = probes[0]?.role;
  const endpoint = probes.filter((p) => p.role === role);
  const first = endpoint.find((p) => p.instance === 1 && !p.repeat);
  const repeat = endpoint.find((p) => p.instance === 1 && p.repeat);
  const afterRestart = endpoint.find((p) => p.instance === 2);
  if (!first || !repeat || !afterRestart) return { compared: false, suggestsState: false };
  const a = normaliseAnswer(first);
  const b = normaliseAnswer(repeat);
  const c = normaliseAnswer(afterRestart);
  return {
    compared: true,
    suggestsState: a === c && a !== b,
    first: a.slice(0, SHOWN_CHARS),
    repeat: b.slice(0, SHOWN_CHARS),
    afterRestart: c.slice(0, SHOWN_CHARS),
  };
}
