// Which configuration key names look like they hold a credential. Data, so it can be reviewed and
// extended without touching the check. A key is split into words at "_", at lower→upper case changes
// and at letter/digit changes, digits dropped (clientSecret2 → CLIENT SECRET). A key looks secret
// when its last word (after SECRET_TRAILING_WORDS) is a credential word, or its last two words a
// credential pair.

/** A word equal to one of these, or ending in one of the STRONG ones, marks a credential. */
export const SECRET_WORDS: readonly string[] = [
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PWD',
  'PASS',
  'PASSPHRASE',
  'TOKEN',
  'TOKENS',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATEKEY',
  'ACCESSKEY',
  'SECRETKEY',
];

/** Suffixes that mark a credential even inside a longer word (DBPASSWORD, ACCESSTOKEN, CLIENTSECRET). */
export const STRONG_SECRET_SUFFIXES: readonly string[] = ['SECRET', 'PASSWORD', 'PASSWD', 'TOKEN', 'APIKEY', 'CREDENTIALS', 'CREDENTIAL'];

/** Adjacent word pairs that together name a credential (KEY alone does not: CTP_PROJECT_KEY). */
export const SECRET_WORD_PAIRS: readonly (readonly [string, string])[] = [
  ['API', 'KEY'],
  ['PRIVATE', 'KEY'],
  ['ACCESS', 'KEY'],
  ['SECRET', 'KEY'],
  ['SIGNING', 'KEY'],
  ['ENCRYPTION', 'KEY'],
  ['HMAC', 'KEY'],
  ['AUTH', 'KEY'],
  ['MASTER', 'KEY'],
  ['ACCOUNT', 'KEY'],
  ['SHARED', 'KEY'],
  ['LICENSE', 'KEY'],
  ['SUBSCRIPTION', 'KEY'],
  ['CONNECTION', 'STRING'],
  ['BASIC', 'AUTH'],
];

/**
 * Words that may follow the credential word and keep the key a credential (CLIENT_SECRET_BASE64,
 * API_KEY_LIVE). Any other trailing word makes the key describe or configure a credential rather
 * than hold one: TOKEN_URL, SECRET_MANAGER_URL, API_KEY_HEADER, PASSWORD_MIN_LENGTH,
 * NETWORK_TOKEN_MULTI_MID (a real connector's feature flag).
 */
export const SECRET_TRAILING_WORDS: readonly string[] = [
  'VALUE',
  'BASE', // BASE64, split at the digits
  'B', // B64
  'JSON',
  'PEM',
  'RAW',
  'ENCODED',
  'LIVE',
  'TEST',
  'PROD',
  'PRODUCTION',
  'SANDBOX',
  'STAGING',
  'DEV',
];

/** Whole keys that look secret but are not (PWD is the shell's working directory). */
export const NON_SECRET_KEYS: readonly string[] = ['PWD', 'OLDPWD'];

export function wordsOf(key: string): string[] {
  return key
    .split(/_+/)
    .flatMap((part) => part.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/))
    .filter((w) => w !== '' && !/^[0-9]+$/.test(w))
    .map((w) => w.toUpperCase());
}

function isSecretWord(word: string): boolean {
  return SECRET_WORDS.includes(word) || STRONG_SECRET_SUFFIXES.some((suffix) => word.endsWith(suffix));
}

/** The credential word(s) that end `key` (before SECRET_TRAILING_WORDS), or undefined when it does not look secret. */
export function secretMarkerOf(key: string): string | undefined {
  if (NON_SECRET_KEYS.includes(key.toUpperCase())) return undefined;
  const words = wordsOf(key);
  let end = words.length;
  while (end > 1 && SECRET_TRAILING_WORDS.includes(words[end - 1]!)) end--;
  const last = words[end - 1];
  const beforeLast = words[end - 2];
  if (last === undefined) return undefined;
  if (beforeLast !== undefined && SECRET_WORD_PAIRS.some(([a, b]) => a === beforeLast && b === last)) return `${beforeLast}_${last}`;
  return isSecretWord(last) ? last : undefined;
}
