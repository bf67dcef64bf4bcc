// Test fixtures for the secret rules. Fake secrets are built at run time from a seeded generator
// and split prefixes, so no committed file holds a secret-shaped literal (GitHub push protection and
// this scanner itself would rightly flag one). Every rule id has fixtures that must and must not
// trigger it; rules.test.ts fails when a rule is added without them.

/** mulberry32: small, fast, seeded; the same seed gives the same fixtures on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';
export const ALNUM = LOWER + UPPER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = ALNUM + '+/';
export const URLSAFE = ALNUM + '-_';
export const B32 = UPPER + '234567';

const rand = seeded(20240611);

/** A random string of `length` characters from `alphabet`, with at least one digit when possible. */
export function fake(length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  if (/[0-9]/.test(alphabet) && !/[0-9]/.test(out) && length > 4) out = out.slice(0, -1) + '7';
  return out;
}

export function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

export function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** Pieces joined at run time; `$` + `{` avoids a template literal in test sources. */
const DOLLAR_BRACE = '$' + '{';

export interface Fixture {
  path: string;
  text: string;
}

const pem = (kind: string, body: string): string =>
  `-----BEGIN ${kind}PRIVATE KEY-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END ${kind}PRIVATE KEY-----\n`;

const ctId = fake(24, URLSAFE);
const ctSecret = fake(32, URLSAFE);
const uuid = `${fake(8, HEX)}-${fake(4, HEX)}-${fake(4, HEX)}-${fake(4, HEX)}-${fake(12, HEX)}`;
const jwtHeader = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Per rule id: files in which the rule must report at least one finding. */
export const MUST_TRIGGER: Record<string, Fixture[]> = {
  'commercetools-client-secret': [
    { path: '.env', text: `CTP_PROJECT_KEY=my-shop\nCTP_CLIENT_ID=${ctId}\nCTP_CLIENT_SECRET=${ctSecret}\n` },
    { path: 'src/client.ts', text: `import { ClientBuilder } from '@commercetools/sdk-client-v2';\nconst credentials = { clientId: '${ctId}', clientSecret: '${ctSecret}' };\n` },
  ],
  'commercetools-client-id': [{ path: 'config/app.yaml', text: `ctp_client_id: ${ctId}\nctp_project_key: shop\n` }],
  'commercetools-auth-url': [
    { path: 'docs/setup.md', text: `curl -X POST https://${ctId}:${ctSecret}@auth.europe-west1.gcp.commercetools.com/oauth/token\n` },
  ],
  'commercetools-client-secret-parameter': [
    { path: 'src/token.js', text: `// commercetools token\nconst url = 'https://auth.us-central1.gcp.commercetools.com/oauth/token?grant_type=client_credentials&client_secret=${ctSecret}';\n` },
  ],
  'aws-access-key-id': [{ path: 'src/s3.ts', text: `const s3 = new S3({ accessKeyId: '${'AKIA' + fake(16, UPPER + DIGITS)}' });\n` }],
  'aws-secret-access-key': [{ path: '.env.production', text: `AWS_SECRET_ACCESS_KEY=${fake(40, B64)}\n` }],
  'gcp-service-account-key': [
    {
      path: 'service-account.json',
      text: `{\n  "type": "service_account",\n  "project_id": "shop",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${fake(64, B64)}\\n${fake(64, B64)}\\n-----END PRIVATE KEY-----\\n"\n}\n`,
    },
  ],
  'gcp-api-key': [{ path: 'src/maps.js', text: `const mapsKey = '${'AIza' + fake(35, URLSAFE)}';\n` }],
  'gcp-oauth-client-secret': [{ path: 'config.json', text: `{"google": {"secret": "${'GOCSPX-' + fake(28, URLSAFE)}"}}\n` }],
  'azure-storage-account-key': [
    { path: 'app.config', text: `DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${fake(86, B64)}==;EndpointSuffix=core.windows.net\n` },
  ],
  'azure-shared-access-key': [
    { path: 'src/bus.ts', text: `const conn = 'Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${fake(43, B64)}=';\n` },
  ],
  'azure-ad-client-secret': [{ path: 'src/graph.ts', text: `const graphSecret = "${fake(3) + '8Q~' + fake(34, ALNUM + '_.-')}";\n` }],
  'azure-sas-token': [
    { path: 'src/blob.ts', text: `const url = 'https://shop.blob.core.windows.net/img?sv=2022-11-02&sp=r&se=2030-01-01&sig=${fake(44)}';\n` },
  ],
  'stripe-secret-key': [{ path: 'src/pay.ts', text: `const stripe = new Stripe('${'sk_' + 'live_' + fake(24)}');\n` }],
  'stripe-webhook-secret': [{ path: 'src/webhook.ts', text: `const endpointSecret = '${'whsec_' + fake(32)}';\n` }],
  'braintree-access-token': [
    { path: 'src/bt.ts', text: `const gateway = connect({ accessToken: '${'access_token$production$' + fake(16, LOWER + DIGITS) + '$' + fake(32, HEX)}' });\n` },
  ],
  'braintree-private-key': [{ path: '.env.local', text: `BRAINTREE_MERCHANT_ID=shop\nBRAINTREE_PRIVATE_KEY=${fake(32, HEX)}\n` }],
  'paypal-client-secret': [{ path: 'config/paypal.yml', text: `paypal_client_secret: ${fake(80, URLSAFE)}\n` }],
  'adyen-api-key': [
    { path: 'src/adyen.ts', text: `const apiKey = '${'AQE' + fake(60, B64) + '==-' + fake(43, B64) + '=-' + fake(12, ALNUM + '%&')}';\n` },
    // A printf-like `%s` in the random tail does not make a provider key a template.
    { path: 'src/adyen.js', text: `config.apiKey = '${'AQE' + fake(60, B64) + '==-' + fake(43, B64) + '=-%s' + fake(12)}';\n` },
  ],
  'adyen-hmac-key': [{ path: '.env', text: `ADYEN_HMAC_KEY=${fake(64, HEX.toUpperCase())}\n` }],
  'mollie-api-key': [{ path: 'src/mollie.ts', text: `const mollie = createMollieClient({ apiKey: '${'live_' + fake(30)}' });\n` }],
  'klaviyo-private-key': [{ path: 'src/klaviyo.ts', text: `const client = new Klaviyo('${'pk_' + fake(34, HEX)}');\n` }],
  'sendgrid-api-key': [{ path: 'src/mail.ts', text: `sgMail.setApiKey('${'SG.' + fake(22, URLSAFE) + '.' + fake(43, URLSAFE)}');\n` }],
  'twilio-api-key': [{ path: 'src/sms.ts', text: `import twilio from 'twilio';\nconst client = twilio('${'SK' + fake(32, HEX)}', secret);\n` }],
  'twilio-auth-token': [{ path: '.env', text: `TWILIO_AUTH_TOKEN=${fake(32, HEX)}\n` }],
  'mailgun-api-key': [{ path: 'src/mailgun.rb', text: `mg = Mailgun::Client.new('${'key-' + fake(32, LOWER + DIGITS)}')\n` }],
  'mailgun-private-key': [
    { path: 'src/mail.ts', text: `import formData from 'form-data';\nimport Mailgun from 'mailgun.js';\nconst mg = new Mailgun(formData).client({ username: 'api', key: '${fake(32, HEX)}-${fake(8, HEX)}-${fake(8, HEX)}' });\n` },
  ],
  'slack-token': [{ path: 'src/slack.py', text: `client = WebClient(token="${'xoxb-' + fake(12, DIGITS) + '-' + fake(13, DIGITS) + '-' + fake(24)}")\n` }],
  'slack-webhook-url': [
    { path: 'src/notify.ts', text: `const hook = 'https://hooks.slack.com/services/${'T' + fake(10, UPPER + DIGITS) + '/B' + fake(10, UPPER + DIGITS) + '/' + fake(24)}';\n` },
  ],
  'github-token': [{ path: '.github/release.sh', text: `curl -H "Authorization: token ${'ghp_' + fake(36)}" https://api.github.com/user\n` }],
  'gitlab-token': [{ path: 'ci.yml', text: `GITLAB_API: ${'glpat-' + fake(20, URLSAFE)}\n` }],
  'npm-access-token': [{ path: 'publish.sh', text: `NPM_TOKEN=${'npm_' + fake(36)} npm publish\n` }],
  'npmrc-auth': [{ path: '.npmrc', text: `//registry.npmjs.org/:_authToken=${fake(8, HEX)}-${fake(4, HEX)}-${fake(4, HEX)}-${fake(12, HEX)}\n` }],
  'shopify-token': [{ path: 'src/shopify.ts', text: `const accessToken = '${'shpat_' + fake(32, HEX)}';\n` }],
  'openai-api-key': [{ path: 'src/ai.ts', text: `const openai = new OpenAI({ apiKey: '${'sk-proj-' + fake(40, URLSAFE) + 'T3Blbk' + 'FJ' + fake(40, URLSAFE)}' });\n` }],
  'anthropic-api-key': [{ path: 'src/ai.py', text: `client = Anthropic(api_key="${'sk-ant-' + 'api03-' + fake(95, URLSAFE)}")\n` }],
  'akamai-edgegrid-token': [{ path: '.edgerc', text: `[default]\nclient_token = ${'akab-' + fake(16, LOWER + DIGITS) + '-' + fake(16, LOWER + DIGITS)}\n` }],
  'grafana-token': [
    { path: 'provisioning/datasource.go', text: `auth := GetBasicAuthHeader("api_key", "${'eyJrIjoi' + base64(JSON.stringify({ k: fake(32), n: 'ci', id: 1 })).slice(8)}")\n` },
    { path: 'scripts/alloy.sh', text: `export GRAFANA_CLOUD_TOKEN=${'glc_' + fake(60, B64)}\n` },
    { path: '.env.ci', text: `GRAFANA_SA=${'glsa_' + fake(32) + '_' + fake(8, HEX)}\n` },
  ],
  'nats-nkey-seed': [{ path: 'nats/user.creds', text: `NATS user seed:\n${'SU' + fake(56, B32)}\n` }],
  'private-key': [{ path: 'certs/server.key', text: pem('RSA ', fake(256, B64)) }],
  'ntlm-authenticate-header': [{ path: 'test-data/ntlm.har.txt', text: `Authorization: NTLM ${'TlRMTVNTUAAD' + 'AAAA' + fake(80, B64)}\n` }],
  jwt: [{ path: 'src/auth.ts', text: `const token = '${jwtHeader}.${base64url(JSON.stringify({ sub: fake(12), iat: 1700000000 }))}.${fake(43, URLSAFE)}';\n` }],
  'bearer-token': [{ path: 'src/api.ts', text: `headers: { Authorization: 'Bearer ${fake(40)}' },\n` }],
  'basic-auth-header': [{ path: 'scripts/call.sh', text: `curl -H "Authorization: Basic ${base64('shop:' + fake(14))}" https://api.example.org\n` }],
  'url-credentials': [
    { path: 'config/db.yml', text: `database_url: postgres://shop:${fake(16)}@db.internal:5432/shop\n` },
    { path: 'config/app.properties', text: `spring.rabbitmq.addresses=amqps://shop:${fake(8)}#${fake(4)}@mq.internal:5671/shop\n` },
  ],
  'cli-password': [{ path: 'scripts/backup.sh', text: `mysqldump --user=root --password=${fake(14)} shop > dump.sql\n` }],
  'sql-password': [{ path: 'db/init.sql', text: `CREATE USER shop IDENTIFIED BY '${fake(14)}';\n` }],
  'cli-user-password': [
    { path: 'docs/stats.md', text: `curl -u ops:${fake(10)} http://haproxy.internal:1936/stats\n` },
    { path: 'scripts/fetch.sh', text: `wget --http-user admin --user="deploy:${fake(12)}" https://repo.internal/artifact.tgz\n` },
  ],
  'generic-password': [
    { path: 'src/db.ts', text: `const password = '${fake(12)}';\n` },
    { path: 'config/db.yaml', text: `db:\n  password: ${fake(12)}\n` },
    { path: 'src/main/resources/application.properties', text: `spring.datasource.password=${fake(12)}\n` },
    // A name and its value passed as a pair of literal arguments.
    { path: 'src/Db.java', text: `props.put("password", "${fake(12)}");\n` },
  ],
  'generic-secret': [
    { path: 'src/api.ts', text: `const apiToken = '${fake(32)}';\n` },
    { path: 'config.json', text: `{ "webhookSecret": "${fake(24)}" }\n` },
    // Many services issue API keys as random UUIDs; upper-case ones are values, not variable names.
    { path: 'src/client.go', text: `apiKey := "${uuid}"\n` },
    { path: 'src/client.cs', text: `const string ApiKey = "${uuid.toUpperCase()}";\n` },
    // OAuth 1.0a request credentials.
    { path: 'test/oauth.js', text: `const params = { oauth_verifier: '${fake(43)}', oauth_signature: '${fake(27, B64)}=' };\n` },
    { path: 'config/initializers/auth.rb', text: `external_property_set(:github, :secret, '${fake(40)}')\n` },
  ],
  'generic-named-key': [
    { path: '.env', text: `LASTFM_KEY=${fake(32, HEX)}\n` },
    { path: 'src/keys.ts', text: `export const MAPS_KEY = '${fake(32)}';\n` },
  ],
  'generic-key': [
    { path: 'src/cache.ts', text: `const settings = { key: '${fake(28)}' };\n` },
    { path: 'src/rest.go', text: `const key = "${uuid.toUpperCase()}"\n` },
  ],
};

/** Per rule id: files in which the rule must not report anything. */
export const MUST_NOT_TRIGGER: Record<string, Fixture[]> = {
  'commercetools-client-secret': [
    { path: '.env.example', text: 'CTP_CLIENT_ID=your-client-id\nCTP_CLIENT_SECRET=your-client-secret\n' },
    { path: 'src/config.ts', text: "const clientSecret = process.env.CTP_CLIENT_SECRET ?? '';\nexport const ctp = { clientSecret };\n" },
    { path: 'connect.yaml', text: 'securedConfiguration:\n  - key: CTP_CLIENT_SECRET\n    description: commercetools client secret\n' },
  ],
  'commercetools-client-id': [{ path: '.env.template', text: 'CTP_CLIENT_ID=<client-id>\n' }],
  'commercetools-auth-url': [{ path: 'src/auth.ts', text: "const authUrl = 'https://auth.europe-west1.gcp.commercetools.com/oauth/token';\n" }],
  'commercetools-client-secret-parameter': [{ path: 'src/token.ts', text: "// commercetools\nconst body = 'grant_type=client_credentials&client_secret=' + secret;\n" }],
  'aws-access-key-id': [
    { path: 'docs/aws.md', text: `aws_access_key_id = ${'AKIA' + 'IOSFODNN7' + 'EXAMPLE'}\n` },
    { path: 'src/x.ts', text: `const id = '${'AKIA' + 'X'.repeat(16)}';\n` },
  ],
  'aws-secret-access-key': [{ path: 'docs/aws.md', text: `aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY'}\n` }],
  'gcp-service-account-key': [{ path: 'key.json', text: `{ "private_key": "-----BEGIN PRIVATE KEY-----\\n${fake(64, B64)}\\n-----END PRIVATE KEY-----\\n" }\n` }],
  'gcp-api-key': [{ path: 'src/maps.js', text: `const mapsKey = '${'AIza' + 'x'.repeat(35)}';\n` }],
  'gcp-oauth-client-secret': [{ path: 'README.md', text: 'Set GOOGLE_CLIENT_SECRET to the GOCSPX- value from the console.\n' }],
  'azure-storage-account-key': [{ path: 'README.md', text: 'AccountKey=<your-account-key>\n' }],
  'azure-shared-access-key': [{ path: 'src/bus.ts', text: `const conn = 'SharedAccessKey=' + process.env.BUS_KEY;\n` }],
  'azure-ad-client-secret': [{ path: 'src/graph.ts', text: 'const graphSecret = process.env.GRAPH_SECRET;\n' }],
  'azure-sas-token': [{ path: 'docs/blob.md', text: 'https://shop.blob.core.windows.net/img?sv=2022-11-02&sig=<signature>\n' }],
  'stripe-secret-key': [
    { path: 'src/pay.ts', text: `const stripe = new Stripe('${'sk_' + 'live_' + 'x'.repeat(24)}');\n` },
    { path: '.env.example', text: `STRIPE_SECRET_KEY=${'sk_' + 'test_'}...\n` },
  ],
  'stripe-webhook-secret': [{ path: 'README.md', text: 'STRIPE_WEBHOOK_SECRET=whsec_...\n' }],
  'braintree-access-token': [{ path: 'README.md', text: 'BRAINTREE_TOKEN=access_token$production$<merchant>$<token>\n' }],
  'braintree-private-key': [{ path: '.env', text: 'BRAINTREE_PRIVATE_KEY=your_private_key\n' }],
  'paypal-client-secret': [{ path: 'config/paypal.yml', text: `paypal_client_secret: ${DOLLAR_BRACE}PAYPAL_CLIENT_SECRET}\n` }],
  'adyen-api-key': [{ path: 'README.md', text: 'ADYEN_API_KEY=AQE... (from the Customer Area)\n' }],
  'adyen-hmac-key': [{ path: '.env', text: `ADYEN_HMAC_KEY=${DOLLAR_BRACE}ADYEN_HMAC}\n` }],
  'mollie-api-key': [{ path: 'src/mollie.ts', text: `const key = '${'test_' + 'x'.repeat(30)}';\n` }],
  'klaviyo-private-key': [{ path: 'src/klaviyo.ts', text: `const client = new Klaviyo('${'pk_' + '0'.repeat(34)}');\n` }],
  'sendgrid-api-key': [{ path: 'src/mail.ts', text: `sgMail.setApiKey('${'SG.' + 'x'.repeat(22) + '.' + 'x'.repeat(43)}');\n` }],
  'twilio-api-key': [{ path: 'src/ids.ts', text: `const sid = '${'SK' + fake(32, HEX)}'; // an id from another provider\n` }],
  'twilio-auth-token': [{ path: '.env', text: 'TWILIO_AUTH_TOKEN=your_auth_token\n' }],
  'mailgun-api-key': [{ path: 'src/mailgun.rb', text: `mg = Mailgun::Client.new('${'key-' + 'x'.repeat(32)}')\n` }],
  'mailgun-private-key': [
    // The same shape without Mailgun in the file: a hash or id of something else.
    { path: 'src/ids.ts', text: `const revision = '${fake(32, HEX)}-${fake(8, HEX)}-${fake(8, HEX)}';\n` },
    { path: 'src/mail.ts', text: `// mailgun\nconst key = '${'0'.repeat(32)}-${'0'.repeat(8)}-${'0'.repeat(8)}';\n` },
  ],
  'slack-token': [{ path: 'README.md', text: 'SLACK_BOT_TOKEN=xoxb-your-token\n' }],
  'slack-webhook-url': [{ path: 'README.md', text: 'https://hooks.slack.com/services/XXXXX/YYYYY/ZZZZZ\n' }],
  'github-token': [{ path: 'README.md', text: `GITHUB_TOKEN=${'ghp_' + 'x'.repeat(36)}\n` }],
  'gitlab-token': [{ path: 'README.md', text: 'GITLAB_TOKEN=glpat-<your token>\n' }],
  'npm-access-token': [{ path: 'README.md', text: `NPM_TOKEN=${'npm_' + 'x'.repeat(36)}\n` }],
  'npmrc-auth': [{ path: '.npmrc', text: `//registry.npmjs.org/:_authToken=${DOLLAR_BRACE}NPM_TOKEN}\n` }],
  'shopify-token': [{ path: 'src/shopify.ts', text: `const accessToken = '${'shpat_' + '0'.repeat(32)}';\n` }],
  'openai-api-key': [{ path: 'README.md', text: 'OPENAI_API_KEY=sk-proj-...\n' }],
  'anthropic-api-key': [{ path: 'README.md', text: 'ANTHROPIC_API_KEY=sk-ant-...\n' }],
  'akamai-edgegrid-token': [{ path: '.edgerc', text: `client_token = ${'akab-' + 'x'.repeat(16) + '-' + 'x'.repeat(16)}\n` }],
  'grafana-token': [
    { path: 'README.md', text: 'GRAFANA_API_KEY=eyJrIjoi... (create one under Configuration > API keys)\n' },
    { path: '.env.example', text: 'GRAFANA_CLOUD_TOKEN=glc_<your token>\n' },
  ],
  'nats-nkey-seed': [{ path: 'src/ids.txt', text: `${'SU' + fake(56, B32)}\n` }],
  'private-key': [
    { path: 'docs/tls.md', text: '```\n-----BEGIN RSA PRIVATE KEY-----\n...your key...\n-----END RSA PRIVATE KEY-----\n```\n' },
    { path: 'src/pem.ts', text: "const HEADER = '-----BEGIN PRIVATE KEY-----';\n" },
  ],
  'ntlm-authenticate-header': [{ path: 'test-data/ntlm.txt', text: `Authorization: NTLM ${'TlRMTVNTUAAB' + 'AAAA' + fake(40, B64)}\n` }],
  jwt: [{ path: 'src/auth.ts', text: `const token = '${'eyJ' + 'x'.repeat(20)}.${'eyJ' + 'x'.repeat(20)}.${'x'.repeat(20)}';\n` }],
  'bearer-token': [
    { path: 'src/api.ts', text: `headers: { Authorization: \`Bearer ${DOLLAR_BRACE}token}\` },\n` },
    { path: 'README.md', text: 'Authorization: Bearer <access-token>\n' },
  ],
  'basic-auth-header': [
    { path: 'src/api.ts', text: "res.setHeader('WWW-Authenticate', 'Basic realm=\"shop\"');\n" },
    { path: 'README.md', text: `Authorization: Basic ${base64('user:password')}\n` },
  ],
  'url-credentials': [
    { path: 'README.md', text: 'DATABASE_URL=postgres://user:password@localhost:5432/shop\n' },
    { path: 'docs/api.md', text: `curl https://admin:${fake(12)}@example.com/api\n` },
    { path: 'src/db.ts', text: `const url = \`postgres://${DOLLAR_BRACE}user}:${DOLLAR_BRACE}pass}@${DOLLAR_BRACE}host}/db\`;\n` },
  ],
  'cli-password': [{ path: 'scripts/backup.sh', text: 'mysqldump --user=root --password="$DB_PASSWORD" shop > dump.sql\n' }],
  'sql-password': [{ path: 'README.md', text: 'The user is identified by the password you chose during setup.\n' }],
  'cli-user-password': [
    { path: 'scripts/stats.sh', text: 'curl -u "$STATS_USER:$STATS_PASSWORD" http://haproxy.internal:1936/stats\n' },
    { path: 'README.md', text: 'curl -u admin:<password> https://repo.internal/\ncurl -u user:password http://localhost:8080\n' },
  ],
  'generic-password': [
    { path: 'config/db.yaml', text: 'db:\n  password: changeme\n' },
    { path: 'src/db.ts', text: 'const password = process.env.DB_PASSWORD;\nconst passwordLength = 12;\n' },
    { path: 'config/db.yml', text: `password: ${DOLLAR_BRACE}DB_PASSWORD}\n` },
    { path: 'src/form.tsx', text: '<input type="password" name="password" placeholder="Password" />\n' },
    { path: 'src/user.ts', text: 'user.password = hashPassword(input.password);\n' },
    // Lists of field names are not name/value pairs.
    { path: 'src/model.go', text: 'rows := []string{"id", "user", "name", "password", "mobile", "gender"}\n' },
    { path: 'src/form.py', text: 'self.set_form_field_order(["login", "password", "remember"])\n' },
    { path: 'src/cli.py', text: 'parser.add_argument("--password", "-p")\nerrors.add("password", "is too short")\n' },
  ],
  'generic-secret': [
    { path: 'src/api.ts', text: "const apiToken = 'your-api-token';\nconst tokenUrl = 'https://auth.example.org/token';\n" },
    { path: 'src/api.js', text: "const token = req.headers['x-token'];\nconst secretName = 'payment-secret';\n" },
    { path: 'config.json', text: '{ "secret": "xxxxxxxx", "token": "" }\n' },
    // A UUID is a key only under a credential name; all-zero ones are placeholders.
    { path: 'collection.json', text: `{ "id": "${uuid}", "collectionId": "${uuid.toUpperCase()}" }\n` },
    { path: 'src/api.ts', text: "const apiKey = '00000000-0000-0000-0000-000000000000';\n" },
    { path: 'test/token.exs', text: 'assert Token.decrypt(TokenEndpoint, "secret", "garbage") == {:error, :invalid}\n' },
  ],
  'generic-named-key': [
    { path: 'src/cart.ts', text: `const paymentKey = '${fake(16)}';\nconst ORDER_KEY = 'order-' + id;\n` },
    { path: 'src/i18n.ts', text: "const LABEL_KEY = 'checkout.button.label';\n" },
  ],
  'generic-key': [{ path: 'src/cache.ts', text: "const entry = { key: 'product_list_cache_v2' };\n" }],
};
