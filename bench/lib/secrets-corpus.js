// A generated corpus of realistic commercetools Connect connector repositories, for the secret
// scanner benchmark. Known fake secrets of every provider the scanner covers are planted in several
// contexts and encodings (TS/JS string and template literals, JSON, JSON-escaped JSON, YAML, .env,
// properties, Markdown, shell, URLs), among decoys that must not be reported: UUIDs, commit SHAs,
// checksums, lock-file integrity hashes, publishable keys, documentation examples and placeholders.
// Everything comes from a seeded generator, so every run produces the same files; the generator
// records ground truth as { file, line, family } for each planted secret.
//
// Fake secrets are assembled from pieces at run time; this file holds no secret-shaped literal.

/** mulberry32 */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALNUM = LOWER + UPPER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const URLSAFE = ALNUM + '-_';
const B32 = UPPER + '234567';

/** Rule families: a planted secret is found when a finding on its line belongs to its family. */
export const FAMILIES = [
  'commercetools', 'aws', 'gcp', 'azure', 'stripe', 'paypal', 'adyen', 'mollie', 'klaviyo', 'sendgrid', 'twilio',
  'slack', 'github', 'gitlab', 'npm', 'private-key', 'jwt', 'bearer', 'basic-auth', 'url-password', 'generic',
];

class Gen {
  constructor(seed) {
    this.r = seeded(seed);
  }
  int(n) {
    return Math.floor(this.r() * n);
  }
  pick(list) {
    return list[this.int(list.length)];
  }
  chance(p) {
    return this.r() < p;
  }
  str(n, alphabet = ALNUM) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    // Real keys of mixed alphabets always mix: guarantee a digit and a letter.
    if (n >= 8 && /[0-9]/.test(alphabet) && !/[0-9]/.test(s)) s = s.slice(0, -1) + DIGITS[this.int(10)];
    if (n >= 8 && /[a-zA-Z]/.test(alphabet) && !/[a-zA-Z]/.test(s)) s = LOWER[this.int(26)] + s.slice(1);
    return s;
  }
  uuid() {
    const h = () => this.str(4, HEX);
    return `${h()}${h()}-${h()}-4${this.str(3, HEX)}-${this.pick(['8', '9', 'a', 'b'])}${this.str(3, HEX)}-${h()}${h()}${h()}`;
  }
  ident() {
    return this.pick(WORDS) + cap(this.pick(WORDS));
  }
  password() {
    // People's passwords: letters, digits and a symbol, 10-16 characters.
    return this.str(6 + this.int(6), LOWER + UPPER) + this.str(3, DIGITS) + this.pick(['!', '#', '%', '*', '-', '.']) + this.str(1 + this.int(3), LOWER);
  }
}

const WORDS = [
  'order', 'cart', 'product', 'price', 'customer', 'payment', 'shipping', 'tax', 'discount', 'inventory', 'channel', 'store',
  'category', 'variant', 'sku', 'line', 'item', 'total', 'amount', 'currency', 'address', 'email', 'event', 'message', 'state',
  'status', 'result', 'response', 'request', 'handler', 'service', 'client', 'config', 'logger', 'cache', 'retry', 'batch',
  'sync', 'import', 'export', 'webhook', 'notification', 'subscription', 'project', 'resource', 'version', 'locale', 'country',
];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const b64 = (s) => Buffer.from(s).toString('base64');
const b64url = (s) => Buffer.from(s).toString('base64url');

/** Fake secrets by kind; prefixes are split so this source holds no complete token shape. */
const SECRETS = {
  ctClientId: (g) => g.str(24, URLSAFE),
  ctClientSecret: (g) => g.str(32, URLSAFE),
  awsKeyId: (g) => 'AK' + 'IA' + g.str(16, UPPER + '234567'),
  awsSecret: (g) => g.str(40, B64),
  gcpApiKey: (g) => 'AI' + 'za' + g.str(35, URLSAFE),
  azureStorageKey: (g) => g.str(86, B64) + '==',
  azureAdSecret: (g) => g.str(3, ALNUM) + DIGITS[g.int(10)] + 'Q' + '~' + g.str(34, ALNUM + '_.-'),
  stripeKey: (g) => 'sk' + '_live_' + g.str(24 + g.int(76)),
  stripeRestricted: (g) => 'rk' + '_live_' + g.str(24),
  stripeWebhook: (g) => 'wh' + 'sec_' + g.str(32),
  braintreeToken: (g) => 'access' + '_token$production$' + g.str(16, LOWER + DIGITS) + '$' + g.str(32, HEX),
  braintreePrivateKey: (g) => g.str(32, HEX),
  paypalSecret: (g) => 'E' + g.str(79, URLSAFE),
  adyenApiKey: (g) => 'AQ' + 'E' + g.str(70, B64) + '==-' + g.str(43, B64) + '=-' + g.str(16, ALNUM + '%&#'),
  adyenHmac: (g) => g.str(64, HEX.toUpperCase()),
  mollieKey: (g) => g.pick(['live', 'test']) + '_' + g.str(30),
  klaviyoKey: (g) => 'pk' + '_' + g.str(34, HEX),
  sendgridKey: (g) => 'S' + 'G.' + g.str(22, URLSAFE) + '.' + g.str(43, URLSAFE),
  twilioAuthToken: (g) => g.str(32, HEX),
  twilioApiKey: (g) => 'S' + 'K' + g.str(32, HEX),
  slackBot: (g) => 'xo' + 'xb-' + g.str(12, DIGITS) + '-' + g.str(13, DIGITS) + '-' + g.str(24),
  slackWebhook: (g) => 'https://hooks.' + 'slack.com/services/T' + g.str(10, UPPER + DIGITS) + '/B' + g.str(10, UPPER + DIGITS) + '/' + g.str(24),
  githubPat: (g) => 'gh' + 'p_' + g.str(36),
  gitlabPat: (g) => 'gl' + 'pat-' + g.str(20, URLSAFE),
  npmToken: (g) => 'np' + 'm_' + g.str(36),
  jwt: (g) => b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + b64url(JSON.stringify({ sub: g.uuid(), scope: 'manage_orders', iat: 1700000000 + g.int(1e7) })) + '.' + g.str(43, URLSAFE),
  bearer: (g) => g.str(32 + g.int(32), URLSAFE),
  genericToken: (g) => g.str(32 + g.int(16)),
  hexToken: (g) => g.str(40, HEX),
};

const pemKey = (g, kind = 'RSA ') => {
  const body = g.str(64 * 20 + 20, B64);
  return [`-----BEGIN ${kind}PRIVATE KEY-----`, ...body.match(/.{1,64}/g), `-----END ${kind}PRIVATE KEY-----`];
};
const pemPublic = (g) => ['-----BEGIN PUBLIC KEY-----', ...g.str(64 * 6, B64).match(/.{1,64}/g), '-----END PUBLIC KEY-----'];

/** Builds one file line by line and records the lines that hold planted secrets. */
class FileBuilder {
  constructor(path) {
    this.path = path;
    this.lines = [];
    this.truth = [];
  }
  add(...lines) {
    this.lines.push(...lines);
    return this;
  }
  /** Adds a line holding a planted secret of `family`. */
  plant(family, line) {
    this.lines.push(line);
    this.truth.push({ file: this.path, line: this.lines.length, family });
    return this;
  }
  text() {
    return this.lines.join('\n') + '\n';
  }
}

// ── ordinary code (the bulk of every repository, full of decoys) ───────────────────────────────

function ordinaryService(g, path) {
  const f = new FileBuilder(path);
  const name = g.ident();
  f.add(
    "import { createApiBuilderFromCtpClient } from '@commercetools/platform-sdk';",
    "import type { Order, Cart } from '@commercetools/platform-sdk';",
    `import { logger } from '../utils/logger';`,
    `import { readConfiguration } from '../utils/config';`,
    '',
  );
  const blocks = 3 + g.int(8);
  for (let b = 0; b < blocks; b++) {
    const fn = g.ident();
    f.add(`/** ${cap(g.pick(WORDS))} ${g.pick(WORDS)} for the ${g.pick(WORDS)} ${g.pick(WORDS)}. */`);
    f.add(`export async function ${fn}(${g.pick(WORDS)}Id: string, ${g.pick(WORDS)}: number): Promise<${g.pick(['Order', 'Cart', 'void', 'string'])}> {`);
    const body = 4 + g.int(12);
    // About one statement in five carries a decoy, the rest is ordinary connector code.
    for (let i = 0; i < body; i++) f.add(...(g.chance(0.2) ? ['  ' + decoyStatement(g)] : plainStatement(g)));
    f.add(`  logger.info('${g.pick(WORDS)} ${g.pick(WORDS)} done', { ${g.pick(WORDS)}Id });`, `  return ${g.pick(['undefined as never', `'${g.pick(WORDS)}'`, 'result as never'])};`, '}', '');
  }
  f.add(`export const ${name}Handler = { ${g.ident()}, ${g.ident()} };`);
  return f;
}

/** Ordinary connector code: SDK calls, control flow, mapping, logging. */
function plainStatement(g) {
  const w = g.pick(WORDS);
  const v = g.pick(WORDS);
  switch (g.int(10)) {
    case 0: return [`  const ${w} = await apiRoot.${g.pick(['carts', 'orders', 'products', 'customers', 'payments'])}().withId({ ID: ${v}Id }).get().execute();`];
    case 1: return [`  if (!${w}.body.${v}) {`, `    throw new CustomError(400, '${cap(w)} ${v} is missing');`, '  }'];
    case 2: return [`  for (const ${v} of ${w}.body.lineItems) {`, `    ${w}Total += ${v}.totalPrice.centAmount * ${v}.quantity;`, '  }'];
    case 3: return [`  logger.debug(\`processing \${${w}.id} (\${${v}.length} items)\`);`];
    case 4: return [`  const draft = {`, `    version: ${w}.body.version,`, `    actions: [{ action: 'set${cap(v)}', ${v}: ${w}.${v} }],`, '  };'];
    case 5: return ['  try {', `    await ${g.ident()}(${w}, ${v});`, '  } catch (error) {', `    logger.error('${w} ${v} failed', { error });`, '    throw error;', '  }'];
    case 6: return [`  const ${w}Map = new Map(${v}s.map((x) => [x.id, x]));`];
    case 7: return [`  return { statusCode: 200, body: JSON.stringify({ ${w}: ${v} }) };`];
    case 8: return [`  const { ${w}, ${v} } = readConfiguration();`];
    default: return [`  await new Promise((resolve) => setTimeout(resolve, ${100 * (1 + g.int(9))}));`];
  }
}

/** A line of ordinary code, sometimes carrying a random-looking value that is not a secret. */
function decoyStatement(g) {
  const w = g.pick(WORDS);
  switch (g.int(24)) {
    case 0: return `const ${w}Id = '${g.uuid()}';`;
    case 1: return `const commitSha = '${g.str(40, HEX)}';`;
    case 2: return `const checksum = '${g.str(64, HEX)}'; // sha256 of the ${w} payload`;
    case 3: return `const orderNumber = 'ORD-${g.str(10, DIGITS)}';`;
    case 4: return `const etag = 'W/"${g.str(27, HEX)}"';`;
    case 5: return `const correlationId = \`${g.uuid()}\`;`;
    case 6: return `const cacheKey = \`${w}-list-v${g.int(9)}\`;`;
    case 7: return `const ${w}Key = '${w}-${g.str(6, LOWER + DIGITS)}';`;
    case 8: return `const secretName = 'ct-${w}-secret';`;
    case 9: return `const tokenUrl = 'https://auth.europe-west1.gcp.commercetools.com/oauth/token';`;
    case 10: return `const passwordField = form.querySelector('input[type=password]');`;
    case 11: return `const token = await getAccessToken(${w}Client);`;
    case 12: return `const publishableKey = '${'pk_' + 'live_' + g.str(24)}'; // public by design`;
    case 13: return `const clientKey = '${'test_' + g.str(32, UPPER + DIGITS)}'; // Adyen client key, public`;
    case 14: return `const image = 'data:image/png;base64,${g.str(120, B64)}';`;
    case 15: return `const color = '#${g.str(6, HEX)}';`;
    case 16: return `const idempotencyKey = '${g.uuid()}';`;
    case 17: return `const headers = { Authorization: \`Bearer \${accessToken}\` };`;
    case 18: return `const apiKey = process.env.${w.toUpperCase()}_API_KEY ?? '';`;
    case 19: return `const password = req.body.password;`;
    case 20: return `const sortKey = '${g.str(12, LOWER + DIGITS)}';`;
    case 21: return `const nonce = crypto.randomBytes(16).toString('hex');`;
    case 22: return `const productKey = '${w}-${g.int(1000)}-${g.pick(['red', 'blue', 'xl'])}';`;
    default: return `const ${w}Total = ${w}s.reduce((sum, x) => sum + x.${g.pick(WORDS)}, 0);`;
  }
}

function packageJson(g, path, name) {
  const f = new FileBuilder(path);
  f.add('{', `  "name": "${name}",`, '  "version": "1.0.0",', '  "private": true,', '  "scripts": {', '    "build": "tsc",', '    "start": "node dist/index.js",', '    "test": "jest"', '  },', '  "dependencies": {');
  for (const dep of ['@commercetools/platform-sdk', '@commercetools/sdk-client-v2', 'express', 'dotenv', 'validator']) f.add(`    "${dep}": "^${1 + g.int(7)}.${g.int(20)}.${g.int(10)}",`);
  f.add('    "zod": "^3.22.4"', '  },', `  "gitHead": "${g.str(40, HEX)}"`, '}');
  return f;
}

function packageLock(g, path, name) {
  const f = new FileBuilder(path);
  f.add('{', `  "name": "${name}",`, '  "lockfileVersion": 3,', '  "packages": {');
  const n = 20 + g.int(60);
  for (let i = 0; i < n; i++) {
    const pkg = g.pick(WORDS) + '-' + g.pick(WORDS);
    f.add(`    "node_modules/${pkg}": {`, `      "version": "${g.int(9)}.${g.int(20)}.${g.int(9)}",`, `      "resolved": "https://registry.npmjs.org/${pkg}/-/${pkg}-1.0.0.tgz",`, `      "integrity": "sha512-${g.str(86, B64)}=="`, `    }${i < n - 1 ? ',' : ''}`);
  }
  f.add('  }', '}');
  return f;
}

function connectYaml(g, apps) {
  const f = new FileBuilder('connect.yaml');
  f.add('deployAs:');
  for (const app of apps) {
    f.add(`  - name: ${app}`, '    applicationType: service', `    endpoint: /${app}`, '    configuration:', '      standardConfiguration:', '        - key: CTP_PROJECT_KEY', '          description: commercetools project key', '        - key: CTP_REGION', '          description: region of the project', '      securedConfiguration:', '        - key: CTP_CLIENT_ID', '          description: API client id', '        - key: CTP_CLIENT_SECRET', '          description: API client secret');
  }
  return f;
}

function readme(g, path, leaks) {
  const f = new FileBuilder(path);
  f.add('# commercetools connector', '', 'Synchronises orders with the payment provider.', '', '## Installation', '', '```bash', 'npm ci', 'cp .env.example .env', '```', '', 'Fill in `.env`:', '', '```', 'CTP_PROJECT_KEY=your-project-key', 'CTP_CLIENT_ID=<your client id>', 'CTP_CLIENT_SECRET=<your client secret>', 'CTP_SCOPE=manage_project:your-project-key', 'STRIPE_SECRET_KEY=sk_test_...', 'DATABASE_URL=postgres://user:password@localhost:5432/connector', '```', '');
  f.add('For AWS use the documentation keys to try the S3 export offline:', '', '```ini', `aws_access_key_id = ${'AKIA' + 'IOSFODNN7' + 'EXAMPLE'}`, `aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY'}`, '```', '');
  leaks(f);
  f.add('## Usage', '', `Call \`POST /${g.pick(WORDS)}\` with \`Authorization: Bearer <access token>\`.`, '', '## License', '', 'MIT');
  return f;
}

// ── planted secrets by family and context ──────────────────────────────────────────────────────

/**
 * Each planter adds one or more lines holding secrets to a file of the given kind.
 * kinds: ts (code), json, yaml, env, properties, md, sh.
 */
const PLANTERS = [
  // commercetools
  { family: 'commercetools', kinds: ['env'], plant: (g, f) => { const id = SECRETS.ctClientId(g); const s = SECRETS.ctClientSecret(g); f.add(`CTP_PROJECT_KEY=${g.pick(WORDS)}-shop`); f.plant('commercetools', `CTP_CLIENT_ID=${id}`); f.plant('commercetools', `CTP_CLIENT_SECRET=${s}`); } },
  { family: 'commercetools', kinds: ['ts'], plant: (g, f) => { f.add("import { ClientBuilder } from '@commercetools/sdk-client-v2';", 'const authMiddlewareOptions = {', "  host: 'https://auth.europe-west1.gcp.commercetools.com',", `  projectKey: '${g.pick(WORDS)}-shop',`, '  credentials: {'); f.plant('commercetools', `    clientId: '${SECRETS.ctClientId(g)}',`); f.plant('commercetools', `    clientSecret: '${SECRETS.ctClientSecret(g)}',`); f.add('  },', '};'); } },
  { family: 'commercetools', kinds: ['ts'], plant: (g, f) => { f.plant('commercetools', `const authUrl = \`https://${SECRETS.ctClientId(g)}:${SECRETS.ctClientSecret(g)}@auth.us-central1.gcp.commercetools.com/oauth/token\`;`); } },
  { family: 'commercetools', kinds: ['json'], plant: (g, f) => { f.add('  "commercetools": {', `    "projectKey": "${g.pick(WORDS)}-shop",`); f.plant('commercetools', `    "clientSecret": "${SECRETS.ctClientSecret(g)}",`); f.add('    "region": "europe-west1.gcp"', '  },'); } },
  { family: 'commercetools', kinds: ['yaml'], plant: (g, f) => { f.add('commercetools:'); f.plant('commercetools', `  ctp_client_secret: ${SECRETS.ctClientSecret(g)}`); } },
  { family: 'commercetools', kinds: ['md'], plant: (g, f) => { f.add('```bash'); f.plant('commercetools', `curl -X POST "https://${SECRETS.ctClientId(g)}:${SECRETS.ctClientSecret(g)}@auth.europe-west1.gcp.commercetools.com/oauth/token?grant_type=client_credentials"`); f.add('```'); } },
  { family: 'commercetools', kinds: ['properties'], plant: (g, f) => { f.add('# commercetools'); f.plant('commercetools', `commercetools.client.secret=${SECRETS.ctClientSecret(g)}`); } },
  // aws
  { family: 'aws', kinds: ['env', 'sh'], plant: (g, f) => { f.plant('aws', `AWS_ACCESS_KEY_ID=${SECRETS.awsKeyId(g)}`); f.plant('aws', `AWS_SECRET_ACCESS_KEY=${SECRETS.awsSecret(g)}`); } },
  { family: 'aws', kinds: ['ts'], plant: (g, f) => { f.add('const s3 = new S3Client({', "  region: 'eu-central-1',", '  credentials: {'); f.plant('aws', `    accessKeyId: '${SECRETS.awsKeyId(g)}',`); f.plant('aws', `    secretAccessKey: '${SECRETS.awsSecret(g)}',`); f.add('  },', '});'); } },
  { family: 'aws', kinds: ['yaml'], plant: (g, f) => { f.add('aws:'); f.plant('aws', `  aws_secret_access_key: "${SECRETS.awsSecret(g)}"`); } },
  // google
  { family: 'gcp', kinds: ['ts'], plant: (g, f) => { f.plant('gcp', `const mapsUrl = \`https://maps.googleapis.com/maps/api/geocode/json?key=${SECRETS.gcpApiKey(g)}\`;`); } },
  { family: 'gcp', kinds: ['json'], plant: (g, f) => { f.plant('gcp', `  "googleApiKey": "${SECRETS.gcpApiKey(g)}",`); } },
  // azure
  { family: 'azure', kinds: ['env'], plant: (g, f) => { f.plant('azure', `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=${g.pick(WORDS)}store;AccountKey=${SECRETS.azureStorageKey(g)};EndpointSuffix=core.windows.net"`); } },
  { family: 'azure', kinds: ['ts'], plant: (g, f) => { f.plant('azure', `const credential = new ClientSecretCredential(tenantId, clientId, '${SECRETS.azureAdSecret(g)}');`); } },
  // stripe
  { family: 'stripe', kinds: ['ts'], plant: (g, f) => { f.plant('stripe', `const stripe = new Stripe('${SECRETS.stripeKey(g)}', { apiVersion: '2023-10-16' });`); } },
  { family: 'stripe', kinds: ['ts'], plant: (g, f) => { f.plant('stripe', `const endpointSecret = \`${SECRETS.stripeWebhook(g)}\`;`); } },
  { family: 'stripe', kinds: ['env'], plant: (g, f) => { f.plant('stripe', `STRIPE_SECRET_KEY=${SECRETS.stripeKey(g)}`); f.plant('stripe', `STRIPE_RESTRICTED_KEY=${SECRETS.stripeRestricted(g)}`); } },
  { family: 'stripe', kinds: ['json'], plant: (g, f) => { f.plant('stripe', `  "body": "{\\"api_key\\":\\"${SECRETS.stripeKey(g)}\\",\\"currency\\":\\"eur\\"}",`); } },
  { family: 'stripe', kinds: ['md'], plant: (g, f) => { f.add('```js'); f.plant('stripe', `const stripe = require('stripe')('${SECRETS.stripeKey(g)}');`); f.add('```'); } },
  // paypal / braintree
  { family: 'paypal', kinds: ['ts'], plant: (g, f) => { f.plant('paypal', `const gateway = new braintree.BraintreeGateway({ accessToken: '${SECRETS.braintreeToken(g)}' });`); } },
  { family: 'paypal', kinds: ['env'], plant: (g, f) => { f.add('PAYPAL_CLIENT_ID=' + g.str(80, URLSAFE).replace(/^./, 'A')); f.plant('paypal', `PAYPAL_CLIENT_SECRET=${SECRETS.paypalSecret(g)}`); } },
  { family: 'paypal', kinds: ['yaml'], plant: (g, f) => { f.add('braintree:', '  environment: production', `  merchant_id: ${g.str(16, LOWER + DIGITS)}`); f.plant('paypal', `  braintree_private_key: ${SECRETS.braintreePrivateKey(g)}`); } },
  // adyen
  { family: 'adyen', kinds: ['ts'], plant: (g, f) => { f.add("const config = new Config();"); f.plant('adyen', `config.apiKey = '${SECRETS.adyenApiKey(g)}';`); f.add("config.environment = 'LIVE';"); } },
  { family: 'adyen', kinds: ['env'], plant: (g, f) => { f.add(`ADYEN_MERCHANT_ACCOUNT=${cap(g.pick(WORDS))}ECOM`); f.plant('adyen', `ADYEN_API_KEY=${SECRETS.adyenApiKey(g)}`); f.plant('adyen', `ADYEN_HMAC_KEY=${SECRETS.adyenHmac(g)}`); } },
  { family: 'adyen', kinds: ['json'], plant: (g, f) => { f.plant('adyen', `  "adyenHmacKey": "${SECRETS.adyenHmac(g)}",`); } },
  // mollie, klaviyo, sendgrid, twilio
  { family: 'mollie', kinds: ['ts', 'env'], plant: (g, f, kind) => { const k = SECRETS.mollieKey(g); f.plant('mollie', kind === 'env' ? `MOLLIE_API_KEY=${k}` : `const mollieClient = createMollieClient({ apiKey: '${k}' });`); } },
  { family: 'klaviyo', kinds: ['ts', 'env'], plant: (g, f, kind) => { const k = SECRETS.klaviyoKey(g); f.plant('klaviyo', kind === 'env' ? `KLAVIYO_PRIVATE_KEY=${k}` : `const session = new ApiKeySession('${k}');`); } },
  { family: 'sendgrid', kinds: ['ts', 'yaml', 'env'], plant: (g, f, kind) => { const k = SECRETS.sendgridKey(g); f.plant('sendgrid', kind === 'ts' ? `sgMail.setApiKey('${k}');` : kind === 'yaml' ? `  sendgrid_api_key: ${k}` : `SENDGRID_API_KEY=${k}`); } },
  { family: 'twilio', kinds: ['env'], plant: (g, f) => { f.add(`TWILIO_ACCOUNT_SID=AC${g.str(32, HEX)}`); f.plant('twilio', `TWILIO_AUTH_TOKEN=${SECRETS.twilioAuthToken(g)}`); } },
  { family: 'twilio', kinds: ['ts'], plant: (g, f) => { f.add("import twilio from 'twilio';"); f.plant('twilio', `const client = twilio('${SECRETS.twilioApiKey(g)}', apiSecret, { accountSid });`); } },
  // slack, github, gitlab, npm
  { family: 'slack', kinds: ['ts', 'env'], plant: (g, f, kind) => { const t = SECRETS.slackBot(g); f.plant('slack', kind === 'env' ? `SLACK_BOT_TOKEN=${t}` : `const slack = new WebClient('${t}');`); } },
  { family: 'slack', kinds: ['ts', 'yaml'], plant: (g, f, kind) => { const u = SECRETS.slackWebhook(g); f.plant('slack', kind === 'yaml' ? `  alerts_webhook: ${u}` : `await fetch('${u}', { method: 'POST', body });`); } },
  { family: 'github', kinds: ['sh', 'yaml'], plant: (g, f, kind) => { const t = SECRETS.githubPat(g); f.plant('github', kind === 'sh' ? `curl -H "Authorization: token ${t}" https://api.github.com/repos/shop/connector/releases` : `  github_token: ${t}`); } },
  { family: 'gitlab', kinds: ['sh', 'env'], plant: (g, f, kind) => { const t = SECRETS.gitlabPat(g); f.plant('gitlab', kind === 'sh' ? `git clone https://oauth2:${t}@gitlab.com/shop/connector.git` : `GITLAB_TOKEN=${t}`); } },
  { family: 'npm', kinds: ['npmrc'], plant: (g, f) => { f.add('@shop:registry=https://registry.npmjs.org/'); f.plant('npm', `//registry.npmjs.org/:_authToken=${SECRETS.npmToken(g)}`); } },
  { family: 'npm', kinds: ['sh', 'env'], plant: (g, f) => { f.plant('npm', `NPM_TOKEN=${SECRETS.npmToken(g)}`); } },
  // keys and tokens
  { family: 'private-key', kinds: ['pem'], plant: (g, f) => { const lines = pemKey(g, g.pick(['RSA ', 'EC ', ''])); f.plant('private-key', lines[0]); f.add(...lines.slice(1)); } },
  { family: 'gcp', kinds: ['json'], plant: (g, f) => { f.add('  "type": "service_account",', `  "project_id": "${g.pick(WORDS)}-prod",`, `  "private_key_id": "${g.str(40, HEX)}",`); f.plant('gcp', `  "private_key": "${pemKey(g, '').join('\\n')}\\n",`); f.add(`  "client_email": "connector@${g.pick(WORDS)}-prod.iam.gserviceaccount.com",`); } },
  { family: 'jwt', kinds: ['ts', 'json'], plant: (g, f, kind) => { const t = SECRETS.jwt(g); f.plant('jwt', kind === 'json' ? `  "accessToken": "${t}",` : `const serviceToken = '${t}';`); } },
  { family: 'bearer', kinds: ['ts', 'sh', 'md'], plant: (g, f, kind) => { const t = SECRETS.bearer(g); f.plant('bearer', kind === 'ts' ? `const headers = { Authorization: 'Bearer ${t}' };` : `curl -H "Authorization: Bearer ${t}" https://api.europe-west1.gcp.commercetools.com/shop/orders`); } },
  { family: 'basic-auth', kinds: ['sh', 'ts'], plant: (g, f, kind) => { const h = b64(`${g.pick(WORDS)}:${g.password()}`); f.plant('basic-auth', kind === 'ts' ? `const auth = 'Basic ${h}';` : `curl -H "Authorization: Basic ${h}" https://erp.internal/api/stock`); } },
  { family: 'url-password', kinds: ['env', 'yaml', 'ts', 'properties'], plant: (g, f, kind) => {
    const url = `${g.pick(['postgres', 'postgresql', 'mongodb+srv', 'redis', 'amqps', 'mysql'])}://${g.pick(WORDS)}:${g.password()}@${g.pick(WORDS)}.${g.pick(['internal', 'cluster.local', 'eu-west-1.rds.amazonaws.com'])}:${1000 + g.int(9000)}/${g.pick(WORDS)}`;
    f.plant('url-password', kind === 'env' ? `DATABASE_URL=${url}` : kind === 'yaml' ? `  url: ${url}` : kind === 'properties' ? `spring.datasource.url=${url}` : `const pool = new Pool({ connectionString: '${url}' });`);
  } },
  // generic: passwords and tokens of services without a known format
  { family: 'generic', kinds: ['yaml'], plant: (g, f) => { f.add('database:', `  host: db.${g.pick(WORDS)}.internal`, '  user: connector'); f.plant('generic', `  password: ${g.password()}`); } },
  { family: 'generic', kinds: ['properties'], plant: (g, f) => { f.add(`spring.datasource.username=${g.pick(WORDS)}`); f.plant('generic', `spring.datasource.password=${g.password()}`); } },
  { family: 'generic', kinds: ['ts'], plant: (g, f) => { f.plant('generic', `const erpApiToken = process.env.ERP_API_TOKEN || '${SECRETS.genericToken(g)}';`); } },
  { family: 'generic', kinds: ['ts'], plant: (g, f) => { f.plant('generic', `const webhookSecret = \`${SECRETS.hexToken(g)}\`;`); } },
  { family: 'generic', kinds: ['env'], plant: (g, f) => { f.plant('generic', `${g.pick(WORDS).toUpperCase()}_API_TOKEN=${SECRETS.genericToken(g)}`); f.plant('generic', `SMTP_PASSWORD=${g.password()}`); } },
  { family: 'generic', kinds: ['json'], plant: (g, f) => { f.plant('generic', `  "inventoryApiKey": "${SECRETS.genericToken(g)}",`); } },
  { family: 'generic', kinds: ['sh'], plant: (g, f) => { f.plant('generic', `mysql --host=db.internal --user=shop --password=${g.password()} shop < schema.sql`); } },
];

/** Placeholders and examples planted where secrets would go: every one must stay silent. */
function placeholderLines(g, kind) {
  const envs = ['CTP_CLIENT_SECRET=your-client-secret', 'STRIPE_SECRET_KEY=sk_test_xxx', 'ADYEN_API_KEY=<adyen-api-key>', 'DB_PASSWORD=changeme', 'API_TOKEN=${API_TOKEN}', 'SENDGRID_API_KEY=', 'AWS_SECRET_ACCESS_KEY=********', 'JWT_SECRET=replace-me'];
  switch (kind) {
    case 'env': return [g.pick(envs), g.pick(envs)];
    case 'yaml': return [`  password: \${DB_PASSWORD}`, `  api_key: "{{ .Values.apiKey }}"`];
    case 'json': return [`  "clientSecret": "<client-secret>",`, `  "password": "",`];
    case 'properties': return ['spring.datasource.password=${DB_PASSWORD}', 'api.token=CHANGE_ME'];
    case 'sh': return ['export CTP_CLIENT_SECRET="$CTP_CLIENT_SECRET"', 'curl -u "$USER:$PASSWORD" https://erp.internal/api'];
    case 'md': return ['Set `CTP_CLIENT_SECRET` to the secret shown once when you create the API client.', '    clientSecret: process.env.CTP_CLIENT_SECRET,'];
    default: return [`const clientSecret = process.env.CTP_CLIENT_SECRET ?? '';`, `const password = config.get('db.password');`];
  }
}

const KIND_FILES = {
  ts: (app, g) => `${app}/src/${g.pick(['config', 'clients', 'payments', 'integrations', 'lib'])}/${g.ident()}.ts`,
  json: (app, g) => `${app}/config/${g.pick(['default', 'production', 'settings', 'payment', 'service-account'])}-${g.int(100)}.json`,
  yaml: (app, g) => `${app}/${g.pick(['config/application', 'deploy/values', 'docker-compose', 'config/settings'])}-${g.int(100)}.yaml`,
  env: (app, g) => `${app}/${g.pick(['.env', '.env.local', '.env.production', 'config/.env'])}`,
  properties: (app, g) => `${app}/src/main/resources/application-${g.pick(['dev', 'prod', 'local'])}${g.int(100)}.properties`,
  md: (app, g) => `${app}/docs/${g.pick(['setup', 'deploy', 'payments', 'troubleshooting'])}-${g.int(100)}.md`,
  sh: (app, g) => `${app}/scripts/${g.pick(['deploy', 'release', 'seed', 'backup'])}-${g.int(100)}.sh`,
  npmrc: (app) => `${app}/.npmrc`,
  pem: (app, g) => `${app}/certs/${g.pick(['server', 'signing', 'client'])}-${g.int(100)}.key`,
};

function openFile(kind, path, g) {
  const f = new FileBuilder(path);
  switch (kind) {
    case 'ts': f.add(`// ${cap(g.pick(WORDS))} integration`, "import { logger } from '../utils/logger';", ''); break;
    case 'json': f.add('{', `  "name": "${g.pick(WORDS)}",`); break;
    case 'yaml': f.add(`# ${g.pick(WORDS)} settings`, `service: ${g.pick(WORDS)}`, `replicas: ${1 + g.int(4)}`); break;
    case 'env': f.add('NODE_ENV=production', `PORT=${8000 + g.int(1000)}`, `LOG_LEVEL=${g.pick(['info', 'debug', 'warn'])}`); break;
    case 'properties': f.add(`server.port=${8000 + g.int(1000)}`, `spring.application.name=${g.pick(WORDS)}`); break;
    case 'md': f.add(`# ${cap(g.pick(WORDS))} ${g.pick(WORDS)}`, '', `This page explains how to configure the ${g.pick(WORDS)} ${g.pick(WORDS)}.`, ''); break;
    case 'sh': f.add('#!/usr/bin/env bash', 'set -euo pipefail', ''); break;
    default: break;
  }
  return f;
}

function closeFile(kind, f, g) {
  if (kind === 'json') {
    // Make the last entry valid JSON.
    f.add(`  "updatedAt": "2024-0${1 + g.int(9)}-1${g.int(9)}T10:00:00Z"`, '}');
  } else if (kind === 'ts') {
    for (let i = 0; i < 4 + g.int(8); i++) f.add(decoyStatement(g));
    f.add(`export default { ${g.ident()} };`);
  } else if (kind === 'sh') {
    f.add(`echo "${g.pick(WORDS)} done"`);
  }
}

/**
 * Generates `repositories` connector repositories under `repo-<n>/`. Each has two applications,
 * ordinary sources (decoys), lock files, docs, and files where secrets or placeholders are planted.
 * `plantRate` is the share of planters used per repository (1 = every provider, every context).
 */
export function generateCorpus({ seed = 42, repositories = 4, ordinaryFilesPerApp = 20, plantRate = 1 } = {}) {
  const g = new Gen(seed);
  const files = [];
  const truth = [];
  const push = (fb) => {
    files.push({ path: fb.path, text: fb.text() });
    truth.push(...fb.truth);
  };
  for (let r = 0; r < repositories; r++) {
    const root = `repo-${String(r).padStart(3, '0')}`;
    const apps = ['service', g.pick(['event', 'job', 'sync'])];
    const prefix = (fb) => {
      fb.path = `${root}/${fb.path}`;
      fb.truth.forEach((t) => (t.file = fb.path));
      return fb;
    };
    push(prefix(connectYaml(g, apps)));
    push(prefix(readme(g, 'README.md', (f) => {
      if (g.chance(0.3 * plantRate)) {
        f.add('Example request (do not copy this token):', '', '```');
        f.plant('bearer', `curl -H "Authorization: Bearer ${SECRETS.bearer(g)}" https://api.europe-west1.gcp.commercetools.com/shop/products`);
        f.add('```', '');
      }
    })));
    for (const app of apps) {
      push(prefix(packageJson(g, `${app}/package.json`, `${root}-${app}`)));
      push(prefix(packageLock(g, `${app}/package-lock.json`, `${root}-${app}`)));
      const example = new FileBuilder(`${app}/.env.example`);
      example.add(...placeholderLines(g, 'env'), ...placeholderLines(g, 'env'));
      push(prefix(example));
      for (let i = 0; i < ordinaryFilesPerApp; i++) push(prefix(ordinaryService(g, `${app}/src/${g.pick(['services', 'handlers', 'utils', 'models'])}/${g.ident()}-${i}.ts`)));
      const pub = new FileBuilder(`${app}/certs/public-${g.int(100)}.pem`);
      pub.add(...pemPublic(g));
      push(prefix(pub));
      const test = new FileBuilder(`${app}/test/${g.ident()}.spec.ts`);
      test.add("import { describe, it, expect } from '@jest/globals';", '', "describe('checkout', () => {", "  it('signs the webhook', () => {");
      if (g.chance(0.5 * plantRate)) test.plant('stripe', `    const secret = '${SECRETS.stripeWebhook(g)}';`);
      test.add(`    const payload = { id: '${g.uuid()}', type: 'payment_intent.succeeded' };`, "    expect(verify(payload, secret)).toBe(true);", '  });', '});');
      push(prefix(test));
    }
    // Planted files: each selected planter writes into a fresh file of one of its kinds, next to placeholders.
    const byPath = new Map();
    for (const planter of PLANTERS) {
      if (g.r() >= plantRate) continue;
      const kind = g.pick(planter.kinds);
      const app = g.pick(apps);
      const path = KIND_FILES[kind](app, g);
      let fb = byPath.get(path);
      if (!fb) {
        fb = { kind, builder: openFile(kind, path, g) };
        byPath.set(path, fb);
      }
      if (fb.kind === kind && kind !== 'pem' && kind !== 'npmrc') fb.builder.add(...placeholderLines(g, kind));
      planter.plant(g, fb.builder, kind);
    }
    for (const { kind, builder } of byPath.values()) {
      closeFile(kind, builder, g);
      push(prefix(builder));
    }
  }
  return { files, truth };
}

/** A large tree for throughput: `count` files of realistic sizes, few of them with secrets. */
export function generateTree({ seed = 7, count = 10_000 } = {}) {
  const files = [];
  let r = 0;
  while (files.length < count) {
    const { files: repoFiles } = generateCorpus({ seed: seed + r, repositories: 1, ordinaryFilesPerApp: 60, plantRate: 0.3 });
    for (const f of repoFiles) {
      if (files.length >= count) break;
      files.push({ path: `tree-${String(r).padStart(4, '0')}/${f.path}`, text: f.text });
    }
    r++;
  }
  return files;
}
