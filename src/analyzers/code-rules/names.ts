// What a name says about the value it holds: rules use names as evidence (a weak hash over
// `password`, `Math.random()` assigned to `resetToken`, `accessToken` written to a log), never as the
// only reason to look at an arbitrary value. Words are compared whole, so `tokenizer`, `keyboard` or
// `passenger` never count.

/** `clientSecret` → [client, secret]; `API_KEY` → [api, key]; `x-api-key` → [x, api, key]; `XMLHttp` → [xml, http]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** Words (or two-word compounds, joined) that name a secret value. */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'apikey', 'credential', 'credentials',
  'privatekey', 'secretkey', 'accesskey', 'signingkey', 'encryptionkey', 'clientsecret', 'jwt', 'bearer', 'otp',
]);
/** Secrets that travel in HTTP headers. */
const HEADER_SECRET_WORDS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'cookies', 'proxyauthorization']);
/** `nextToken`, `pageToken`: pagination cursors, not credentials. */
const CURSOR_TOKENS: ReadonlySet<string> = new Set(['nexttoken', 'pagetoken', 'continuationtoken', 'synctoken', 'cursortoken', 'lexertoken', 'parsertoken']);

/** First words of names that hold a fact about a value (a flag, a count), not the value. */
const FACT_PREFIXES: ReadonlySet<string> = new Set(['has', 'is', 'should', 'can', 'with', 'without', 'no', 'missing', 'valid', 'invalid', 'num', 'count', 'needs', 'use', 'uses', 'requires']);

function compounds(words: readonly string[]): string[] {
  const out: string[] = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(words[i]! + words[i + 1]!);
  return out;
}

/**
 * The name denotes a secret value itself (its last word, or last two words, name one): `password`,
 * `clientSecret`, `accessToken`, `apiKey`, `authHeader`, `authorization`. Not `tokenUrl`, `passwordPolicy`,
 * `secretName`, `nextToken`.
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  // `hasToken`, `isPasswordSet`, `tokenCount`: facts about a secret, not the secret.
  if (words.length > 1 && FACT_PREFIXES.has(words[0]!)) return false;
  const last = words[words.length - 1]!;
  const lastPair = words.length >= 2 ? words[words.length - 2]! + last : '';
  if (CURSOR_TOKENS.has(lastPair)) return false;
  if (SECRET_WORDS.has(last) || SECRET_WORDS.has(lastPair) || HEADER_SECRET_WORDS.has(last) || HEADER_SECRET_WORDS.has(lastPair)) return true;
  // `authHeader`, `authorizationHeader`, `cookieHeader`
  return last === 'header' && words.some((w) => w === 'auth' || HEADER_SECRET_WORDS.has(w));
}

/** The name mentions a secret anywhere (`passwordHash`, `tokenDigest`, `hashedSecret`): evidence that what is hashed is one. */
export function mentionsSecret(name: string): boolean {
  const parts = compounds(nameWords(name));
  if (parts.some((p) => CURSOR_TOKENS.has(p))) return false;
  return parts.some((p) => SECRET_WORDS.has(p));
}

/** Words that make a random value security-relevant. */
const RANDOM_SENSITIVE_WORDS: ReadonlySet<string> = new Set([
  'nonce', 'salt', 'csrf', 'xsrf', 'session', 'sessionid', 'sid', 'verifier', 'iv',
]);
/** `resetCode`, `couponCode`: codes someone could guess. */
const GUESSABLE_CODE_WORDS: ReadonlySet<string> = new Set([
  'verification', 'reset', 'auth', 'otp', 'confirm', 'confirmation', 'invite', 'invitation', 'coupon', 'voucher', 'discount', 'gift', 'promo', 'activation', 'access',
]);
const ID_WORDS: ReadonlySet<string> = new Set(['id', 'ids', 'uuid', 'guid', 'identifier']);
/** IDs that only label things for humans or the UI (logs, traces, DOM elements, timers). */
const LABEL_ID_WORDS: ReadonlySet<string> = new Set([
  'request', 'req', 'trace', 'correlation', 'span', 'log', 'debug', 'element', 'el', 'dom', 'html', 'component', 'input', 'label', 'test',
  'mock', 'temp', 'tmp', 'animation', 'toast', 'notification', 'chart', 'svg', 'widget', 'field', 'form', 'tooltip', 'modal', 'dialog',
  'instance', 'render', 'timer', 'timeout', 'interval', 'run', 'job', 'execution', 'key', 'row', 'item', 'node', 'color', 'seed',
]);

export type RandomNameEvidence = 'secret' | 'id';

/**
 * Why a value generated with `Math.random()` under this name would need a secure generator:
 * a secret or token (`resetToken`, `nonce`, `sessionId`, `couponCode`), or an identifier
 * (`orderId`, `uuid`) that is not a UI/log label. Undefined when the name gives no such evidence.
 */
export function randomNameEvidence(name: string): RandomNameEvidence | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const parts = compounds(words);
  if (mentionsSecret(name) || parts.some((p) => RANDOM_SENSITIVE_WORDS.has(p))) return 'secret';
  if (words.includes('code') && words.some((w) => GUESSABLE_CODE_WORDS.has(w))) return 'secret';
  if (parts.some((p) => p === 'apikey' || p === 'secretkey' || p === 'privatekey' || p === 'signingkey' || p === 'encryptionkey')) return 'secret';
  const last = words[words.length - 1]!;
  if (ID_WORDS.has(last) && !words.some((w) => LABEL_ID_WORDS.has(w))) return 'id';
  return undefined;
}
