// The scanner's behaviour beyond single rules: redaction, fingerprints, placeholders, contexts,
// skipped and restricted files, allow-lists, assignment syntaxes, the keyword automaton.
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from '../../engine/testing.js';
import { parseAllowList, secretScanOf } from './index.js';
import { classifyPath, isDotenvFile } from './files.js';
import { buildAutomaton, findKeywords, findKeywordsInJs, usesWebAssembly } from '../text/keyword-automaton.js';
import { containsLongRun, isIdentifierLike, placeholderReason, wordScore } from './placeholders.js';
import { fingerprintOf, redact } from './redact.js';
import { assignmentsIn, looksLikeSecretValue, scanFile, scanText } from './scan.js';
import { ALNUM, B64, fake, HEX, URLSAFE } from './__tests__/fakes.js';

describe('redaction and fingerprints', () => {
  const secret = 'sk_' + 'live_' + fake(24);
  const text = `const stripe = new Stripe('${secret}');\n`;

  it('never shows the whole secret, in the redacted form or the evidence', () => {
    const [match] = scanText('src/pay.ts', text);
    expect(match).toBeDefined();
    expect(match!.redacted).not.toContain(secret);
    expect(match!.evidence).not.toContain(secret);
    expect(match!.evidence).toContain(match!.redacted);
    expect(match!.redacted).toBe(`${secret.slice(0, 4)}…(${secret.length} chars)`);
  });

  it('shows at most a third of a short secret', () => {
    expect(redact('abcdef')).toBe('ab…(6 chars)');
    expect(redact('abcd')).toBe('a…(4 chars)');
    expect(redact('ab')).toBe('…(2 chars)');
  });

  it('masks every secret on the line, not only the one reported', () => {
    const a = fake(20);
    const b = fake(20);
    const matches = scanText('config/app.yml', `auth: { api_token: "${a}", client_secret: "${b}" }\n`);
    expect(matches).toHaveLength(2);
    for (const m of matches) {
      expect(m.evidence).not.toContain(a);
      expect(m.evidence).not.toContain(b);
    }
  });

  it('fingerprints are stable, per rule and per secret', () => {
    const [first] = scanText('src/pay.ts', text);
    const [again] = scanText('other/file.ts', `x = "${secret}"`);
    expect(again!.fingerprint).toBe(first!.fingerprint);
    expect(first!.fingerprint).toBe(fingerprintOf('stripe-secret-key', secret));
    expect(first!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf('stripe-secret-key', secret + 'x')).not.toBe(first!.fingerprint);
  });

  it('reports line and column of the secret', () => {
    const [match] = scanText('src/pay.ts', `// payments\n\n${text}`);
    expect(match!.line).toBe(3);
    expect(match!.column).toBe(text.indexOf(secret) + 1);
  });

  it('counts lines past keyword hits that no rule takes up (file keywords) and several hits per line', () => {
    // `commercetools` is only a file keyword; `token`/`key` hit twice on line 4, the secret is on line 5.
    const lines = ['// commercetools connector', 'import { commercetools } from "x";', '', 'const tokenKey = getToken(key);', text];
    const [match] = scanText('src/pay.ts', lines.join('\n'));
    expect(match!.line).toBe(5);
    expect(match!.column).toBe(text.indexOf(secret) + 1);
    const crlf = scanText('src/pay.ts', lines.join('\r\n'));
    expect(crlf.map((m) => m.line)).toEqual([5]);
  });

  it('a PEM key is fingerprinted by its body and shown by its header', () => {
    const body = fake(256, B64);
    const pemText = `-----BEGIN RSA PRIVATE KEY-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
    const [match] = scanText('certs/key.pem', pemText);
    expect(match!.ruleId).toBe('private-key');
    expect(match!.evidence).toBe('-----BEGIN RSA PRIVATE KEY-----');
    expect(match!.redacted).not.toContain(body.slice(0, 64));
  });
});

describe('placeholders are not findings', () => {
  const placeholders = [
    'your-client-secret',
    'xxx',
    'xxxxxxxxxxxxxxxx',
    'changeme',
    '<client-secret>',
    '${CTP_CLIENT_SECRET}',
    '{{ secrets.TOKEN }}',
    'process.env.CTP_CLIENT_SECRET',
    '%(password)s',
    '********',
    'example-token',
    'REDACTED',
    '[FILTERED]',
    'CTP_CLIENT_SECRET',
    'test1234',
    'wrongPassword',
    's3cr3t',
    '12345678',
    'abc123',
  ];
  it.each(placeholders)('%s', (value) => {
    expect(placeholderReason(value, 'client_secret')).not.toBeNull();
    for (const [path, text] of [
      ['.env', `CLIENT_SECRET=${value}\n`],
      ['src/config.ts', `const clientSecret = '${value}';\n`],
      ['config.yml', `client_secret: "${value}"\n`],
    ] as const) {
      expect(scanText(path, text), `${path}: ${text}`).toEqual([]);
    }
  });

  it('random values are not placeholders', () => {
    expect(placeholderReason(fake(32))).toBeNull();
    expect(placeholderReason(fake(40, HEX))).toBeNull();
  });

  it('tells words and identifiers from random strings', () => {
    expect(wordScore('configuration')).toBeGreaterThan(0.5);
    expect(wordScore(fake(16, 'abcdefghijklmnopqrstuvwxyz'))).toBeLessThan(0.3);
    expect(isIdentifierLike('messaging_configurations')).toBe(true);
    expect(isIdentifierLike('DeployKeyEvent')).toBe(true);
    expect(isIdentifierLike(fake(24, URLSAFE))).toBe(false);
    expect(containsLongRun('012345abcdef')).toBe(true);
    expect(containsLongRun(fake(20))).toBe(false);
  });

  it('a hardcoded fallback after an environment variable is a finding', () => {
    const value = fake(24);
    const [match] = scanText('src/config.ts', `const apiToken = process.env.API_TOKEN || '${value}';\n`);
    expect(match?.ruleId).toBe('generic-secret');
    const [fromGetter] = scanText('app/settings.py', `password = os.environ.get('DB_PASSWORD', '${fake(12)}')\n`);
    expect(fromGetter?.ruleId).toBe('generic-password');
  });

  it('values in code must be literals; identifiers and calls are not secrets', () => {
    expect(scanText('src/a.ts', 'const password = input.password;\nconst token = getToken();\nconst secret = req.body.secret;\n')).toEqual([]);
    expect(scanText('src/a.py', "login(user, password=password)\ntoken = response_json['token']\n")).toEqual([]);
  });
});

describe('assignment syntaxes', () => {
  const value = fake(14);
  const cases: [string, string][] = [
    ['src/a.ts', `const dbPassword = "${value}";`],
    ['src/a.py', `DB_PASSWORD = '${value}'`],
    ['src/a.go', `Password: "${value}",`],
    ['src/a.go', `password := "${value}"`],
    ['src/a.rb', `:password => '${value}'`],
    ['src/a.php', `$config['db_password'] = '${value}';`],
    ['src/App.java', `dataSource.setPassword("${value}");`],
    ['config.json', `{"password": "${value}"}`],
    ['config.yml', `password: ${value}`],
    ['.env', `DB_PASSWORD=${value}`],
    ['app.properties', `db.password=${value}`],
    ['web.xml', `<password>${value}</password>`],
    ['docs/run.md', `export DB_PASSWORD=${value}`],
    ['src/a.ts', `const url = 'https://api.shop.org/v1?password=${value}&q=1';`],
    ['src/a.cs', `var cs = "Server=db;User Id=shop;Password=${value};";`],
    ['src/a.ts', `// password: ${value}`],
  ];
  it.each(cases)('%s: %s', (path, line) => {
    const found = scanText(path, `${line}\n`);
    expect(found.map((m) => m.ruleId)).toContain('generic-password');
    expect(found[0]!.evidence).not.toContain(value);
  });

  it('reads keys, operators and values', () => {
    const [a] = assignmentsIn(`"clientSecret": "${value}"`, 'json');
    expect(a).toMatchObject({ key: 'clientSecret', normalisedKey: 'client_secret', op: ':', value, quoted: true });
    const [b] = assignmentsIn(`CTP_CLIENT_SECRET=${value}`, 'data');
    expect(b).toMatchObject({ normalisedKey: 'ctp_client_secret', value, quoted: false });
  });

  it('ignores prose after a key in documentation', () => {
    expect(scanText('README.md', 'password: the one you chose during installation\n')).toEqual([]);
  });
});

describe('file contexts', () => {
  it('classifies tests, fixtures, docs and .env files', () => {
    expect(classifyPath('src/__tests__/api.test.ts').inTest).toBe(true);
    expect(classifyPath('test/fixtures/config.json').inTest).toBe(true);
    expect(classifyPath('src/api.spec.ts').inTest).toBe(true);
    expect(classifyPath('src/api.ts').inTest).toBe(false);
    expect(classifyPath('README.md').context).toBe('docs');
    expect(classifyPath('docs/setup.yaml').context).toBe('docs');
    expect(classifyPath('.env').context).toBe('dotenv');
    expect(classifyPath('app/.env.production').context).toBe('dotenv');
    expect(classifyPath('.env.example').context).toBe('config');
    expect(isDotenvFile('.env.local')).toBe(true);
    for (const template of ['.env.example', '.env.sample', '.env.template', '.env.dist', 'app/.env.defaults']) {
      expect(isDotenvFile(template), template).toBe(false);
    }
  });

  it('matches folder names whole and in any case, and never the file name', () => {
    expect(classifyPath('Test/Fixtures/config.json').inTest).toBe(true);
    expect(classifyPath('packages/api/test-data/orders.json').inTest).toBe(true);
    expect(classifyPath('src/contest/entry.ts').inTest).toBe(false);
    expect(classifyPath('src/test').inTest).toBe(false);
    expect(classifyPath('Docs/setup.yaml').context).toBe('docs');
    expect(classifyPath('src/docsite/setup.yaml').context).toBe('config');
    expect(classifyPath('node_modules/pkg/index.js').mode).toBe('skip');
    expect(classifyPath('app/node_modules/pkg/index.js').mode).toBe('skip');
    expect(classifyPath('app/.git/config').mode).toBe('skip');
    expect(classifyPath('src/node_modules_list.ts').mode).toBe('full');
  });

  it('marks matches with their context', () => {
    const line = `CTP_CLIENT_SECRET=${fake(32, URLSAFE)}\n`;
    expect(scanText('test/fixtures/.env', line)[0]).toMatchObject({ inTest: true, context: 'dotenv' });
    expect(scanText('docs/setup.md', line)[0]).toMatchObject({ inTest: false, context: 'docs' });
  });

  it('skips binary files and source maps', () => {
    expect(scanFile('logo.png', 'x').mode).toBe('skip');
    expect(scanFile('data.bin.txt', `password=${fake(12)}\u0000\u0001`).mode).toBe('skip');
    expect(scanFile('dist/app.js.map', `{"password": "${fake(12)}"}`).mode).toBe('skip');
  });

  it('scans lock files and minified bundles for provider formats only', () => {
    const npmToken = 'npm_' + fake(36);
    const lock = `{\n  "integrity": "sha512-${fake(86, B64)}==",\n  "password": "${fake(12)}",\n  "token": "${npmToken}"\n}\n`;
    const scan = scanFile('package-lock.json', lock);
    expect(scan.mode).toBe('restricted');
    expect(scan.matches.map((m) => m.ruleId)).toEqual(['npm-access-token']);
    const bundle = `var a="${'x'.repeat(6000)}";var password="${fake(12)}";var k="${npmToken}";`;
    const minified = scanFile('dist/app.js', bundle);
    expect(minified.mode).toBe('restricted');
    expect(minified.matches.map((m) => m.ruleId)).toEqual(['npm-access-token']);
  });
});

describe('allow-lists', () => {
  const secret = 'sk_' + 'live_' + fake(24);
  const text = `const stripe = new Stripe('${secret}');\n`;

  it('accepts fingerprints and safe patterns', () => {
    const [match] = scanText('src/pay.ts', text);
    const byFingerprint = scanFile('src/pay.ts', text, { allow: { fingerprints: [match!.fingerprint] } });
    expect(byFingerprint.matches).toEqual([]);
    expect(byFingerprint.allowed).toBe(1);
    const { allow, problems } = parseAllowList(['^sk_live_', match!.fingerprint]);
    expect(problems).toEqual([]);
    expect(scanFile('src/pay.ts', text, { allow }).matches).toEqual([]);
  });

  it('refuses invalid and catastrophic patterns', () => {
    const { problems } = parseAllowList(['(unclosed', '(a+)+$']);
    expect(problems.map((p) => p.entry)).toEqual(['(unclosed', '(a+)+$']);
  });

  it('reads the allow-list from the repository configuration', () => {
    const ws = workspaceFromFiles({ 'src/pay.ts': text }, { config: { allow: { 'secrets/hardcoded': ['^sk_live_'] } } });
    const scan = secretScanOf(ws);
    expect(scan.matches).toEqual([]);
    expect(scan.allowed).toBe(1);
    expect(secretScanOf(ws)).toBe(scan); // memoised
  });
});

describe('keyword automaton', () => {
  it('finds overlapping and nested keywords case-insensitively, with their offsets', () => {
    const automaton = buildAutomaton(['secret', 'client_secret=', 'pass', 'password']);
    const hits = findKeywords(automaton, 'CTP_CLIENT_SECRET=x\nPassword: y');
    const found = [...hits.keyword.slice(0, hits.count)].map((id, i) => `${automaton.keywords[id]}@${hits.offset[i]}`).sort();
    expect(found).toEqual(['client_secret=@4', 'pass@20', 'password@20', 'secret@11']);
  });

  it('the WebAssembly pass and the JavaScript pass report the same hits', () => {
    const automaton = buildAutomaton(['secret', 'client_secret=', 'pass', 'password', 'key', 'sharedaccesskey', 'hooks.slack.com', 'q~']);
    expect(usesWebAssembly(automaton)).toBe(true);
    const text = [
      `const clientSecret = '${fake(32)}'; // Passwort: ${fake(8)} ümlaut ✓`,
      `CTP_CLIENT_SECRET=${fake(32, URLSAFE)}\nSharedAccessKey=${fake(43, B64)}= https://HOOKS.SLACK.COM/services/x`,
      'x'.repeat(3000) + 'password' + 'k'.repeat(10) + 'key',
      `${fake(5000, ALNUM + '~q')}`,
    ].join('\n');
    const viaWasm = findKeywords(automaton, text);
    const wasm = [...viaWasm.keyword.slice(0, viaWasm.count)].map((id, i) => `${id}@${viaWasm.offset[i]}`);
    const viaJs = findKeywordsInJs(automaton, text);
    const js = [...viaJs.keyword.slice(0, viaJs.count)].map((id, i) => `${id}@${viaJs.offset[i]}`);
    expect(wasm.length).toBeGreaterThan(5);
    expect(wasm).toEqual(js);
  });

  it('reports keywords across the WebAssembly pass segment boundaries once each, in order', () => {
    // The WebAssembly pass walks the text in interleaved segments: a keyword may straddle a boundary
    // or end right at one, at any text length (including shorter than the warm-up).
    const automaton = buildAutomaton(['secret', 'client_secret=', 'pass', 'password', 'key', 'sharedaccesskey']);
    expect(usesWebAssembly(automaton)).toBe(true);
    const words = ['password', 'client_secret=', 'SharedAccessKey', 'key', 'x', ' ', '\n', 'secretkey'];
    let checked = 0;
    for (let length = 0; length < 120; length++) {
      for (let shift = 0; shift < words.length; shift++) {
        let text = '';
        for (let w = shift; text.length < length; w++) text += words[w % words.length];
        text = text.slice(0, length);
        const viaWasm = findKeywords(automaton, text);
        const wasm = [...viaWasm.keyword.slice(0, viaWasm.count)].map((id, i) => `${id}@${viaWasm.offset[i]}`);
        const viaJs = findKeywordsInJs(automaton, text);
        const js = [...viaJs.keyword.slice(0, viaJs.count)].map((id, i) => `${id}@${viaJs.offset[i]}`);
        expect(wasm, JSON.stringify(text)).toEqual(js);
        checked += js.length;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('refuses keywords that are not lower-case ASCII', () => {
    expect(() => buildAutomaton(['Secret'])).toThrow(/lower-case/);
  });
});

describe('looksLikeSecretValue', () => {
  it('accepts random values and refuses settings', () => {
    expect(looksLikeSecretValue(fake(32, ALNUM))).toBe(true);
    for (const v of ['https://api.europe-west1.gcp.commercetools.com', 'my-project', 'info', '8080', 'manage_project:my-project', '1.2.3']) {
      expect(looksLikeSecretValue(v), v).toBe(false);
    }
  });
});
