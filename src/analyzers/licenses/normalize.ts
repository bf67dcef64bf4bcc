// Licence text normalisation in the spirit of the SPDX matching guidelines: what must not make two
// copies of the same licence look different (case, punctuation, whitespace and line breaks, list
// markers, copyright notices, British/American spellings, the optional "how to apply" appendix) is
// removed before comparing, so a hand-reflowed MIT with a real copyright line still reads as MIT.
// Hand-written tokenizer: it runs over the whole SPDX corpus (5 MB) once per process, and a
// char-code loop is ~4× faster there than a Unicode-property regex split.

/**
 * Varietal spellings the SPDX guidelines treat as equivalent (the subset that occurs in licences
 * connectors use), plus `https` → `http` so a modernised URL in a licence header does not count.
 */
const EQUIVALENT_WORDS: ReadonlyMap<string, string> = new Map([
  ['licence', 'license'],
  ['licences', 'licenses'],
  ['licenced', 'licensed'],
  ['licencing', 'licensing'],
  ['sublicence', 'sublicense'],
  ['authorised', 'authorized'],
  ['authorise', 'authorize'],
  ['organisation', 'organization'],
  ['organisations', 'organizations'],
  ['recognised', 'recognized'],
  ['acknowledgement', 'acknowledgment'],
  ['acknowledgements', 'acknowledgments'],
  ['analogue', 'analog'],
  ['behaviour', 'behavior'],
  ['favour', 'favor'],
  ['offence', 'offense'],
  ['https', 'http'],
]);

/**
 * Text after this phrase is an optional appendix ("How to apply these terms") in Apache-2.0 and the
 * GNU licences; SPDX says it may be omitted, and many LICENSE files do omit it.
 */
const END_OF_TERMS = /end\s+of\s+terms\s+and\s+conditions/;

/**
 * A line that is a copyright notice ("Copyright (c) 2024 Acme", "© Acme", "Copyright [yyyy]
 * [name of copyright owner]") or its "All rights reserved." tail, not licence terms. A wrapped
 * line of terms can also start with "copyright" ("copyright notice and this permission notice
 * appear…") or "(c)" (Apache's list item "(c) You must retain…"), hence the exclusions.
 */
const COPYRIGHT_LINE =
  /^[^\p{L}\p{N}]*(?:(?:portions\s+)?copyright\b(?!\s+(?:notices?|holders?|owners?|licen[cs]es?|laws?|statements?|and|or|protection|interests?|infringement|claims?|to|in|of|the|is|are|shall|may|must|will)\b)|©|\(c\)\s*(?:\d{4}|[<[])|all\s+rights\s+reserved\b)/iu;

/** One pass over the text instead of a map lookup per word (the corpus has 700,000 words). */
const EQUIVALENT_WORD_PATTERN = new RegExp(`\\b(?:${[...EQUIVALENT_WORDS.keys()].join('|')})\\b`, 'g');

const UNICODE_WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Splits a licence text into normalised words: lower case, copyright lines dropped, punctuation
 * and line breaks as separators, hyphenated words joined ("non-infringement", "sub-\nlicense"),
 * equivalent spellings unified, one-character list markers ("a)", "1.", "-") dropped, and
 * everything after "end of terms and conditions" dropped.
 */
export function licenseWords(text: string): string[] {
  const kept: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!COPYRIGHT_LINE.test(line)) kept.push(line);
  }
  let body = kept.join('\n').toLowerCase();
  const end = END_OF_TERMS.exec(body);
  if (end) body = body.slice(0, end.index + end[0].length);
  body = body.replace(EQUIVALENT_WORD_PATTERN, (word) => EQUIVALENT_WORDS.get(word) ?? word);
  return tokenize(body);
}

/** The normalised text as one string (what two equivalent licence files have in common). */
export function normaliseLicenseText(text: string): string {
  return licenseWords(text).join(' ');
}

function tokenize(low: string): string[] {
  const words: string[] = [];
  const n = low.length;
  let start = -1;
  let carried = ''; // first part(s) of a hyphenated word
  for (let i = 0; i <= n; i++) {
    const code = i < n ? low.charCodeAt(i) : 32;
    if (isWordChar(code, low, i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const piece = low.slice(start, i);
    start = -1;
    if (code === 45 /* - */ && isLetter(low.charCodeAt(i - 1), low, i - 1)) {
      const next = afterHyphen(low, i + 1);
      if (next < n && isLetter(low.charCodeAt(next), low, next)) {
        carried += piece;
        i = next - 1;
        continue;
      }
    }
    const word = carried + piece;
    carried = '';
    if (word.length > 1) words.push(word);
  }
  return words;
}

/** Index after spaces/tabs, at most one line break, and spaces/tabs again. */
function afterHyphen(text: string, from: number): number {
  let j = from;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text[j] === '\n') j++;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}

function isWordChar(code: number, text: string, i: number): boolean {
  if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return true;
  return code > 127 && UNICODE_WORD_CHAR.test(text[i]!);
}

function isLetter(code: number, text: string, i: number): boolean {
  if (code >= 97 && code <= 122) return true;
  return code > 127 && UNICODE_WORD_CHAR.test(text[i]!) && !(code >= 48 && code <= 57);
}
