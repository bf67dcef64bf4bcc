// Named checks a rule can ask for after its expression matched (rules.ts `validate`). Each says
// whether the candidate is really a secret and may refine what the secret is (the body of a PEM
// key, the password part of a URL), so fingerprints name the sensitive part only.
import { characterClasses, charsetOf, expectedEntropy, shannonEntropy } from './entropy.js';
import { isWordsOnly, placeholderReason } from './placeholders.js';
import type { ValidatorName } from './rules.js';

export interface ValidatorInput {
  /** The candidate secret (named group `secret`, else the whole match). */
  secret: string;
  groups: Record<string, string | undefined>;
  /** The whole file and the offset just past the match, for rules that look beyond one line. */
  text: string;
  matchEnd: number;
}

/** null: not a secret. A string: the secret to fingerprint (usually the candidate itself). */
export type Validator = (input: ValidatorInput) => string | null;

/** How far past a PEM header the body is looked for. A 4096-bit RSA key is about 3.3 KB. */
const PEM_LOOKAHEAD_CHARS = 8 * 1024;
/** A real private key body has at least this many base64 characters (an Ed25519 key ~ 100). */
const PEM_MIN_BODY_CHARS = 64;

export const VALIDATORS: Record<ValidatorName, Validator> = {
  'pem-body': ({ text, matchEnd }) => {
    const end = text.indexOf('-----', matchEnd);
    const region = text.slice(matchEnd, end >= 0 && end - matchEnd < PEM_LOOKAHEAD_CHARS ? end : matchEnd + PEM_LOOKAHEAD_CHARS);
    // The first body line, after optional header fields, must be base64 (a header quoted in code,
    // followed by more code, is not a key).
    const firstLine = region
      .split(/\r?\n|\\n/)
      .map((l) => l.trim().replace(/^["'`+,\s]+|["'`+,;\s]+$/g, ''))
      .find((l) => l !== '' && !/^[A-Za-z-]{2,40}:/.test(l));
    if (firstLine === undefined || !/^[A-Za-z0-9+/=]{40,}$/.test(firstLine)) return null;
    // Bodies come as plain lines, as `\n`-escaped strings (JSON, code), or as concatenated
    // string literals; drop the escapes, quotes, concatenation and header fields.
    const body = region
      .replace(/\\[nr]/g, '\n')
      .replace(/^[ \t]*[A-Za-z-]{2,40}:[^\n]*$/gm, '') // Proc-Type:, DEK-Info: headers
      .replace(/[^A-Za-z0-9+/=]/g, '');
    if (body.length < PEM_MIN_BODY_CHARS) return null;
    if (isWordsOnly(body.slice(0, 64)) || /^(.)\1+$/.test(body.slice(0, 32))) return null;
    if (shannonEntropy(body.slice(0, 256)) < 4.5) return null; // `AAAA…`, `xxxx…` fillers
    return body;
  },

  'basic-auth': ({ secret }) => {
    const decoded = decodeBase64(secret);
    if (decoded === null) return null;
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon === decoded.length - 1) return null;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (!/^[\x21-\x7e]{1,100}$/.test(user) || !/^[\x20-\x7e]{1,200}$/.test(password)) return null;
    if (placeholderReason(password, 'password') !== null) return null;
    return secret;
  },

  jwt: ({ secret }) => {
    const [header] = secret.split('.');
    const decoded = header ? decodeBase64(header.replace(/-/g, '+').replace(/_/g, '/')) : null;
    if (decoded === null || !/^\s*\{/.test(decoded) || !/"(?:alg|typ|kid|enc)"/.test(decoded)) return null;
    return secret;
  },

  'url-credentials': ({ secret, groups }) => {
    const user = groups.user ?? '';
    const host = groups.host ?? '';
    let password = secret;
    try {
      password = decodeURIComponent(secret);
    } catch {
      // keep the raw form
    }
    if (placeholderReason(password, 'password') !== null) return null;
    if (user !== '' && placeholderReason(user) === 'reference') return null;
    if (user !== '' && password.toLowerCase() === user.toLowerCase()) return null; // admin:admin@
    // RFC 2606 documentation hosts: `https://user:s3cret@example.com` is an illustration.
    if (/(?:^|\.)example(?:\.(?:com|org|net))?$/i.test(host)) return null;
    return secret;
  },

  random: ({ secret }) => (looksRandom(secret) ? secret : null),

  // `CREATE ROLE app LOGIN PASSWORD 'app'`: a password equal to the account's name is a local default.
  'sql-password': ({ secret, groups }) => {
    const statement = groups.statement ?? '';
    const words = statement.split(/[^A-Za-z0-9_@.%-]+/).map((w) => w.toLowerCase());
    return words.includes(secret.toLowerCase()) ? null : secret;
  },

};

/**
 * A provider-format token whose variable part is not random is an example or a placeholder:
 * `sk_live_xxxxxxxxxxxxxxxxxxxxxxxx`, `ghp_0000…`, `AKIA` + `ABCDEFGHIJKLMNOP`.
 */
export function looksRandom(secret: string): boolean {
  // Judge the part after a known prefix (`sk_live_`, `AKIA`, `xoxb-`), where the randomness is.
  const body = secret.replace(/^(?:[a-z]{2,6}[_-](?:live_|test_|pat_|proj-)?|AKIA|ASIA|ABIA|ACCA|A3T.|AIza|SK|GR1348941|S[UACONPX])/, '');
  if (body.length < 8) return false;
  if (/(.)\1{5,}/.test(body)) return false; // six identical characters in a row
  if (isWordsOnly(body)) return false;
  const charset = charsetOf(body);
  const expected = expectedEntropy(charset, body.length);
  if (shannonEntropy(body) < 0.7 * expected) return false;
  // Mixed alphabets are expected of random tokens; a long run of one case without digits is prose.
  if (body.length >= 16 && characterClasses(body.replace(/[^A-Za-z0-9]/g, '')) < 2 && charset !== 'hex' && charset !== 'base32') {
    return false;
  }
  return true;
}

/** Decodes standard base64 to text, or null when it is not base64 of printable text. */
export function decodeBase64(value: string): string | null {
  const clean = value.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]+$/.test(clean) || clean.length % 4 === 1) return null;
  const decoded = Buffer.from(clean, 'base64').toString('latin1');
  if (!/^[\x20-\x7e\t\r\n]*$/.test(decoded)) return null;
  return decoded;
}
