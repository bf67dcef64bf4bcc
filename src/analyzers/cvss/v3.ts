// CVSS v3.0 / v3.1 base score from a vector string, with the specification's formulas
// (first.org/cvss/v3.1/specification-document §7.1 and Appendix A for Roundup). Only base metrics
// count: advisories score the vulnerability, not a deployment. Temporal and environmental metrics
// are validated and ignored.

export type Cvss3Version = '3.0' | '3.1';

export interface Cvss3Score {
  version: Cvss3Version;
  score: number;
  /** The base metrics as parsed, e.g. { AV: 'N', AC: 'L', … }. */
  metrics: Record<string, string>;
}

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** PR depends on Scope: a changed scope makes required privileges matter less. */
const PRIVILEGES = {
  U: { N: 0.85, L: 0.62, H: 0.27 },
  C: { N: 0.85, L: 0.68, H: 0.5 },
} as const;

const BASE_VALUES: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
};

/** Temporal and environmental metrics a vector may carry; accepted, not scored. */
const OTHER_VALUES: Record<string, readonly string[]> = {
  E: ['X', 'U', 'P', 'F', 'H'],
  RL: ['X', 'O', 'T', 'W', 'U'],
  RC: ['X', 'U', 'R', 'C'],
  CR: ['X', 'L', 'M', 'H'],
  IR: ['X', 'L', 'M', 'H'],
  AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'N', 'L', 'H'],
  MI: ['X', 'N', 'L', 'H'],
  MA: ['X', 'N', 'L', 'H'],
};

/** Parses and scores a `CVSS:3.x/…` vector; undefined when it is not a valid v3 vector. */
export function scoreCvss3(vector: string): Cvss3Score | undefined {
  const parts = vector.trim().split('/');
  const prefix = /^CVSS:3\.([01])$/.exec(parts.shift() ?? '');
  if (!prefix) return undefined;
  const version: Cvss3Version = prefix[1] === '0' ? '3.0' : '3.1';
  const metrics: Record<string, string> = {};
  const seen = new Set<string>();
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) return undefined;
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (seen.has(key)) return undefined;
    seen.add(key);
    const allowed = BASE_VALUES[key] ?? OTHER_VALUES[key];
    if (!allowed?.includes(value)) return undefined;
    if (BASE_VALUES[key]) metrics[key] = value;
  }
  if (Object.keys(BASE_VALUES).some((key) => metrics[key] === undefined)) return undefined;
  return { version, score: baseScore(metrics, version), metrics };
}

function baseScore(m: Record<string, string>, version: Cvss3Version): number {
  const changed = m.S === 'C';
  const cia = WEIGHTS.CIA as Record<string, number>;
  const iss = 1 - (1 - cia[m.C!]!) * (1 - cia[m.I!]!) * (1 - cia[m.A!]!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const privileges = (changed ? PRIVILEGES.C : PRIVILEGES.U) as Record<string, number>;
  const exploitability =
    8.22 *
    (WEIGHTS.AV as Record<string, number>)[m.AV!]! *
    (WEIGHTS.AC as Record<string, number>)[m.AC!]! *
    privileges[m.PR!]! *
    (WEIGHTS.UI as Record<string, number>)[m.UI!]!;
  if (impact <= 0) return 0;
  const roundup = version === '3.0' ? roundup30 : roundup31;
  return changed ? roundup(Math.min(1.08 * (impact + exploitability), 10)) : roundup(Math.min(impact + exploitability, 10));
}

/** v3.1 Appendix A: Roundup on integers, so 4.000000000000001 rounds to 4.0, not 4.1. */
export function roundup31(input: number): number {
  const intInput = Math.round(input * 100000);
  if (intInput % 10000 === 0) return intInput / 100000;
  return (Math.floor(intInput / 10000) + 1) / 10;
}

/** v3.0's definition: the smallest number with one decimal equal to or above the input. */
export function roundup30(input: number): number {
  return Math.ceil(input * 10) / 10;
}
