// What is *not* a secret even where a secret would go: placeholders (`your-client-secret`, `xxx`,
// `changeme`, `<…>`), references to the environment or to other variables (`${…}`, `process.env…`,
// `$VAR`), file paths, and values made only of ordinary words (`test`, `wrongPassword`,
// `secret-access-token`). Real secrets are random; these are written by people for people.
// The word list is data: extend it rather than adding special cases to the scanner.

/**
 * Words that make up placeholder and example values. A value whose every word (after splitting
 * camelCase, snake_case, kebab-case and trailing digits) is in this list is a placeholder.
 */
export const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set(
  `
  a an the this that these my your our their his her its me you we some any another other none no not
  here there enter insert put set fill add use using used provide provided please goes go here
  todo tbd fixme xxx yyy zzz xxxx xyz abc abcd abcdef abcdefg abcdefgh qwerty qwertz asdf asdfgh letmein
  test tests testing tester tst example examples sample samples demo demos dummy fake fakes mock mocks
  mocked stub stubs placeholder placeholders changeme change changed replace replaceme me fixture fixtures
  default defaults value values string str text char chars number num int integer bool boolean
  true false yes on off ok null nil none undefined empty blank void na n a unknown unset required
  optional missing invalid valid wrong bad good correct incorrect right new old current previous next
  same real actual another other random generated generate secure secured hidden masked mask redacted
  filtered removed hide obfuscated encrypted hashed hash salted salt pepper sensitive
  secret secrets secretkey sekret sekrit password passwords passwd pass passphrase pwd pw pword
  token tokens key keys apikey api auth oauth oauth2 authorization access refresh bearer basic
  client clients id ids app application applications consumer user username users usr admin
  administrator root guest login logon signin account accounts owner member customer
  db database mysql postgres postgresql pg redis mongo mongodb sql sqlite oracle mssql elastic
  server service services host hostname localhost local remote domain site web www http https api
  dev develop development prod production staging stage qa uat sandbox live env environment
  private public personal shared master main super superuser sa sys system operator ops
  docker jenkins git github gitlab bitbucket npm aws gcp azure google facebook twitter slack stripe
  paypal mail email smtp ftp ssh ldap ssl tls jwt session cookie csrf xsrf signing sign signature
  encryption encrypt crypto cipher code pin otp foo bar baz qux quux corge grault garply waldo fred
  plugh xyzzy thud hello world hi bye alice bob carol dave eve mallory john jane doe smith
  one two three four five six seven eight nine ten first second third last min max
  config configuration conf cfg setting settings option options param params parameter parameters
  var variable variables field input form reset confirm confirmation verify verification
  something anything nothing whatever stuff thing things here long short strong weak simple
  super duper very much more less top my own insecure unsafe safe
  do dont not never always real use only for from with without to of in at by and or is are be
  welcome hunter hunter2 trustno1 iloveyou monkey dragon sunshine princess foobar foobaz barbaz
  ignored ignore skip skipped expired revoked error errors fail failed failure success warning info debug
  blabla blah swordfish include omit manual auto automatic deadbeef cafebabe feedface baadf00d function object symbol bigint float double long byte bytes array list map
  `
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Template syntax inside a value (`prefix-${ENV}`, `%s`, `{{ x }}`): a template, not a secret. Not
 * applied to provider formats, whose random tails may contain these characters by chance.
 */
const TEMPLATE_INSIDE = /%[sd]\b|%\(\w+\)s|\$\{|\{\{|\}\}|\$\(|#\{|<%|%>|\{%|\[\[/;

/** Values that reference something else instead of holding a secret. */
const REFERENCE_PATTERNS: readonly RegExp[] = [
  /^\$/, // $VAR, ${VAR}, $(cmd)
  /^%[A-Za-z_(]/, // %VAR%, %(name)s
  /^@[A-Za-z_][\w.]*@$/, // Maven @property@
  /^#/, // ###TEMPLATE### markers, comments
  /^<[^>]*>?$|^<.*>$/, // <your-token>
  /^\[[^\]]*\]$/, // [FILTERED], [REDACTED]
  /^\{[^}]*\}$/, // {password}
  /^\(.*\)$/, // (optional)
  /(?:^|[^a-z])(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|system\.getenv|env\(|env\[|environ\[|secrets\.|vars\.|configservice|config\.get)/i,
  /^(?:ENV|env|process|config|settings|self|this|options|opts|params|args|props|state|ctx|context|req|request|cfg|conf)\b[.[]/,
];

/** Values shaped like paths, file names or URLs: where a secret is kept, not the secret. */
const LOCATION_PATTERNS: readonly RegExp[] = [
  /^(?:\.{1,2}\/|~\/|\/[A-Za-z_.])/, // ./x ../x ~/x /etc/x
  /^[A-Za-z]:\\/, // C:\
  /^[a-z][a-z0-9+.-]*:\/\//i, // scheme://
  /^(?:file|classpath|arn|vault|secretsmanager|ssm|projects)[:/]/i, // secret manager references
  /\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|txt|env|properties|ini|conf|cfg|xml|js|ts|py|rb|sh|pub|gpg|asc|enc)$/i,
];

/** The patterns above as one expression each (one pass instead of one per pattern). */
const REFERENCE_ANY = new RegExp(REFERENCE_PATTERNS.map((re) => `(?:${re.source})`).join('|'), 'i');
const LOCATION_ANY = new RegExp(LOCATION_PATTERNS.map((re) => `(?:${re.source})`).join('|'), 'i');

/** Splits a value or key into lower-case words: camelCase, snake_case, kebab-case, dots, spaces. */
export function wordsOf(value: string): string[] {
  const words: string[] = [];
  forEachWord(value, (word) => {
    words.push(word);
    return true;
  });
  return words;
}

/**
 * Calls `visit` with each lower-case word of `value` (the splitting of `wordsOf`) until it returns
 * false; returns false when stopped early. Words are cut from the value, not built a character at a time.
 */
function forEachWord(value: string, visit: (word: string) => boolean): boolean {
  // Runs for every value judged; written without a closure per call.
  let start = -1;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const upper = code >= 65 && code <= 90;
    const lower = code >= 97 && code <= 122;
    if (!upper && !lower && !(code >= 48 && code <= 57)) {
      if (start >= 0) {
        const word = value.slice(start, i).toLowerCase();
        start = -1;
        if (!visit(word)) return false;
      }
      continue;
    }
    if (upper && start >= 0) {
      const prev = value.charCodeAt(i - 1);
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      // clientSecret → client secret; APIKey → api key (split before the last capital of a run).
      if ((prev >= 97 && prev <= 122) || (prev >= 65 && prev <= 90 && next >= 97 && next <= 122)) {
        const word = value.slice(start, i).toLowerCase();
        start = -1;
        if (!visit(word)) return false;
      }
    }
    if (start < 0) start = i;
  }
  return start < 0 || visit(value.slice(start).toLowerCase());
}

const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;

/** True when the value is made only of placeholder words (trailing digits ignored: `value1`). */
export function isWordsOnly(value: string, extraWords?: ReadonlySet<string>): boolean {
  let letters = 0;
  let words = 0;
  const allKnown = forEachWord(value, (raw) => {
    words++;
    // Where the trailing digits start, found in place (no expression per word).
    let end = raw.length;
    while (end > 0 && isDigitCode(raw.charCodeAt(end - 1))) end--;
    if (end === 0) return true; // pure digits between words, e.g. `test_123`
    // `value1`, `test1234`: a word with a short counter (up to four digits, `/[0-9]{1,4}$/`); `a301436` is not the word `a`.
    const cut = Math.max(end, raw.length - 4);
    const stripped = cut === raw.length ? raw : raw.slice(0, cut);
    const word = stripped.length >= 3 ? stripped : raw;
    letters += word.length;
    return PLACEHOLDER_WORDS.has(word) || extraWords?.has(word) === true || extraWords?.has(raw) === true;
  });
  if (!allKnown) return false;
  if (words === 0) return true;
  return letters > 0 || /^[0-9]{1,4}$/.test(value);
}

/** One character repeated (`xxxxxxxx`, `********`, `00000000`), or a run like `123456`/`abcdef`. */
export function isTrivialSequence(value: string): boolean {
  if (value.length === 0) return true;
  if (/^(.)\1*$/.test(value)) return true;
  if (/^(?:x+|\*+|\.+|-+|_+|#+|•+)$/i.test(value)) return true;
  if (/^(..?)\1+$/.test(value)) return true; // abab, 1212
  // Ascending or descending by one over the whole value: 123456, abcdef, 987654.
  if (value.length >= 3) {
    const step = value.charCodeAt(1) - value.charCodeAt(0);
    if (step === 1 || step === -1) {
      let run = true;
      for (let i = 2; i < value.length && run; i++) run = value.charCodeAt(i) - value.charCodeAt(i - 1) === step;
      if (run) return true;
    }
  }
  return false;
}

export type PlaceholderReason = 'empty' | 'reference' | 'location' | 'words' | 'sequence' | 'masked' | 'example';

/**
 * Why `value` is not a secret, or null when it may be one. `key` is the name it is assigned to;
 * a value that repeats its key (`password: password`, `token: TOKEN`) is a placeholder.
 * `providerFormat`: the value matched a provider's exact format, so only whole-value placeholders count.
 */
export function placeholderReason(value: string, key?: string, options: { providerFormat?: boolean } = {}): PlaceholderReason | null {
  const trimmed = value.trim();
  if (trimmed === '') return 'empty';
  if (REFERENCE_ANY.test(trimmed) || isEnvironmentVariableName(trimmed)) return 'reference';
  if (!options.providerFormat && TEMPLATE_INSIDE.test(trimmed)) return 'reference';
  if (/example/i.test(trimmed) || /^(?:[Yy]our|[Mm]y|[Ss]ome|[Ii]nsert|[Ee]nter|[Rr]eplace|[Pp]ut)(?:[-_. ]|(?=[A-Z]))|^(?:YOUR|MY|SOME)[-_ ]/.test(trimmed)) return 'example';
  if (/x{4,}|X{4,}|\*{3,}|•{3,}|_{4,}|\.{3}|…/.test(trimmed)) return 'masked';
  if (LOCATION_ANY.test(trimmed)) return 'location';
  if (isTrivialSequence(trimmed) || containsLongRun(trimmed)) return 'sequence';
  if (isWordsOnly(trimmed)) return 'words';
  if (key !== undefined) {
    const v = normaliseForCompare(trimmed);
    const k = normaliseForCompare(key);
    if (v === k || (v.length >= 4 && k.includes(v)) || isWordsOnly(trimmed, new Set(wordsOf(key)))) return 'words';
  }
  const unleet = deLeet(trimmed);
  if (unleet !== trimmed && isWordsOnly(unleet)) return 'words'; // s3cr3t, p@ssw0rd
  return null;
}

/** Reads digits and symbols as the letters they stand in for: `s3cr3t` → `secret`. */
function deLeet(value: string): string {
  // A loop over the code units: a replacement callback per character costs several times more.
  let out = '';
  let copied = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const letter = code < 128 ? LEET_LETTERS[code] : undefined;
    if (letter === undefined) continue;
    out += value.slice(copied, i) + letter;
    copied = i + 1;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

/** Character code → the letter it stands in for: 0 o, 1 i, 3 e, 4 a, 5 s, 7 t, @ a, $ s. */
const LEET_LETTERS: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = new Array<string | undefined>(128).fill(undefined);
  for (const [c, letter] of Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' })) table[c.charCodeAt(0)] = letter;
  return table;
})();

/**
 * Words that random secrets practically never contain (a given five-letter word turns up in a
 * random 40-character token about once in ten million), but placeholders and test values do:
 * `testpassword`, `yoursecrettoken`, `apikeyvaluehere`, `knextest`. Not applied to provider
 * formats, whose fixed prefixes contain such words (`sk_test_`).
 */
const PLACEHOLDER_SUBSTRINGS = /pass(?:word|wd|w0rd|phrase)?|secret|token|api_?key|example|dummy|sample|placeholder|change_?me|fake|test|mock|value|here|your|insert|replace|redact|invalid|wrong|bogus|access|refresh|session|cookie|foobar|lorem|ipsum|qwerty|default|demo/i;

export function containsPlaceholderWord(value: string): boolean {
  return PLACEHOLDER_SUBSTRINGS.test(value);
}

/**
 * Made of keyboard-order runs: one ascending or descending run of eight (`12345678`), or runs of
 * three or more covering three quarters of the value (`012345abcdef`, `abc123`, `cba321`).
 */
export function containsLongRun(value: string): boolean {
  let covered = 0;
  let run = 1;
  let step = 0;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if ((d === 1 || d === -1) && (run === 1 || d === step)) {
      step = d;
      run++;
      if (run >= 8) return true;
    } else {
      if (run >= 3) covered += run; // a run closes
      run = 1;
      step = 0;
    }
  }
  if (run >= 3) covered += run;
  return value.length >= 6 && covered >= 0.75 * value.length;
}

/**
 * Made of pronounceable word pieces (`messaging_configurations`, `DeployKeyEvent`,
 * `strangesnapshotwithuserid0`): an identifier or a name, not a machine-made secret. A single
 * short piece is not judged: random short strings look pronounceable often enough.
 */
export function isIdentifierLike(value: string): boolean {
  const pieces = value.split(/[^A-Za-z0-9]+/).filter(Boolean).flatMap((p) => wordsOf(p));
  if (pieces.length === 0) return false;
  let letters = 0;
  let inWords = 0;
  for (const piece of pieces) {
    const word = piece.replace(/[0-9]{1,4}$/, '');
    if (word === '' || /[0-9]/.test(word)) return false;
    letters += word.length;
    if (word.length <= 3 && pieces.length > 1) continue; // abbreviations (id, db, fk) are judged by the words around them
    if (!isPronounceable(word)) return false;
    inWords += word.length;
  }
  // Mostly real words, and enough of them: `LwQeHbWxOaNx` is many short pieces, not words.
  if (inWords < 0.6 * letters) return false;
  return pieces.length > 1 || letters >= 5;
}

/**
 * Letter-pair statistics of English identifiers (from TypeScript's and Node's API declarations):
 * row = previous letter (`^` = word start, then a–z), column = next letter (a–z, then `$` = word
 * end); each character is log2 P(next | previous) quantised as (log2 P + 12) × 3 in base 36.
 */
const BIGRAM_TABLE: readonly string[] = [
  'olooolilm8fmnmnn7ppqjkm5630',
  '2kpp7ak0j0bqoq0o0rmsigdcl0o',
  'p6dat5e0mpcq70q90iifr900j0t',
  'q3gau00ok0nl70sa0mprl000d0m',
  'mf5ju663p10f1nr60gkch220c0v',
  'njmnekc3c60mkrbgesnm6melg0u',
  's193uq00s00k0fs00ojgo000h0m',
  'kea4sfgkm00peki90kjkk60093x',
  'q000x004q023g5o00i5se00070q',
  'jgnokkk040dpmuri5iqp3i0e0gm',
  'o000z000802420h000q0h0d200i',
  'bbcexkbco00c2k2f00l5e09030v',
  'qi8gtdb9r01r90qb0ckknd40p0r',
  'rp0pu407o03lh7rn49h7h00000r',
  'k0pppdq4k0em6gmc04ptne20h0s',
  'floobhf0l0dmnukq0sillij76mj',
  'q74au72fp07m34pi0spqj900d0o',
  '04400202500244720900z09202l',
  'p6hfulm0p0fejjp80mjnhf80h0t',
  'j0j1re1jn0bc9bll0cotji60i0w',
  'n0e9s72tq00dg6kl0okmj091m0u',
  'ijjjrof0j00qrr3j0spp100800d',
  't040x0n0q00000r00607000000h',
  'o434v04qt0680lob0nj000g000s',
  'k2n3o504n000i0bq00ax0000e0u',
  '3d90eb60g00iimks0akj01a003y',
  'j000t400z00g00f30000000020e',
];
const BIGRAM_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Above this average gain over uniform letters, a piece reads as a word (about 1 % of random letter strings pass). */
export const WORD_SCORE_MIN = 0.2;

/**
 * How much more likely the letters of `word` are under English identifier statistics than as
 * uniformly random letters, in bits per letter pair: words score about +0.6 to +1.6, random
 * strings about -1 to -4.
 */
export function wordScore(word: string): number {
  const w = word.toLowerCase();
  let total = 0;
  let prev = 0; // '^'
  for (let i = 0; i <= w.length; i++) {
    const next = i === w.length ? 26 : w.charCodeAt(i) - 97;
    if (next < 0 || next > 26) return -Infinity;
    const q = BIGRAM_DIGITS.indexOf(BIGRAM_TABLE[prev]![next]!);
    total += q / 3 - 12;
    prev = next + 1;
  }
  return total / (w.length + 1) + Math.log2(27);
}

export function isPronounceable(word: string): boolean {
  return /^[A-Za-z]+$/.test(word) && wordScore(word) >= WORD_SCORE_MIN;
}

/** `vm.password`, `db.schema.password`, `secret/data/app`: a reference to a value, not one. */
export function isDottedReference(value: string): boolean {
  if (!/^[A-Za-z_$][\w$]*(?:[./][A-Za-z_$][\w$]*)+$/.test(value)) return false;
  return value.split(/[./]/).every((segment) =>
    wordsOf(segment).every((piece) => {
      const word = piece.replace(/[0-9]{1,2}$/, '');
      return !/[0-9]/.test(word) && (word.length <= 4 || isPronounceable(word));
    }),
  );
}

function normaliseForCompare(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** An all-caps identifier with underscores, like `CTP_CLIENT_SECRET`: the name of a variable, not a value. */
export function isEnvironmentVariableName(value: string): boolean {
  // An upper-case UUID (`A26D554F-BFE6-…`) has the same alphabet but is a value, not a name.
  return /^[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+$/.test(value) && !/^[0-9A-F]{8}(?:-[0-9A-F]{4}){3}-[0-9A-F]{12}$/.test(value);
}

/** Stored password hashes (bcrypt, argon2, crypt, Django/Werkzeug, LDAP): derived, not the password. */
export function isPasswordHash(value: string): boolean {
  return /^(?:\$2[abxy]?\$\d\d\$|\$argon2(?:id|i|d)\$|\$[156]\$|\$pbkdf2|\$scrypt\$|(?:pbkdf2_sha\d+|sha\d+|md5|bcrypt|argon2|scrypt)\$|\{(?:SSHA|SHA|SMD5|MD5|CRYPT|PBKDF2)[^}]{0,10}\})/i.test(value);
}
