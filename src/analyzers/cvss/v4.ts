// CVSS v4.0 score from a vector string, following FIRST's reference calculator
// (github.com/FIRSTdotorg/cvss-v4-calculator, cvss40.js; BSD-2-Clause, Copyright FIRST, Red Hat,
// and contributors): the vector's MacroVector (six equivalence classes) selects a score from the
// 270-entry table, then the score is lowered by the mean proportional distance of the vector from
// the highest-severity vectors of its MacroVector towards the next lower MacroVectors. The float
// arithmetic follows the reference step by step so results round identically.
import { MACROVECTOR_SCORES } from './v4-macrovectors.js';

export interface Cvss4Score {
  score: number;
  /** The six EQ digits, e.g. "000200". */
  macroVector: string;
  metrics: Record<string, string>;
}

/** Allowed values per metric, in the specification's order (base, threat, environmental, supplemental). */
const METRICS: ReadonlyArray<readonly [string, readonly string[], boolean]> = [
  ['AV', ['N', 'A', 'L', 'P'], true],
  ['AC', ['L', 'H'], true],
  ['AT', ['N', 'P'], true],
  ['PR', ['N', 'L', 'H'], true],
  ['UI', ['N', 'P', 'A'], true],
  ['VC', ['N', 'L', 'H'], true],
  ['VI', ['N', 'L', 'H'], true],
  ['VA', ['N', 'L', 'H'], true],
  ['SC', ['N', 'L', 'H'], true],
  ['SI', ['N', 'L', 'H'], true],
  ['SA', ['N', 'L', 'H'], true],
  ['E', ['X', 'A', 'P', 'U'], false],
  ['CR', ['X', 'H', 'M', 'L'], false],
  ['IR', ['X', 'H', 'M', 'L'], false],
  ['AR', ['X', 'H', 'M', 'L'], false],
  ['MAV', ['X', 'N', 'A', 'L', 'P'], false],
  ['MAC', ['X', 'L', 'H'], false],
  ['MAT', ['X', 'N', 'P'], false],
  ['MPR', ['X', 'N', 'L', 'H'], false],
  ['MUI', ['X', 'N', 'P', 'A'], false],
  ['MVC', ['X', 'H', 'L', 'N'], false],
  ['MVI', ['X', 'H', 'L', 'N'], false],
  ['MVA', ['X', 'H', 'L', 'N'], false],
  ['MSC', ['X', 'H', 'L', 'N'], false],
  ['MSI', ['X', 'S', 'H', 'L', 'N'], false],
  ['MSA', ['X', 'S', 'H', 'L', 'N'], false],
  ['S', ['X', 'N', 'P'], false],
  ['AU', ['X', 'N', 'Y'], false],
  ['R', ['X', 'A', 'U', 'I'], false],
  ['V', ['X', 'D', 'C'], false],
  ['RE', ['X', 'L', 'M', 'H'], false],
  ['U', ['X', 'Clear', 'Green', 'Amber', 'Red'], false],
];
const ALLOWED = new Map(METRICS.map(([key, values]) => [key, values]));
const MANDATORY = METRICS.filter(([, , base]) => base).map(([key]) => key);

/** Severity levels per metric (distance units of 0.1), as in the reference's METRIC_LEVELS. */
const LEVELS: Record<string, Record<string, number>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0.0, L: 0.1, H: 0.2 },
  UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 },
  AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 },
  VI: { H: 0.0, L: 0.1, N: 0.2 },
  VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 },
  IR: { H: 0.0, M: 0.1, L: 0.2 },
  AR: { H: 0.0, M: 0.1, L: 0.2 },
  E: { U: 0.2, P: 0.1, A: 0 },
};

/** Highest-severity vectors of each EQ level (reference MAX_COMPOSED); EQ3 is keyed by EQ3 then EQ6. */
const MAX_COMPOSED = {
  eq1: [['AV:N/PR:N/UI:N/'], ['AV:A/PR:N/UI:N/', 'AV:N/PR:L/UI:N/', 'AV:N/PR:N/UI:P/'], ['AV:P/PR:N/UI:N/', 'AV:A/PR:L/UI:P/']],
  eq2: [['AC:L/AT:N/'], ['AC:H/AT:N/', 'AC:L/AT:P/']],
  eq3: [
    { 0: ['VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/'], 1: ['VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/', 'VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/'] },
    {
      0: ['VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/', 'VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/'],
      1: [
        'VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/',
        'VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/',
        'VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/',
        'VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/',
        'VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/',
      ],
    },
    { 1: ['VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/'] },
  ] as Array<Record<number, string[]>>,
  eq4: [['SC:H/SI:S/SA:S/'], ['SC:H/SI:H/SA:H/'], ['SC:L/SI:L/SA:L/']],
  eq5: [['E:A/'], ['E:P/'], ['E:U/']],
};

/** Depth of each MacroVector in severity-distance steps (reference MAX_SEVERITY). */
const MAX_SEVERITY = {
  eq1: [1, 4, 5],
  eq2: [1, 2],
  eq3eq6: [
    [7, 6],
    [8, 8],
    [undefined, 10],
  ] as Array<Array<number | undefined>>,
  eq4: [6, 5, 4],
};

const STEP = 0.1;
const NO_IMPACT_METRICS = ['VC', 'VI', 'VA', 'SC', 'SI', 'SA'];

/** Parses and scores a `CVSS:4.0/…` vector; undefined when it is not a valid v4 vector. */
export function scoreCvss4(vector: string): Cvss4Score | undefined {
  const metrics = parse(vector);
  if (!metrics) return undefined;
  const macroVector = macroVectorOf(metrics);
  return { score: score(metrics, macroVector), macroVector, metrics };
}

function parse(vector: string): Record<string, string> | undefined {
  const parts = vector.trim().split('/');
  if (parts.shift() !== 'CVSS:4.0') return undefined;
  const metrics: Record<string, string> = {};
  for (const [key, values] of METRICS) metrics[key] = values[0]!;
  const seen = new Set<string>();
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) return undefined;
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (seen.has(key) || !ALLOWED.get(key)?.includes(value)) return undefined;
    seen.add(key);
    metrics[key] = value;
  }
  if (MANDATORY.some((key) => !seen.has(key))) return undefined;
  return metrics;
}

/** The value that scores: worst case for unset threat/requirements, modified metrics over base ones. */
function effective(metrics: Record<string, string>, metric: string): string {
  const selected = metrics[metric];
  if (selected === 'X') {
    if (metric === 'E') return 'A';
    if (metric === 'CR' || metric === 'IR' || metric === 'AR') return 'H';
  }
  const modified = metrics[`M${metric}`];
  if (modified !== undefined && modified !== 'X') return modified;
  return selected ?? 'X';
}

export function macroVectorOf(metrics: Record<string, string>): string {
  const m = (metric: string) => effective(metrics, metric);
  const AV = m('AV');
  const PR = m('PR');
  const UI = m('UI');
  let eq1: number;
  if (AV === 'N' && PR === 'N' && UI === 'N') eq1 = 0;
  else if ((AV === 'N' || PR === 'N' || UI === 'N') && AV !== 'P') eq1 = 1;
  else eq1 = 2;
  const eq2 = m('AC') === 'L' && m('AT') === 'N' ? 0 : 1;
  const VC = m('VC');
  const VI = m('VI');
  const VA = m('VA');
  let eq3: number;
  if (VC === 'H' && VI === 'H') eq3 = 0;
  else if (VC === 'H' || VI === 'H' || VA === 'H') eq3 = 1;
  else eq3 = 2;
  let eq4: number;
  if (m('MSI') === 'S' || m('MSA') === 'S') eq4 = 0;
  else if (m('SC') === 'H' || m('SI') === 'H' || m('SA') === 'H') eq4 = 1;
  else eq4 = 2;
  const E = m('E');
  const eq5 = E === 'A' ? 0 : E === 'P' ? 1 : 2;
  const eq6 = (m('CR') === 'H' && VC === 'H') || (m('IR') === 'H' && VI === 'H') || (m('AR') === 'H' && VA === 'H') ? 0 : 1;
  return `${eq1}${eq2}${eq3}${eq4}${eq5}${eq6}`;
}

function lookup(eqs: readonly number[]): number {
  return MACROVECTOR_SCORES.get(eqs.join('')) ?? Number.NaN;
}

/** Value of `metric` inside a composed max vector such as "AV:N/PR:N/UI:N/AC:L/…". */
function valueIn(maxVector: string, metric: string): string {
  const start = maxVector.indexOf(`${metric}:`) + metric.length + 1;
  const end = maxVector.indexOf('/', start);
  return end > 0 ? maxVector.slice(start, end) : maxVector.slice(start);
}

function score(metrics: Record<string, string>, macroVector: string): number {
  if (NO_IMPACT_METRICS.every((metric) => effective(metrics, metric) === 'N')) return 0;
  const value = MACROVECTOR_SCORES.get(macroVector);
  if (value === undefined) return Number.NaN;
  const [eq1, eq2, eq3, eq4, eq5, eq6] = macroVector.split('').map(Number) as [number, number, number, number, number, number];

  // 1a. Scores of the next lower MacroVector per EQ (NaN when there is none).
  const lowerEq1 = lookup([eq1 + 1, eq2, eq3, eq4, eq5, eq6]);
  const lowerEq2 = lookup([eq1, eq2 + 1, eq3, eq4, eq5, eq6]);
  let lowerEq3eq6: number;
  if (eq3 === 0 && eq6 === 0) {
    // 00 → 01 or 00 → 10: the higher of the two.
    lowerEq3eq6 = Math.max(lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]), lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]));
  } else if (eq3 === 1 && eq6 === 0) {
    lowerEq3eq6 = lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
  } else if ((eq3 === 0 || eq3 === 1) && eq6 === 1) {
    lowerEq3eq6 = lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
  } else {
    lowerEq3eq6 = lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1]);
  }
  const lowerEq4 = lookup([eq1, eq2, eq3, eq4 + 1, eq5, eq6]);
  const lowerEq5 = lookup([eq1, eq2, eq3, eq4, eq5 + 1, eq6]);

  // 1b. Severity distance from the first highest-severity vector the scored vector does not exceed.
  const eq3Maxes = MAX_COMPOSED.eq3[eq3]?.[eq6] ?? [];
  const maxVectors: string[] = [];
  for (const a of MAX_COMPOSED.eq1[eq1] ?? [])
    for (const b of MAX_COMPOSED.eq2[eq2] ?? [])
      for (const c of eq3Maxes)
        for (const d of MAX_COMPOSED.eq4[eq4] ?? []) for (const e of MAX_COMPOSED.eq5[eq5] ?? []) maxVectors.push(a + b + c + d + e);
  let distances: Record<string, number> = {};
  for (const maxVector of maxVectors) {
    distances = {};
    for (const metric of Object.keys(LEVELS)) {
      const levels = LEVELS[metric]!;
      distances[metric] = levels[effective(metrics, metric)]! - levels[valueIn(maxVector, metric)]!;
    }
    if (Object.values(distances).every((distance) => distance >= 0)) break;
  }
  const d = (metric: string) => distances[metric] ?? Number.NaN;
  const distanceEq1 = d('AV') + d('PR') + d('UI');
  const distanceEq2 = d('AC') + d('AT');
  const distanceEq3eq6 = d('VC') + d('VI') + d('VA') + d('CR') + d('IR') + d('AR');
  const distanceEq4 = d('SC') + d('SI') + d('SA');

  // 1c/1d. Proportion of each EQ's depth, times the score drop to the next lower MacroVector.
  const available = [value - lowerEq1, value - lowerEq2, value - lowerEq3eq6, value - lowerEq4, value - lowerEq5];
  const depth = [
    MAX_SEVERITY.eq1[eq1]! * STEP,
    MAX_SEVERITY.eq2[eq2]! * STEP,
    (MAX_SEVERITY.eq3eq6[eq3]?.[eq6] ?? Number.NaN) * STEP,
    MAX_SEVERITY.eq4[eq4]! * STEP,
  ];
  const current = [distanceEq1, distanceEq2, distanceEq3eq6, distanceEq4];
  let existingLower = 0;
  const normalized = [0, 0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    if (Number.isNaN(available[i]!)) continue;
    existingLower++;
    normalized[i] = available[i]! * (current[i]! / depth[i]!);
  }
  // EQ5 (exploit maturity) always contributes a proportion of 0.
  if (!Number.isNaN(available[4]!)) existingLower++;

  // 2/3. Subtract the mean distance; round half up to one decimal.
  const meanDistance =
    existingLower === 0 ? 0 : (normalized[0]! + normalized[1]! + normalized[2]! + normalized[3]! + normalized[4]!) / existingLower;
  return roundToOneDecimal(Math.max(0, Math.min(10, value - meanDistance)));
}

function roundToOneDecimal(value: number): number {
  return Number.parseFloat((Math.round(value * 10) / 10).toFixed(1));
}
