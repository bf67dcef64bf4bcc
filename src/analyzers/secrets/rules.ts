// The secret rules, as data (the way gitleaks keeps its rules in one table): what each finds, the
// cheap keywords that must occur before its expression is even tried, the expression, and the
// filters a candidate must pass. Add or tune a rule here; the scanner (scan.ts) has no rule-specific
// code beyond the few named validators in validators.ts.
//
// Regular expressions here must stay linear-time: no unbounded quantifiers (`*`, `+`, `{n,}`) and no
// quantified group that holds another quantifier (beyond a repeat of at most 4), so each match
// attempt does bounded work; rules.test.ts checks both and runs every rule against 100 KB
// adversarial lines.

export type RuleSeverity = 'error' | 'warning';

/**
 * `high`: a provider format or a structure that is rarely anything but a credential; also run on
 * lock files and minified bundles. `low`: context-based (credential-named assignments); only run
 * on ordinary source, configuration and documentation.
 */
export type RuleConfidence = 'high' | 'low';

export type ValidatorName = 'pem-body' | 'basic-auth' | 'jwt' | 'url-credentials' | 'random' | 'sql-password';

interface RuleBase {
  /** Stable id, shown in findings and part of each secret's fingerprint. */
  id: string;
  /** Provider or family, for grouping (e.g. `commercetools`, `aws`, `generic`). */
  provider: string;
  description: string;
  /**
   * Lower-case literals; a line is only examined for this rule when one of them occurs in it.
   * Empty: the rule's expression runs over the whole file (only with `fileKeywords`).
   */
  keywords: readonly string[];
  /** Lower-case literals; the rule only applies to files that contain one of them. */
  fileKeywords?: readonly string[];
  severity: RuleSeverity;
  confidence: RuleConfidence;
  /** On overlapping candidates, the higher priority wins (provider formats over generic ones). */
  priority: number;
  /** Minimum length of the secret. */
  minLength?: number;
  /**
   * Minimum Shannon entropy as a fraction of what a random string of the same charset and length
   * typically reaches (entropy.ts `expectedEntropy`); 0.8 ≈ "about as varied as random".
   */
  entropy?: number;
  /** Apply the shared placeholder filter (placeholders.ts) to the secret. Default true. */
  placeholders?: boolean;
  /** Known example or documentation values: a secret matching any of these is not a finding. */
  allow?: readonly RegExp[];
  /** A named extra check (validators.ts), e.g. decoding a Basic header. */
  validate?: ValidatorName;
}

/**
 * For pattern rules whose match is a marker rather than the secret (a PEM header): the match is
 * shown as written and the validator's result (the key body) is what is redacted and fingerprinted.
 */
export interface MarkerRule {
  marker?: boolean;
}

/**
 * A regular expression over one line. The secret is the first named group whose name starts with
 * `secret` that took part in the match (`secret`, `secret2`… for alternatives), else the whole match.
 */
export interface PatternRule extends RuleBase, MarkerRule {
  kind: 'pattern';
  regex: RegExp;
  /**
   * Text every match contains (a literal of the expression, case as written): a line without it is
   * not given to the expression. A shortcut only, never a condition of its own.
   */
  requires?: string;
}

/** Which values a credential-named assignment must have. */
export type ValueShape = 'password' | 'secret' | 'weak-key';

/**
 * `name = value` in any of the syntaxes the scanner understands (code, JSON, YAML, .env,
 * properties, XML elements, query strings). `key` is tested against the normalised name
 * (snake_case, lower case, e.g. `ctp_client_secret`); `value` against the whole value.
 */
export interface AssignmentRule extends RuleBase {
  kind: 'assignment';
  key: RegExp;
  /** An alternative name pattern that only counts in files containing one of `fileKeywords`. */
  keyInContext?: { fileKeywords: readonly string[]; key: RegExp };
  value?: RegExp;
  /** Generic value requirements (scan.ts `acceptsValue`); provider rules use `value` instead. */
  shape?: ValueShape;
  /** In code, only names written as constants (UPPER_SNAKE) count; in configuration any name. */
  constantNamesInCode?: boolean;
}

export type SecretRule = PatternRule | AssignmentRule;

/** Documentation example values published by providers (AWS's are literally marked EXAMPLE). */
const EXAMPLE_MARKERS: readonly RegExp[] = [/EXAMPLE/i];

// Priorities: 100 commercetools, 90 provider formats, 60 structural (PEM, JWT, URL, headers),
// 40 provider-named assignments, 20 CLI/SQL, 10 generic assignments.
export const SECRET_RULES: readonly SecretRule[] = [
  // ── commercetools ────────────────────────────────────────────────────────────────────────────
  {
    kind: 'assignment',
    id: 'commercetools-client-secret',
    provider: 'commercetools',
    description: 'commercetools API client secret',
    keywords: ['secret'],
    key: /(?:^|_)(?:ctp|commercetools|ct)_(?:[a-z0-9]+_){0,3}client_?secret$|^(?:ctp|commercetools)_?secret$/,
    keyInContext: { fileKeywords: ['commercetools', 'ctp_'], key: /(?:^|_)(?:client_?secret|secret)$/ },
    value: /^[A-Za-z0-9_-]{32}$/,
    severity: 'error',
    confidence: 'low',
    priority: 100,
    entropy: 0.7,
  },
  {
    kind: 'assignment',
    id: 'commercetools-client-id',
    provider: 'commercetools',
    description: 'commercetools API client id (half of a client credential)',
    keywords: ['client_id', 'clientid', 'client-id'],
    key: /(?:^|_)(?:ctp|commercetools|ct)_(?:[a-z0-9]+_){0,3}client_?id$/,
    keyInContext: { fileKeywords: ['commercetools', 'ctp_'], key: /(?:^|_)client_?id$/ },
    value: /^[A-Za-z0-9_-]{24}$/,
    severity: 'warning',
    confidence: 'low',
    priority: 100,
    entropy: 0.7,
  },
  {
    kind: 'pattern',
    id: 'commercetools-auth-url',
    provider: 'commercetools',
    description: 'commercetools client credentials inside an auth URL',
    keywords: ['@auth.'],
    regex: /\bhttps?:\/\/[A-Za-z0-9_-]{24}:(?<secret>[A-Za-z0-9_-]{32})@[A-Za-z0-9.-]{0,80}commercetools\.(?:com|co)\b/,
    severity: 'error',
    confidence: 'high',
    priority: 100,
  },
  {
    kind: 'pattern',
    id: 'commercetools-client-secret-parameter',
    provider: 'commercetools',
    description: 'commercetools client secret in a token request (client_secret=…)',
    keywords: ['client_secret='],
    fileKeywords: ['commercetools'],
    regex: /\bclient_secret=(?<secret>[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 100,
    entropy: 0.7,
  },

  // ── cloud providers ──────────────────────────────────────────────────────────────────────────
  {
    kind: 'pattern',
    id: 'aws-access-key-id',
    provider: 'aws',
    description: 'AWS access key id',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    regex: /(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    allow: EXAMPLE_MARKERS,
    validate: 'random',
  },
  {
    kind: 'assignment',
    id: 'aws-secret-access-key',
    provider: 'aws',
    description: 'AWS secret access key',
    keywords: ['secret', 'aws'],
    key: /aws_?(?:[a-z0-9]+_){0,3}secret|secret_?access_?key/,
    value: /^[A-Za-z0-9/+]{40}$/,
    severity: 'error',
    confidence: 'low',
    priority: 90,
    entropy: 0.75,
    allow: EXAMPLE_MARKERS,
  },
  {
    kind: 'pattern',
    id: 'gcp-service-account-key',
    provider: 'google',
    description: 'Google Cloud service-account key (private key in a JSON key file)',
    keywords: ['private_key'],
    fileKeywords: ['service_account'],
    regex: /"private_key"\s{0,4}:\s{0,4}"(?<secret>-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----(?:\\n|\\r\\n)[A-Za-z0-9+/=]{40,100})/,
    severity: 'error',
    confidence: 'high',
    priority: 95,
  },
  {
    kind: 'pattern',
    id: 'gcp-api-key',
    provider: 'google',
    description: 'Google API key',
    keywords: ['aiza'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    allow: EXAMPLE_MARKERS,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'gcp-oauth-client-secret',
    provider: 'google',
    description: 'Google OAuth client secret',
    keywords: ['gocspx-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'pattern',
    id: 'azure-storage-account-key',
    provider: 'azure',
    description: 'Azure storage account key (connection string AccountKey)',
    keywords: ['accountkey'],
    regex: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/i,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'pattern',
    id: 'azure-shared-access-key',
    provider: 'azure',
    description: 'Azure Service Bus / Event Hubs / IoT Hub shared access key',
    keywords: ['sharedaccesskey'],
    regex: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/i,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'pattern',
    id: 'azure-ad-client-secret',
    provider: 'azure',
    description: 'Azure AD (Entra ID) application client secret',
    keywords: ['q~'],
    regex: /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'pattern',
    id: 'azure-sas-token',
    provider: 'azure',
    description: 'Azure shared access signature (sig= in a SAS URL or token)',
    keywords: ['sig='],
    fileKeywords: ['sv=', 'se=', 'sp='],
    regex: /[?&]sig=(?<secret>[A-Za-z0-9%]{43,120})(?![A-Za-z0-9%])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    entropy: 0.7,
  },

  // ── payments (the commerce stack a connector talks to) ───────────────────────────────────────
  {
    kind: 'pattern',
    id: 'stripe-secret-key',
    provider: 'stripe',
    description: 'Stripe secret or restricted API key',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>[sr]k_(?:live|test)_[A-Za-z0-9]{20,247})(?![A-Za-z0-9])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'stripe-webhook-secret',
    provider: 'stripe',
    description: 'Stripe webhook signing secret',
    keywords: ['whsec_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>whsec_[A-Za-z0-9+/]{32,100})(?![A-Za-z0-9+/])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'braintree-access-token',
    provider: 'paypal',
    description: 'Braintree (PayPal) access token',
    keywords: ['access_token$'],
    regex: /(?<secret>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'assignment',
    id: 'braintree-private-key',
    provider: 'paypal',
    description: 'Braintree private key',
    keywords: ['private', 'braintree'],
    key: /braintree_?(?:[a-z0-9]+_){0,2}private_?key|(?:^|_)bt_private_?key/,
    keyInContext: { fileKeywords: ['braintree'], key: /(?:^|_)private_?key$/ },
    value: /^[0-9a-f]{32}$/,
    severity: 'error',
    confidence: 'low',
    priority: 40,
    entropy: 0.7,
  },
  {
    kind: 'assignment',
    id: 'paypal-client-secret',
    provider: 'paypal',
    description: 'PayPal REST API client secret',
    keywords: ['secret'],
    key: /paypal_?(?:[a-z0-9]+_){0,3}secret/,
    keyInContext: { fileKeywords: ['paypal'], key: /(?:^|_)(?:client_)?secret$/ },
    value: /^[A-Za-z0-9_-]{40,90}$/,
    severity: 'error',
    confidence: 'low',
    priority: 40,
    entropy: 0.7,
  },
  {
    kind: 'pattern',
    id: 'adyen-api-key',
    provider: 'adyen',
    description: 'Adyen API key',
    keywords: ['aqe'],
    regex: /(?<![A-Za-z0-9+/])(?<secret>AQE[A-Za-z0-9+/]{30,200}={0,2}-[A-Za-z0-9+/]{30,100}={0,2}(?:-[!-&(-~]{4,40})?)/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'assignment',
    id: 'adyen-hmac-key',
    provider: 'adyen',
    description: 'Adyen webhook HMAC key',
    keywords: ['hmac'],
    key: /adyen_?(?:[a-z0-9]+_){0,3}hmac/,
    keyInContext: { fileKeywords: ['adyen'], key: /hmac(?:_?key)?$/ },
    value: /^[0-9A-Fa-f]{64}$/,
    severity: 'error',
    confidence: 'low',
    priority: 40,
    entropy: 0.7,
  },
  {
    kind: 'pattern',
    id: 'mollie-api-key',
    provider: 'mollie',
    description: 'Mollie API key or organisation access token',
    keywords: ['live_', 'test_', 'access_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>(?:live|test)_[A-Za-z0-9]{30}|access_[A-Za-z0-9]{40})(?![A-Za-z0-9_])/,
    severity: 'error',
    confidence: 'high',
    priority: 85,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'klaviyo-private-key',
    provider: 'klaviyo',
    description: 'Klaviyo private API key',
    keywords: ['pk_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>pk_[A-Za-z0-9]{34})(?![A-Za-z0-9_])/,
    severity: 'error',
    confidence: 'high',
    priority: 85,
    validate: 'random',
  },

  // ── messaging, e-mail, collaboration ─────────────────────────────────────────────────────────
  {
    kind: 'pattern',
    id: 'sendgrid-api-key',
    provider: 'sendgrid',
    description: 'SendGrid API key',
    keywords: ['sg.'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'pattern',
    id: 'twilio-api-key',
    provider: 'twilio',
    description: 'Twilio API key SID',
    keywords: [],
    fileKeywords: ['twilio'],
    regex: /(?<![A-Za-z0-9])(?<secret>SK[0-9a-fA-F]{32})(?![A-Za-z0-9])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'assignment',
    id: 'twilio-auth-token',
    provider: 'twilio',
    description: 'Twilio auth token or API key secret',
    keywords: ['token', 'secret'],
    key: /twilio_?(?:[a-z0-9]+_){0,3}(?:token|secret)/,
    keyInContext: { fileKeywords: ['twilio'], key: /(?:^|_)(?:auth_?token|api_?secret)$/ },
    value: /^[0-9a-zA-Z]{32}$/,
    severity: 'error',
    confidence: 'low',
    priority: 40,
    entropy: 0.7,
  },
  {
    kind: 'pattern',
    id: 'mailgun-api-key',
    provider: 'mailgun',
    description: 'Mailgun API key',
    keywords: ['key-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>key-[0-9a-z]{32})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 85,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'mailgun-private-key',
    provider: 'mailgun',
    description: 'Mailgun private API key (current format: 32-8-8 hex groups)',
    keywords: [],
    fileKeywords: ['mailgun'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 85,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'slack-token',
    provider: 'slack',
    description: 'Slack bot, user, app or configuration token',
    keywords: ['xox', 'xapp-'],
    regex: /(?<![A-Za-z0-9-])(?<secret>xox[abeoprs]-[0-9A-Za-z-]{10,250}|xapp-\d-[A-Z0-9]{8,20}-\d{8,20}-[a-z0-9]{32,80})(?![A-Za-z0-9-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'slack-webhook-url',
    provider: 'slack',
    description: 'Slack incoming webhook URL',
    keywords: ['hooks.slack.com'],
    regex: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9+/]{43,90})/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },

  // ── source hosting and package registries ────────────────────────────────────────────────────
  {
    kind: 'pattern',
    id: 'github-token',
    provider: 'github',
    description: 'GitHub personal access, OAuth, app or refresh token',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'gitlab-token',
    provider: 'gitlab',
    description: 'GitLab personal, deploy, runner, trigger or feed token',
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glsoat-', 'glcbt-', 'gr1348941'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>gl(?:pat|dt|rt|ptt|ft|soat|cbt)-[A-Za-z0-9_-]{20,64}|GR1348941[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'npm-access-token',
    provider: 'npm',
    description: 'npm access token',
    keywords: ['npm_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'npmrc-auth',
    provider: 'npm',
    description: 'registry credential in .npmrc (_authToken, _auth or _password)',
    keywords: ['_authtoken', '_auth', '_password'],
    regex: /(?:^|[\s:/])(?:_authToken|_auth|_password)\s{0,4}=\s{0,4}["']?(?<secret>[^\s"'$]{8,300})/,
    severity: 'error',
    confidence: 'high',
    priority: 80,
  },

  // ── other common services ────────────────────────────────────────────────────────────────────
  {
    kind: 'pattern',
    id: 'shopify-token',
    provider: 'shopify',
    description: 'Shopify access token or shared secret',
    keywords: ['shpat_', 'shpss_', 'shpca_', 'shppa_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'openai-api-key',
    provider: 'openai',
    description: 'OpenAI API key',
    keywords: ['t3blbkfj'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,160}T3BlbkFJ[A-Za-z0-9_-]{20,160})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'pattern',
    id: 'anthropic-api-key',
    provider: 'anthropic',
    description: 'Anthropic API key',
    keywords: ['sk-ant-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
  },
  {
    kind: 'pattern',
    id: 'akamai-edgegrid-token',
    provider: 'akamai',
    description: 'Akamai EdgeGrid client or access token',
    keywords: ['akab-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>akab-[a-z0-9]{16}-[a-z0-9]{16}|akab-[a-z0-9]{30,40})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'grafana-token',
    provider: 'grafana',
    description: 'Grafana API key, Grafana Cloud token or service-account token',
    keywords: ['eyjrijoi', 'glc_', 'glsa_'],
    // An API key is base64 JSON `{"k":"…","n":"…","id":…}`, so it always starts `eyJrIjoi`.
    regex: /(?<![A-Za-z0-9_+/-])(?<secret>eyJrIjoi[A-Za-z0-9+/]{50,400}={0,3}|glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9_+/=-])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'nats-nkey-seed',
    provider: 'nats',
    description: 'NATS NKEY seed (private key)',
    keywords: [],
    fileKeywords: ['nats', 'nkey', 'seed'],
    regex: /(?<![A-Za-z0-9])(?<secret>S[UACONPX][A-Z0-9]{56})(?![A-Za-z0-9])/,
    severity: 'error',
    confidence: 'high',
    priority: 90,
    validate: 'random',
  },

  // ── structural: keys, tokens, headers, URLs ──────────────────────────────────────────────────
  {
    kind: 'pattern',
    id: 'private-key',
    provider: 'pem',
    description: 'PEM private key',
    keywords: ['private key'],
    regex: /-----BEGIN (?<kind>(?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/,
    severity: 'error',
    confidence: 'high',
    priority: 60,
    placeholders: false,
    marker: true,
    validate: 'pem-body',
  },
  {
    kind: 'pattern',
    id: 'jwt',
    provider: 'jwt',
    description: 'JSON Web Token',
    keywords: ['eyj'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,1000}\.ey[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{0,1000})(?![A-Za-z0-9_-])/,
    severity: 'error',
    confidence: 'high',
    priority: 60,
    validate: 'jwt',
  },
  {
    kind: 'pattern',
    id: 'bearer-token',
    provider: 'oauth',
    description: 'OAuth bearer token in an Authorization header',
    keywords: ['bearer'],
    regex: /\b[Bb]earer(?:\s{1,4}|%20)(?<secret>[A-Za-z0-9_\-.~+/]{12,1024}={0,2})(?![A-Za-z0-9_\-.~+/=])/,
    severity: 'error',
    confidence: 'high',
    priority: 55,
    minLength: 12,
    validate: 'random',
  },
  {
    kind: 'pattern',
    id: 'basic-auth-header',
    provider: 'http',
    description: 'HTTP Basic credentials in an Authorization header',
    keywords: ['basic'],
    regex: /\b[Bb]asic(?:\s{1,4}|%20)(?<secret>[A-Za-z0-9+/]{6,400}={0,2})(?![A-Za-z0-9+/=])/,
    severity: 'error',
    confidence: 'high',
    priority: 55,
    placeholders: false,
    validate: 'basic-auth',
  },
  {
    kind: 'pattern',
    id: 'ntlm-authenticate-header',
    provider: 'http',
    description: 'NTLM authenticate message (carries the password hash) in an Authorization header',
    keywords: ['tlrmtvntuaad'],
    regex: /(?<![A-Za-z0-9+/])(?<secret>TlRMTVNTUAADAAAA[A-Za-z0-9+/]{40,4000}={0,2})/,
    severity: 'error',
    confidence: 'high',
    priority: 55,
  },
  {
    kind: 'pattern',
    id: 'url-credentials',
    provider: 'url',
    description: 'password inside a URL or connection string (scheme://user:password@host)',
    keywords: ['://'],
    requires: '@', // most URLs carry no credentials
    regex: /\b[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/(?<user>[^\s:/?#@"'`<>\\]{0,100}):(?<secret>[^\s/?@"'`<>\\]{1,200})@(?<host>[A-Za-z0-9_.%-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?=[:/?#"'`\s<>),;\\]|$)/,
    severity: 'error',
    confidence: 'high',
    priority: 60,
    validate: 'url-credentials',
  },

  // ── commands and SQL ─────────────────────────────────────────────────────────────────────────
  {
    kind: 'pattern',
    id: 'cli-password',
    provider: 'generic',
    description: 'password or token passed on a command line (--password …)',
    keywords: ['--pass', '--pwd', '--token', '--secret', '--api-key', '--apikey', '--client-secret', '--auth-token', 'pass:'],
    regex: /(?<![\w-])(?:--(?:[a-z]{1,12}-){0,2}(?:password|passwd|pass|pwd|token|secret|api-key|apikey)(?:=|[ \t]{1,4})(?<q>["']?)(?<secret>[^\s"'\\|;&<>)`]{3,200})|-pass(?:in|out|word)?[ \t]{1,4}pass:(?<secret2>[^\s"'\\|;&<>)`]{3,200}))/,
    severity: 'error',
    confidence: 'low',
    priority: 20,
    minLength: 3,
  },
  {
    kind: 'pattern',
    id: 'cli-user-password',
    provider: 'generic',
    description: 'user:password passed to curl/wget/http clients (-u, --user, --http-user/--http-password)',
    keywords: ['curl', 'wget'],
    regex: /\b(?:curl|wget)\b[^|;&\n]{0,300}?\s(?:-u|--user|--http-user)(?:[ \t]{1,4}|=)(?<q>["']?)(?<user>[^\s:"'@$]{1,100}):(?<secret>[^\s"'@]{3,200})\k<q>(?=[\s;|&)]|$)/,
    severity: 'error',
    confidence: 'low',
    priority: 20,
    minLength: 3,
  },
  {
    kind: 'pattern',
    id: 'sql-password',
    provider: 'generic',
    description: 'password in an SQL statement (CREATE/ALTER USER … IDENTIFIED BY …, … PASSWORD …)',
    keywords: ['identified', 'password'],
    validate: 'sql-password',
    regex: /\b(?<statement>(?:CREATE|ALTER|GRANT)\s[^;]{0,200}?)\b(?:IDENTIFIED\s{1,4}(?:WITH\s{1,4}[\w'"]{1,40}\s{1,4})?(?:BY|AS)\s{1,4}(?:PASSWORD\s{1,4})?|PASSWORD\s{1,4})(?:"(?<secret>[^"\s]{3,128})"|'(?<secret2>[^'\s]{3,128})'|(?<secret3>[^\s'";,)]{3,128}))/i,
    severity: 'error',
    confidence: 'low',
    priority: 20,
    minLength: 3,
  },

  // ── generic: credential-named assignments ────────────────────────────────────────────────────
  {
    kind: 'assignment',
    id: 'generic-password',
    provider: 'generic',
    description: 'hardcoded password assigned to a password-named variable or key',
    keywords: ['pass', 'pwd', 'pw'],
    key: /(?:^|_)(?:[a-z]{0,12}pass(?:word|wd|phrase)s?|pwd|pw|pass|passw|pword|[a-z]{1,12}pwd|[a-z]{1,6}pw|(?:db|admin|root|user|sa|mail|smtp|ftp|ssh|ldap|proxy|redis|sql|sys|app|api|key|trust|store)pass)\d{0,2}(?:_|$)/,
    shape: 'password',
    severity: 'error',
    confidence: 'low',
    priority: 10,
    minLength: 4,
  },
  {
    kind: 'assignment',
    id: 'generic-secret',
    provider: 'generic',
    description: 'hardcoded secret, token or key assigned to a credential-named variable or key',
    keywords: ['secret', 'token', 'key', 'auth', 'cred', 'sig', 'ticket'],
    key: /(?:^|_)[a-z]{0,12}(?:secret|token|ticket)s?\d{0,2}(?:_|$)|(?:^|_)oauth_(?:verifier|signature)$|(?:^|_)(?:api|access|secret|private|auth|app|client|consumer|master|signing|sign|encryption|encrypt|decryption|license|licence|account|subscription|storage|service|admin|cookie|jwt|hmac|shared|crypt|cipher|aes|rsa|ssh|pgp|gpg|secure|write|ingest|deploy|webhook|mac|integration|partner|merchant|developer|dev|live|prod|production|sandbox|session|server|root)_?key(?:_|$)|(?:^|_)(?:apikey|pkey|skey|privkey|authkey|appkey|credentials?|creds|auth|authorization|sas|sig)(?:_|$)/,
    shape: 'secret',
    severity: 'error',
    confidence: 'low',
    priority: 10,
    minLength: 6,
  },
  {
    kind: 'assignment',
    id: 'generic-named-key',
    provider: 'generic',
    description: 'hardcoded key assigned to a constant or setting named <something>_KEY',
    keywords: ['key'],
    // `LASTFM_KEY=…`, `ovh_application_key: …`: credentials in configuration and constants. In code,
    // `paymentKey`/`productKey` name business keys (commercetools resources have keys), so there
    // only UPPER_SNAKE constant names count.
    key: /(?:^|_)[a-z0-9]{1,20}_key\d?$|(?:^|_)[a-z]{1,8}key\d?$/,
    constantNamesInCode: true,
    shape: 'secret',
    severity: 'error',
    confidence: 'low',
    priority: 9,
    minLength: 8,
  },
  {
    kind: 'assignment',
    id: 'generic-key',
    provider: 'generic',
    description: 'high-entropy value assigned to a variable or key named just "key"',
    keywords: ['key'],
    key: /^key$/,
    shape: 'weak-key',
    severity: 'error',
    confidence: 'low',
    priority: 9,
    minLength: 16,
  },
];

/**
 * Words in a credential-named key that make it name something else: `password_length`,
 * `token_url`, `secret_name`, `public_key`. Matched against the words after (resp. before) the
 * credential word of the normalised key.
 */
export const NON_SECRET_KEY_SUFFIXES: ReadonlySet<string> = new Set(
  `
  name names id ids type types url uri urls uris endpoint endpoints path paths file files filename filepath
  dir directory folder location header headers length len size min max minimum maximum count regex regexp
  pattern patterns policy policies hint hints label labels placeholder field fields prompt expires expiry
  expiration expire expired expiresin expires_in ttl timeout lifetime age format version enabled enable
  disabled required sent at date time timestamp mode kind method methods algorithm alg algo strategy scheme
  provider providers service manager validator validation validate strength prefix suffix env var vars
  variable variables param params parameter ref reference input column attribute attr property prop
  generator factory class handler callback fn func function spec schema description desc help text message
  msg error errors title button link icon style view page form template route controller model exists show
  hide visible changed reset hash hashed digest encrypted crypted salt iv index idx rules rule complexity
  requirement requirements check checker matcher match compare equals verified verifier expected
  lookup cache source sources option options config setting settings hint public publickey pubkey
  encryption encrypt hashing fqdn domain host hostname realm magic mechanism store stores scope scopes
  request response res req status state storage location bytes bits len count field_name entropy
  encoding encoded decode decoded pair uuid fingerprint selector filter filters callback query list map
  `
    .split(/\s+/)
    .filter(Boolean),
);

export const NON_SECRET_KEY_PREFIXES: ReadonlySet<string> = new Set(
  `
  public publishable pub site primary foreign sort partition range cache idempotency lookup map i18n
  fingerprint checksum digest
  translation csrf xsrf page next continuation cursor pagination sync max min is has show
  hash hashed encrypted crypted unique composite row object field form item list node
  route event message kms registry react dedupe dedup lock tag group column index dictionary dict
  no without remove delete get fetch load parse read generate create invalid bad wrong
  product category channel store project customer order cart variant shipping tax discount zone price
  inventory type state subscription extension resource business unit attribute container
  `
    .split(/\s+/)
    .filter(Boolean),
);

/** Names that contain a credential word but are not credentials: `NOPASSWD`, `passport`, `bypass`. */
export const NON_SECRET_KEY_WORDS: ReadonlySet<string> = new Set(
  `nopasswd nopassword passwordless passport passports bypass compass surpass trespass passthrough passthru
  passenger passengers passive passing passed passes secretary secretaries tokenizer tokenize tokenizers
  tokenized keyboard keyword keywords keystroke monkey donkey turkey hockey jockey whiskey author authors
  authority authorities authored authoring`.split(/\s+/),
);
