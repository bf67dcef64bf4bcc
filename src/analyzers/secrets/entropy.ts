// Shannon entropy and character-class measures of a candidate secret. Thresholds live on the rules
// (rules.ts); these are the measuring sticks. Entropy is per character, in bits: a random string over
// an alphabet of N symbols tends to log2(N) (hex 4, base64 6) as it gets longer.

/** Bits per character of `value` under its own symbol frequencies. */
export function shannonEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  // Code units counted in a reused table (secrets are mostly ASCII; others share the high slots).
  const counts = ENTROPY_COUNTS;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[value.charCodeAt(i) & 0xff]!++;
  let bits = 0;
  for (let c = 0; c < 256; c++) {
    const count = counts[c]!;
    if (count === 0) continue;
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const ENTROPY_COUNTS = new Uint32Array(256);

export type Charset = 'digits' | 'hex' | 'base32' | 'base64' | 'text';

/** The narrowest common alphabet `value` is drawn from. */
export function charsetOf(value: string): Charset {
  if (/^[0-9]+$/.test(value)) return 'digits';
  if (/^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)) return 'hex';
  if (/^[A-Z2-7]+=*$/.test(value)) return 'base32';
  if (/^[A-Za-z0-9+/_-]+=*$/.test(value)) return 'base64';
  return 'text';
}

/**
 * Entropy a random string of this charset and length would typically reach, scaled by `fraction`.
 * Short strings cannot reach log2(alphabet): a random 8-character base64 value has at most 3 bits.
 * Rules compare a value's entropy with this so one threshold works for any length.
 */
export function expectedEntropy(charset: Charset, length: number): number {
  const alphabet = { digits: 10, hex: 16, base32: 32, base64: 64, text: 80 }[charset];
  // Expected number of distinct symbols in `length` draws from `alphabet` symbols.
  const distinct = alphabet * (1 - Math.pow(1 - 1 / alphabet, length));
  return Math.log2(Math.max(1, Math.min(distinct, length)));
}

/** Number of character classes present: lower, upper, digit, other. */
export function characterClasses(value: string): number {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  return classes;
}
