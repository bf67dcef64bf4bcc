// Identifies a licence text as an SPDX licence by comparing it with the licence texts shipped in
// `spdx-license-list` (~700): Sørensen-Dice similarity over the sets of normalised word bigrams
// (word pairs keep clause structure, so MIT-0 or 0BSD do not pass for MIT or ISC). The corpus is
// loaded once per process on first use; a reference licence is tokenized the first time its size
// makes it a candidate and kept, and a size bound prunes every candidate that could not beat the
// best score so far, so a lookup merges a few sorted arrays rather than 700.
import { createRequire } from 'node:module';
import { licenseWords } from './normalize.js';
import referenceSizes from './data/reference-sizes.json' with { type: 'json' };
import { compareCodeUnits } from '../text/compare.js';

/** At or above this similarity a text is identified as that licence (licensee uses 0.98 on word sets; bigrams are stricter). */
export const IDENTIFIED_SIMILARITY = 0.9;
/** Candidates scoring within this of the best are the same text under another id (GPL-2.0-only / GPL-2.0-or-later). */
export const SAME_TEXT_EPSILON = 0.005;
/** Only the start of a huge file is compared: the longest SPDX licence text is ~46,000 characters. */
export const MAX_LICENSE_TEXT_CHARS = 120_000;

/**
 * SPDX ids deprecated by SPDX (spdx-license-ids/deprecated.json, frozen by SPDX: deprecated ids
 * never come back); `spdx-license-list` still ships their texts, so they tie with their
 * replacements and must lose the tie.
 */
const DEPRECATED_IDS: ReadonlySet<string> = new Set([
  'AGPL-1.0', 'AGPL-3.0', 'BSD-2-Clause-FreeBSD', 'BSD-2-Clause-NetBSD', 'GFDL-1.1', 'GFDL-1.2', 'GFDL-1.3',
  'GPL-1.0', 'GPL-2.0', 'GPL-2.0-with-GCC-exception', 'GPL-2.0-with-autoconf-exception',
  'GPL-2.0-with-bison-exception', 'GPL-2.0-with-classpath-exception', 'GPL-2.0-with-font-exception', 'GPL-3.0',
  'GPL-3.0-with-GCC-exception', 'GPL-3.0-with-autoconf-exception', 'LGPL-2.0', 'LGPL-2.1', 'LGPL-3.0', 'Net-SNMP',
  'Nunit', 'StandardML-NJ', 'bzip2-1.0.5', 'eCos-2.0', 'wxWindows',
]);

/**
 * Words the SPDX templates mark as replaceable (the copyright holder's name inside the terms) that
 * the shipped texts fill in. ISC's reference says "ISC disclaims"/"shall ISC be liable" where every
 * real ISC file says "the author": without this, a real ISC licence scores closer to 0BSD.
 */
const REFERENCE_VARIABLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  ISC: [
    ['isc disclaims', 'the author disclaims'],
    ['shall isc be', 'shall the author be'],
  ],
};

export interface SpdxLicense {
  id: string;
  name: string;
  url: string;
  osiApproved: boolean;
  deprecated: boolean;
}

export interface LicenseIdentification {
  /** The SPDX id when the best similarity reaches IDENTIFIED_SIMILARITY. */
  id?: string;
  /** Other ids whose text is the same as `id`'s (e.g. GPL-3.0-or-later for GPL-3.0-only). */
  sameText: string[];
  /** The closest SPDX licence, identified or not. */
  closest?: string;
  /** Dice similarity (0..1) with `closest`. */
  similarity: number;
  /** Normalised words in the text (copyright lines and punctuation removed). */
  words: number;
}

type RawLicense = { name: string; url: string; osiApproved: boolean; licenseText: string };

interface Reference {
  id: string;
  /** Read from the licence's own file the first time the licence is a candidate. */
  text?: string;
  /** Characters other than whitespace: a size estimate that needs no tokenizing. */
  compactLength: number;
  /** How many distinct bigrams the licence has (stored data): bounds its similarity to any text. */
  bigramCount: number;
  /** Sorted, distinct bigram keys; computed the first time the licence is compared. */
  bigrams?: Float64Array;
}

interface Corpus {
  vocabulary: Map<string, number>;
  references: Reference[];
}

/**
 * Bigram key = first word id × WORD_ID_RANGE + second word id. Word ids stay below this (the SPDX
 * corpus has ~20,000 distinct words; a text's own unknown words get ids after the corpus's), and
 * the product stays below 2^53, so keys are exact doubles.
 */
const WORD_ID_RANGE = 2 ** 24;

/**
 * Only licences whose size (non-whitespace characters) is within this factor of the text's are
 * compared. Dice ≥ IDENTIFIED_SIMILARITY needs bigram counts within 1.22× of each other; 2× leaves
 * room for copyright lines, titles and the optional appendix. It keeps a lookup from tokenizing
 * the whole 5 MB corpus: an MIT-sized text touches ~0.5 MB of it.
 */
export const SIZE_RATIO_WINDOW = 2;

let corpus: Corpus | undefined;
let licenseTable: Map<string, SpdxLicense> | undefined;

const require = createRequire(import.meta.url);

/** SPDX licence metadata (name, OSI approval) without loading the 5 MB text corpus. */
export function spdxLicenses(): ReadonlyMap<string, SpdxLicense> {
  if (!licenseTable) {
    const simple = require('spdx-license-list') as Record<string, Omit<RawLicense, 'licenseText'>>;
    licenseTable = new Map(
      Object.entries(simple).map(([id, l]) => [
        id,
        { id, name: l.name, url: l.url, osiApproved: l.osiApproved, deprecated: DEPRECATED_IDS.has(id) || id.endsWith('+') },
      ]),
    );
  }
  return licenseTable;
}

export function spdxLicense(id: string): SpdxLicense | undefined {
  return spdxLicenses().get(id);
}

/** The SPDX id spelled with the list's capitalisation ("mit" → "MIT"), or undefined. */
export function canonicalLicenseId(id: string): string | undefined {
  const lower = id.toLowerCase();
  for (const known of spdxLicenses().keys()) if (known.toLowerCase() === lower) return known;
  return undefined;
}

/**
 * The references by size only: sizes and bigram counts come from data/reference-sizes.json (checked
 * against the installed spdx-license-list by identify.test.ts), texts from each licence's own file
 * when it is compared, so that identifying an MIT text reads and tokenizes a handful of licences.
 */
function loadCorpus(): Corpus {
  const bigramCounts = referenceSizes.bigramCounts as Record<string, number>;
  corpus ??= {
    vocabulary: new Map(),
    references: Object.entries(referenceSizes.compactLengths as Record<string, number>).map(([id, compactLength]) => ({
      id,
      compactLength,
      bigramCount: bigramCounts[id]!,
    })),
  };
  return corpus;
}

function referenceText(reference: Reference): string {
  reference.text ??= (require(`spdx-license-list/licenses/${reference.id}.json`) as RawLicense).licenseText;
  return reference.text;
}

/** The compact length (non-whitespace characters) of every SPDX licence text, from the installed list (tests). */
export function referenceCompactLengths(): Record<string, number> {
  const full = require('spdx-license-list/full') as Record<string, RawLicense>;
  return Object.fromEntries(Object.entries(full).map(([id, license]) => [id, compactLength(license.licenseText)]));
}

/** The number of distinct bigrams of every SPDX licence text, as identification counts them (tests). */
export function referenceBigramCounts(): Record<string, number> {
  const full = require('spdx-license-list/full') as Record<string, RawLicense>;
  return Object.fromEntries(
    Object.entries(full).map(([id, license]) => [id, referenceBigrams({ id, text: license.licenseText, compactLength: 0, bigramCount: 0 }, new Map()).length]),
  );
}

/** Fingerprints a reference licence on first use; its words join the shared vocabulary. */
function referenceBigrams(reference: Reference, vocabulary: Map<string, number>): Float64Array {
  if (reference.bigrams) return reference.bigrams;
  let words = licenseWords(referenceText(reference));
  const variables = REFERENCE_VARIABLES[reference.id];
  if (variables) {
    let joined = words.join(' ');
    for (const [from, to] of variables) joined = joined.split(from).join(to);
    words = joined.split(' ');
  }
  const ids = words.map((word) => {
    let wordId = vocabulary.get(word);
    if (wordId === undefined) {
      wordId = vocabulary.size + 1;
      vocabulary.set(word, wordId);
    }
    return wordId;
  });
  reference.bigrams = bigramKeys(ids);
  return reference.bigrams;
}

function compactLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) count++;
  }
  return count;
}

function bigramKeys(wordIds: readonly number[]): Float64Array {
  const keys = new Float64Array(Math.max(0, wordIds.length - 1));
  for (let i = 1; i < wordIds.length; i++) keys[i - 1] = wordIds[i - 1]! * WORD_ID_RANGE + wordIds[i]!;
  keys.sort();
  let distinct = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) keys[distinct++] = keys[i]!;
  return keys.slice(0, distinct);
}

function sharedCount(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/** Dice similarity of two texts' bigram sets (exported for tests and the dependency-licence check). */
export function licenseSimilarity(a: string, b: string): number {
  const local = new Map<string, number>();
  const idOf = (w: string) => {
    let id = local.get(w);
    if (id === undefined) local.set(w, (id = local.size + 1));
    return id;
  };
  const x = bigramKeys(licenseWords(a).map(idOf));
  const y = bigramKeys(licenseWords(b).map(idOf));
  if (x.length + y.length === 0) return 0;
  return (2 * sharedCount(x, y)) / (x.length + y.length);
}

/** Identifies a licence text against the SPDX licence list. Never throws. */
export function identifyLicenseText(text: string): LicenseIdentification {
  const { vocabulary, references } = loadCorpus();
  const bounded = text.length > MAX_LICENSE_TEXT_CHARS ? text.slice(0, MAX_LICENSE_TEXT_CHARS) : text;
  const words = licenseWords(bounded);
  const size = compactLength(bounded);
  const candidates = references.filter(
    (r) => r.compactLength * SIZE_RATIO_WINDOW >= size && r.compactLength <= size * SIZE_RATIO_WINDOW,
  );
  // The text's words take the vocabulary's ids; words no reference compared so far uses get private
  // ids (they count in the text's size). A reference compared later may bring one of them into the
  // vocabulary: then the text's keys are recomputed, so equal words always have equal ids.
  const unknown = new Map<string, number>();
  const textKeys = (): Float64Array => {
    unknown.clear();
    return bigramKeys(
      words.map((word) => {
        const known = vocabulary.get(word);
        if (known !== undefined) return known;
        let id = unknown.get(word);
        if (id === undefined) unknown.set(word, (id = WORD_ID_RANGE - 1 - unknown.size));
        return id;
      }),
    );
  };
  let input = textKeys();
  const n = input.length; // the same whatever the ids: distinct bigrams of distinct words
  if (n === 0) return { sameText: [], similarity: 0, words: words.length };

  // Dice ≤ 2·min(n, m)/(n + m): visit candidates by that bound, best first, and stop once the
  // bound cannot reach the best score found (minus the tie margin). Only visited ones are tokenized.
  const bound = (m: number) => (2 * Math.min(n, m)) / (n + m);
  const order = candidates.map((r) => ({ r, ub: bound(r.bigramCount) }));
  order.sort((a, b) => b.ub - a.ub);
  const scored: { id: string; score: number }[] = [];
  let best = 0;
  for (const { r, ub } of order) {
    if (ub < best - SAME_TEXT_EPSILON) break;
    const vocabularySize = vocabulary.size;
    const bigrams = referenceBigrams(r, vocabulary);
    if (vocabulary.size > vocabularySize && [...unknown.keys()].some((word) => vocabulary.has(word))) input = textKeys();
    const score = (2 * sharedCount(input, bigrams)) / (n + bigrams.length);
    scored.push({ id: r.id, score });
    if (score > best) best = score;
  }
  const top = scored.filter((s) => s.score >= best - SAME_TEXT_EPSILON).map((s) => s.id);
  top.sort(preferredIdOrder);
  const closest = best > 0 ? top[0] : undefined;
  const result: LicenseIdentification = { sameText: [], similarity: round(best), words: words.length };
  if (closest !== undefined) result.closest = closest;
  if (closest !== undefined && best >= IDENTIFIED_SIMILARITY) {
    result.id = closest;
    result.sameText = top.slice(1);
  }
  return result;
}

/** Current ids before deprecated ones, "-only" before "-or-later", then alphabetical. */
function preferredIdOrder(a: string, b: string): number {
  const rank = (id: string) => (DEPRECATED_IDS.has(id) || id.endsWith('+') ? 2 : id.endsWith('-or-later') ? 1 : 0);
  return rank(a) - rank(b) || compareCodeUnits(a, b);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
