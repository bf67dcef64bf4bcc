// Showing a secret without revealing it. The redacted form keeps a few leading characters (often a
// public prefix such as `sk_l`, `AKIA`, `ghp_`, enough to recognise the kind) and the length; the
// fingerprint is a hash of rule and secret, stable across runs and machines, so a baseline or a
// suppression can name one secret without anyone writing it down.
import { hash } from 'node:crypto';

/** At most this many leading characters are shown, and never more than a third of the secret. */
export const REDACTED_PREFIX_CHARS = 4;
/** Hex characters of the SHA-256 kept in a fingerprint (64 bits: no practical collisions per repo). */
export const FINGERPRINT_HEX_CHARS = 16;

export function redact(secret: string): string {
  const shown = Math.min(REDACTED_PREFIX_CHARS, Math.floor(secret.length / 3));
  return `${secret.slice(0, shown)}…(${secret.length} chars)`;
}

export function fingerprintOf(ruleId: string, secret: string): string {
  // One-shot hash (Node 20.12+): a third of createHash's cost, the same digest.
  return hash('sha256', `${ruleId}\u0000${secret}`, 'hex').slice(0, FINGERPRINT_HEX_CHARS);
}
