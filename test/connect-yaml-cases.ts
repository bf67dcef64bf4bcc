// Deterministic connect.yaml variants for the differential test: mutations of a valid base that
// exercise every rule of Connect's schema in both directions, plus YAML-level oddities (tags, 1.1
// scalars, merge keys) that change the JS types the schema sees. No randomness but a seeded PRNG.
import { stringify } from 'yaml';

export interface SpecCase {
  /** Which rule family the case exercises (the test checks both verdicts occur per group). */
  group: string;
  label: string;
  yaml: string;
}

type Obj = Record<string, unknown>;
type Mutation = { group: string; label: string; apply: (spec: Obj) => void };

const APPLICATION_TYPES = [
  'service',
  'event',
  'job',
  'assets',
  'merchant-center-custom-application',
  'mc-app',
  'merchant-center-custom-view',
  'unknown',
] as const;
const MC_TYPES = ['merchant-center-custom-application', 'mc-app', 'merchant-center-custom-view'];
const APP_FIELDS = ['name', 'endpoint', 'configuration', 'scripts', 'healthCheck', 'retryPolicy', 'properties'] as const;

/** A valid value for every application field, used when a mutation adds the field. */
const VALID_FIELD_VALUE: Record<string, () => unknown> = {
  name: () => 'added-name',
  endpoint: () => '/added',
  configuration: () => ({}),
  scripts: () => ({ postDeploy: 'npm run post' }),
  healthCheck: () => ({ path: '/health' }),
  retryPolicy: () => ({ strategy: 'immediate' }),
  properties: () => ({ schedule: '@daily' }),
};

const WRONG_TYPES: [string, unknown][] = [
  ['null', null],
  ['number', 7],
  ['boolean', true],
  ['array', []],
  ['object', {}],
  ['string', 'text'],
];

function entry(key: string, extra: Obj = {}): Obj {
  return { key, description: `${key} description`, ...extra };
}

function mcConfiguration(type: string): Obj {
  const keys = type === 'merchant-center-custom-view' ? ['CUSTOM_VIEW_ID'] : ['CUSTOM_APPLICATION_ID', 'ENTRY_POINT_URI_PATH'];
  return {
    standardConfiguration: [...keys.map((k) => entry(k, { required: true })), entry('CLOUD_IDENTIFIER', { default: 'gcp-eu' })],
  };
}

/** The smallest valid application of each type. */
export function minimalApp(type: string, name: string): Obj {
  switch (type) {
    case 'assets':
      return { name, applicationType: type };
    case 'job':
      return { name, applicationType: type, endpoint: `/${name}`, properties: { schedule: '0 0 * * *' } };
    case 'merchant-center-custom-application':
    case 'mc-app':
    case 'merchant-center-custom-view':
      return { name, applicationType: type, configuration: mcConfiguration(type) };
    default:
      return { name, applicationType: type, endpoint: `/${name}` };
  }
}

/** A valid connect.yaml using every feature. Application indexes are stable (see APP). */
export function baseSpec(): Obj {
  return {
    inheritAs: {
      configuration: {
        standardConfiguration: [entry('GLOBAL_STD', { required: true, default: 'value' })],
        securedConfiguration: [entry('GLOBAL_SECRET', { required: false })],
      },
      apiClient: { scopes: ['manage_orders', 'view_products'] },
    },
    deployAs: [
      {
        name: 'service-app',
        applicationType: 'service',
        endpoint: '/service',
        scripts: { postDeploy: 'npm install && npm run connector:post-deploy', preUndeploy: 'npm run connector:pre-undeploy' },
        healthCheck: { path: '/health', intervalSeconds: 10, timeoutSeconds: 5, unhealthyThreshold: 3 },
        configuration: {
          standardConfiguration: [entry('CTP_REGION', { required: true, default: 'europe-west1.gcp' }), entry('CTP_PROJECT_KEY')],
          securedConfiguration: [entry('CTP_CLIENT_SECRET', { required: true })],
        },
      },
      {
        name: 'event-app',
        applicationType: 'event',
        endpoint: 'event',
        healthCheck: { path: '/' },
        retryPolicy: { strategy: 'exponential-backoff', minBackoffSeconds: 1, maxBackoffSeconds: 600, maxAttempts: 5 },
        configuration: { standardConfiguration: [entry('CTP_PROJECT_KEY', { required: true })] },
      },
      { name: 'job-app', applicationType: 'job', endpoint: '/job', properties: { schedule: '*/5 * * * *' } },
      { name: 'assets-app', applicationType: 'assets' },
      minimalApp('merchant-center-custom-application', 'mc-application'),
      minimalApp('merchant-center-custom-view', 'mc-view'),
      minimalApp('mc-app', 'mc-app-alias'),
      { name: 'unknown-app', applicationType: 'unknown', endpoint: '/unknown', scripts: {} },
    ],
  };
}

const APP = { service: 0, event: 1, job: 2, assets: 3, mcApplication: 4, mcView: 5, mcApp: 6, unknown: 7 } as const;

function clone<T>(value: T): T {
  return structuredClone(value);
}

function apps(spec: Obj): Obj[] {
  return spec.deployAs as Obj[];
}

function app(spec: Obj, index: number): Obj {
  return apps(spec)[index]!;
}

function stdOf(target: Obj): Obj[] {
  const configuration = (target.configuration ??= {}) as Obj;
  return (configuration.standardConfiguration ??= []) as Obj[];
}

function securedOf(target: Obj): Obj[] {
  const configuration = (target.configuration ??= {}) as Obj;
  return (configuration.securedConfiguration ??= []) as Obj[];
}

function inheritAsOf(spec: Obj): Obj {
  const inheritAs = (spec.inheritAs ??= {}) as Obj;
  return inheritAs as Obj;
}

function repeat(ch: string, n: number): string {
  return ch.repeat(n);
}

// ---------------------------------------------------------------------------------------------

function mutations(): Mutation[] {
  const list: Mutation[] = [];
  const add = (group: string, label: string, apply: (spec: Obj) => void): void => {
    list.push({ group, label, apply });
  };

  // Every field of every base application: removed, added, replaced by a wrong type.
  apps(baseSpec()).forEach((original, index) => {
    for (const field of [...APP_FIELDS, 'applicationType']) {
      if (field in original) {
        add('fields', `deployAs.${index}: remove ${field}`, (s) => void delete app(s, index)[field]);
        for (const [typeName, wrong] of WRONG_TYPES) {
          add('field-types', `deployAs.${index}.${field} = ${typeName}`, (s) => void (app(s, index)[field] = clone(wrong)));
        }
      } else if (field !== 'applicationType') {
        add('fields', `deployAs.${index}: add ${field}`, (s) => void (app(s, index)[field] = VALID_FIELD_VALUE[field]!()));
      }
    }
    for (const typo of ['enpoint', 'Name', 'schedule', 'healthcheck', 'configurations', 'script', 'foo']) {
      add('unknown-keys', `deployAs.${index}: unknown key ${typo}`, (s) => void (app(s, index)[typo] = 'x'));
    }
  });

  // Every application type × every field: a minimal app of that type with the field added or removed.
  for (const type of APPLICATION_TYPES) {
    for (const field of APP_FIELDS) {
      add('type-x-field', `${type} + ${field}`, (s) => {
        const a = minimalApp(type, 'probe');
        if (field in a) delete a[field];
        else a[field] = VALID_FIELD_VALUE[field]!();
        apps(s).push(a);
      });
    }
    add('type-x-field', `${type} minimal`, (s) => void apps(s).push(minimalApp(type, 'probe')));
    // Change the type of each base application to this type (other fields kept).
    apps(baseSpec()).forEach((_, index) => {
      add('type-switch', `deployAs.${index} becomes ${type}`, (s) => void (app(s, index).applicationType = type));
    });
  }
  for (const badType of ['Service', 'services', '', ' service', 'merchant-center-custom-app', 'mcapp']) {
    add('type-switch', `applicationType ${JSON.stringify(badType)}`, (s) => void (app(s, APP.service).applicationType = badType));
  }

  // Names.
  const names: string[] = [
    'a',
    'ab',
    repeat('n', 256),
    repeat('n', 257),
    'my_app-1',
    'my.app',
    'my app',
    'app/x',
    'äpp',
    '-leading',
    '__',
    ' app',
    'app ',
    '',
    '12',
  ];
  for (const name of names) add('name', `name ${JSON.stringify(name.slice(0, 20))} (${name.length})`, (s) => void (app(s, APP.service).name = name));
  add('name', 'duplicate name across types', (s) => void (app(s, APP.assets).name = 'service-app'));
  add('name', 'duplicate name three times', (s) => {
    app(s, APP.assets).name = 'service-app';
    app(s, APP.job).name = 'service-app';
  });
  add('name', 'names differing in case', (s) => void (app(s, APP.assets).name = 'SERVICE-APP'));
  for (const protoName of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']) {
    add('name', `duplicate prototype name ${protoName}`, (s) => {
      app(s, APP.assets).name = protoName;
      app(s, APP.job).name = protoName;
    });
    add('name', `single prototype name ${protoName}`, (s) => void (app(s, APP.assets).name = protoName));
  }

  // Endpoints and health-check paths (same rule).
  const endpoints: string[] = [
    '',
    '/',
    'a',
    '//',
    '/a//b',
    'a/',
    '/a/',
    'a.b',
    'a b',
    '/a?x=1',
    '/a#x',
    '-',
    '_',
    '/a-b_c/D9',
    'é',
    ' /a',
    '/a ',
    '/a\n',
    '\t',
    ' ',
    `/${repeat('e', 255)}`,
    `/${repeat('e', 256)}`,
    repeat('e', 1000),
    // The official regex backtracks exponentially on a long invalid endpoint: keep this one short.
    `${repeat('a', 14)}.`,
    'https://example.com',
    '///',
    '/a/b/c/',
  ];
  for (const value of endpoints) {
    const label = `${JSON.stringify(value.slice(0, 20))} (${value.length})`;
    add('endpoint', `endpoint ${label}`, (s) => void (app(s, APP.service).endpoint = value));
    add('endpoint', `unknown-type endpoint ${label}`, (s) => void (app(s, APP.unknown).endpoint = value));
    add('health-check', `healthCheck.path ${label}`, (s) => void ((app(s, APP.event).healthCheck as Obj).path = value));
  }

  // healthCheck numbers.
  for (const field of ['intervalSeconds', 'timeoutSeconds', 'unhealthyThreshold']) {
    for (const value of [0, 1, 2, 19, 20, 21, -1, 1.5, '5', null, 1e3]) {
      add('health-check', `healthCheck.${field} = ${JSON.stringify(value)}`, (s) => void ((app(s, APP.service).healthCheck as Obj)[field] = value));
    }
  }
  add('health-check', 'healthCheck without path', (s) => void delete (app(s, APP.service).healthCheck as Obj).path);
  add('health-check', 'healthCheck extra key', (s) => void ((app(s, APP.service).healthCheck as Obj).port = 8080));
  add('health-check', 'healthCheck empty object', (s) => void (app(s, APP.service).healthCheck = {}));
  add('health-check', 'healthCheck path only', (s) => void (app(s, APP.service).healthCheck = { path: '/ok' }));
  add('health-check', 'healthCheck on job', (s) => void (app(s, APP.job).healthCheck = { path: '/ok' }));
  add('health-check', 'healthCheck on unknown', (s) => void (app(s, APP.unknown).healthCheck = { path: '/ok' }));

  // retryPolicy.
  const retry = (s: Obj): Obj => app(s, APP.event).retryPolicy as Obj;
  for (const field of ['minBackoffSeconds', 'maxBackoffSeconds']) {
    for (const value of [0, 1, 2, 599, 600, 601, 1.5, '5', null, -5]) {
      add('retry-policy', `retryPolicy.${field} = ${JSON.stringify(value)}`, (s) => {
        retry(s).minBackoffSeconds = 1;
        retry(s).maxBackoffSeconds = 600;
        retry(s)[field] = value;
      });
    }
    add('retry-policy', `retryPolicy without ${field}`, (s) => void delete retry(s)[field]);
  }
  for (const value of [4, 5, 6, 99, 100, 101, 50.5, '10', null, 0]) {
    add('retry-policy', `retryPolicy.maxAttempts = ${JSON.stringify(value)}`, (s) => void (retry(s).maxAttempts = value));
  }
  for (const [min, max] of [
    [10, 9],
    [10, 10],
    [9, 10],
    [600, 1],
    [1, 1],
  ] as const) {
    add('retry-policy', `retryPolicy min ${min} max ${max}`, (s) => {
      retry(s).minBackoffSeconds = min;
      retry(s).maxBackoffSeconds = max;
    });
  }
  add('retry-policy', 'retryPolicy without maxAttempts', (s) => void delete retry(s).maxAttempts);
  add('retry-policy', 'retryPolicy immediate', (s) => void (app(s, APP.event).retryPolicy = { strategy: 'immediate' }));
  add('retry-policy', 'retryPolicy immediate with backoff', (s) => void (app(s, APP.event).retryPolicy = { strategy: 'immediate', minBackoffSeconds: 1 }));
  add('retry-policy', 'retryPolicy immediate extra key', (s) => void (app(s, APP.event).retryPolicy = { strategy: 'immediate', x: 1 }));
  for (const strategy of ['linear', 'Immediate', '', null, 5]) {
    add('retry-policy', `retryPolicy strategy ${JSON.stringify(strategy)}`, (s) => void (retry(s).strategy = strategy));
  }
  add('retry-policy', 'retryPolicy without strategy', (s) => void delete retry(s).strategy);
  add('retry-policy', 'retryPolicy extra key', (s) => void (retry(s).jitter = true));
  add('retry-policy', 'retryPolicy empty', (s) => void (app(s, APP.event).retryPolicy = {}));
  add('retry-policy', 'retryPolicy on service', (s) => void (app(s, APP.service).retryPolicy = { strategy: 'immediate' }));
  add('retry-policy', 'retryPolicy on job', (s) => void (app(s, APP.job).retryPolicy = { strategy: 'immediate' }));

  // Cron schedules (both verdicts; the regex is unanchored).
  const schedules = [
    '@daily',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@hourly',
    '@reboot',
    '@midnight',
    '@every 1h30m',
    '@every 5m',
    '@every 5',
    '@every 5x',
    '@every 10\u00b5s',
    '@every 3us',
    '@every 3ns',
    '@every 3n',
    '@every  5m',
    '@every',
    'x@dailyx',
    '0 0 * * *',
    '*/5 * * * *',
    '0 9 * * 1-5',
    '1,2 * * * *',
    '1-2/3 * * * *',
    '0 0 1 1 * 2030',
    '0 0 0 1 1 * 2030',
    '* * * *',
    '* * * * * * * *',
    '0 0 * * MON',
    '0 0 1 JAN *',
    '0 0 1 * * MON',
    'every day',
    '12345',
    '1234',
    '*****',
    '****',
    'foo 1 2 3 4 5 bar',
    '1  2 3 4 5',
    '1\t2\t3\t4\t5',
    ' 0 0 * * * ',
    '',
    ' ',
    '0 0 ? * *',
    '0,,1 * * * *',
    '1,2,3 4,5 * * *',
    '*/ * * * *',
    '*-5 * * * 1',
    '60 24 32 13 8',
    '1-',
    '1,2,3,4,5,6',
    '1/2/3/4/5',
    '1/2 3-4 5,6 * *',
    '٣ * * * *',
  ];
  for (const schedule of schedules) {
    add('cron', `schedule ${JSON.stringify(schedule)}`, (s) => void ((app(s, APP.job).properties as Obj).schedule = schedule));
  }
  add('cron', 'schedule number', (s) => void ((app(s, APP.job).properties as Obj).schedule = 5));
  add('cron', 'properties without schedule', (s) => void (app(s, APP.job).properties = {}));
  add('cron', 'properties extra key', (s) => void ((app(s, APP.job).properties as Obj).timezone = 'UTC'));
  add('cron', 'schedule at app level', (s) => void (app(s, APP.job).schedule = '@daily'));
  add('cron', 'properties on service', (s) => void (app(s, APP.service).properties = { schedule: '@daily' }));

  // Scripts.
  for (const script of ['postDeploy', 'preUndeploy']) {
    for (const value of ['', ' ', '\t\n', '\u00a0', 'x', 'npm run build', 5, null, true]) {
      add('scripts', `${script} = ${JSON.stringify(value)}`, (s) => void ((app(s, APP.service).scripts as Obj)[script] = value));
    }
    add('scripts', `without ${script}`, (s) => void delete (app(s, APP.service).scripts as Obj)[script]);
  }
  add('scripts', 'scripts extra key', (s) => void ((app(s, APP.service).scripts as Obj).build = 'npm run build'));
  add('scripts', 'scripts on assets', (s) => void (app(s, APP.assets).scripts = {}));
  add('scripts', 'scripts on mc', (s) => void (app(s, APP.mcApplication).scripts = { postDeploy: 'x' }));

  // Configuration keys: lengths, characters, reserved words in every case, in every block.
  const blocks: [string, (s: Obj) => Obj[]][] = [
    ['app std', (s) => stdOf(app(s, APP.service))],
    ['app secured', (s) => securedOf(app(s, APP.service))],
    ['global std', (s) => stdOf(inheritAsOf(s))],
    ['global secured', (s) => securedOf(inheritAsOf(s))],
  ];
  const keys = [
    'A',
    'AB',
    repeat('K', 256),
    repeat('K', 257),
    'PORT',
    'port',
    'Port',
    'pOrT',
    'PORT_X',
    'X_PORT',
    'PORTS',
    'K_SERVICE',
    'k_service',
    'K_Service',
    'K_REVISION',
    'k_revision',
    'K_CONFIGURATION',
    'K_configuration',
    'K-SERVICE',
    'lower_case_key',
    'MY-KEY',
    'MY.KEY',
    'MY KEY',
    ' MY_KEY',
    'KÉY',
    '',
    '  ',
    '__',
    '12',
  ];
  for (const [blockName, block] of blocks) {
    for (const key of keys) {
      add('config-key', `${blockName} key ${JSON.stringify(key.slice(0, 20))} (${key.length})`, (s) => void block(s).push(entry(key)));
    }
    for (const [typeName, wrong] of WRONG_TYPES.filter(([t]) => t !== 'string')) {
      add('config-key', `${blockName} key ${typeName}`, (s) => void block(s).push({ key: clone(wrong), description: 'd' }));
    }
    add('config-entry', `${blockName} entry without key`, (s) => void block(s).push({ description: 'd' }));
    add('config-entry', `${blockName} entry without description`, (s) => void block(s).push({ key: 'NO_DESC' }));
    for (const description of ['', ' ', '\t', '\u00a0', '\u3000', 'x', 5, null]) {
      add('config-entry', `${blockName} description ${JSON.stringify(description)}`, (s) => void block(s).push({ key: 'DESC_KEY', description }));
    }
    for (const required of [true, false, 'true', 1, null]) {
      add('config-entry', `${blockName} required ${JSON.stringify(required)}`, (s) => void block(s).push(entry('REQ_KEY', { required })));
    }
    for (const value of ['', ' ', 'x', 'gcp-eu', 5, true, null]) {
      add('config-entry', `${blockName} default ${JSON.stringify(value)}`, (s) => void block(s).push(entry('DEF_KEY', { default: value })));
    }
    add('config-entry', `${blockName} extra key`, (s) => void block(s).push(entry('EXTRA_KEY', { secret: true })));
    add('config-entry', `${blockName} entry not an object`, (s) => void (block(s) as unknown[]).push('KEY'));
  }
  for (const [typeName, wrong] of WRONG_TYPES) {
    add('config-shape', `app standardConfiguration = ${typeName}`, (s) => void ((app(s, APP.service).configuration as Obj).standardConfiguration = clone(wrong)));
    add('config-shape', `global securedConfiguration = ${typeName}`, (s) => void (((inheritAsOf(s).configuration as Obj).securedConfiguration = clone(wrong))));
  }
  add('config-shape', 'configuration extra key', (s) => void ((app(s, APP.service).configuration as Obj).otherConfiguration = []));
  add('config-shape', 'configuration empty arrays', (s) => void (app(s, APP.service).configuration = { standardConfiguration: [], securedConfiguration: [] }));

  // Duplicates within a block, across blocks, and with the global configuration.
  const dup = (label: string, apply: (s: Obj) => void): void => add('duplicates', label, apply);
  dup('std + std in one app', (s) => void stdOf(app(s, APP.service)).push(entry('CTP_REGION')));
  dup('std + secured in one app', (s) => void securedOf(app(s, APP.service)).push(entry('CTP_REGION')));
  dup('secured + secured in one app', (s) => void securedOf(app(s, APP.service)).push(entry('CTP_CLIENT_SECRET')));
  dup('same key in two apps', (s) => void stdOf(app(s, APP.job)).push(entry('CTP_REGION')));
  dup('same key, different case, one app', (s) => void stdOf(app(s, APP.service)).push(entry('ctp_region')));
  dup('global std in app std', (s) => void stdOf(app(s, APP.job)).push(entry('GLOBAL_STD')));
  dup('global std in app secured', (s) => void securedOf(app(s, APP.job)).push(entry('GLOBAL_STD')));
  dup('global secured in app std', (s) => void stdOf(app(s, APP.unknown)).push(entry('GLOBAL_SECRET')));
  dup('global std twice globally', (s) => void stdOf(inheritAsOf(s)).push(entry('GLOBAL_STD')));
  dup('global std and global secured', (s) => void securedOf(inheritAsOf(s)).push(entry('GLOBAL_STD')));
  dup('global key different case in app', (s) => void stdOf(app(s, APP.job)).push(entry('global_std')));
  dup('global key in mc app', (s) => void stdOf(app(s, APP.mcView)).push(entry('GLOBAL_STD')));
  for (const protoKey of ['constructor', 'toString', '__proto__', 'valueOf']) {
    dup(`prototype key ${protoKey} global and app`, (s) => {
      stdOf(inheritAsOf(s)).push(entry(protoKey));
      stdOf(app(s, APP.job)).push(entry(protoKey));
    });
    dup(`prototype key ${protoKey} twice in one app`, (s) => {
      stdOf(app(s, APP.job)).push(entry(protoKey));
      securedOf(app(s, APP.job)).push(entry(protoKey));
    });
    dup(`prototype key ${protoKey} once`, (s) => void stdOf(app(s, APP.job)).push(entry(protoKey)));
  }

  // Merchant Center rules, for each of the three types.
  for (const type of MC_TYPES) {
    const requiredKeys = type === 'merchant-center-custom-view' ? ['CUSTOM_VIEW_ID'] : ['CUSTOM_APPLICATION_ID', 'ENTRY_POINT_URI_PATH'];
    const mc = (label: string, apply: (a: Obj, s: Obj) => void): void =>
      add('merchant-center', `${type}: ${label}`, (s) => {
        const a = minimalApp(type, 'mc-probe');
        apps(s).push(a);
        apply(a, s);
      });
    for (const key of requiredKeys) {
      mc(`without ${key}`, (a) => void (stdOf(a).splice(stdOf(a).findIndex((e) => e.key === key), 1)));
      mc(`${key} required false`, (a) => void (stdOf(a).find((e) => e.key === key)!.required = false));
      mc(`${key} without required`, (a) => void delete stdOf(a).find((e) => e.key === key)!.required);
      mc(`${key} with default only`, (a) => {
        const e = stdOf(a).find((x) => x.key === key)!;
        delete e.required;
        e.default = 'abc';
      });
      mc(`${key} in secured instead`, (a) => {
        stdOf(a).splice(stdOf(a).findIndex((e) => e.key === key), 1);
        securedOf(a).push(entry(key, { required: true }));
      });
      mc(`${key} lower case`, (a) => void (stdOf(a).find((e) => e.key === key)!.key = key.toLowerCase()));
    }
    const withoutCloud = (a: Obj): void => void stdOf(a).splice(stdOf(a).findIndex((e) => e.key === 'CLOUD_IDENTIFIER'), 1);
    mc('no CLOUD_IDENTIFIER', withoutCloud);
    mc('CLOUD_IDENTIFIER required, no default', (a) => {
      const e = stdOf(a).find((x) => x.key === 'CLOUD_IDENTIFIER')!;
      delete e.default;
      e.required = true;
    });
    mc('CLOUD_IDENTIFIER neither required nor default', (a) => void delete stdOf(a).find((x) => x.key === 'CLOUD_IDENTIFIER')!.default);
    mc('CLOUD_IDENTIFIER required false with default', (a) => void (stdOf(a).find((x) => x.key === 'CLOUD_IDENTIFIER')!.required = false));
    mc('CLOUD_IDENTIFIER in app secured', (a) => {
      withoutCloud(a);
      securedOf(a).push(entry('CLOUD_IDENTIFIER', { required: true }));
    });
    mc('CLOUD_IDENTIFIER global std required', (a, s) => {
      withoutCloud(a);
      stdOf(inheritAsOf(s)).push(entry('CLOUD_IDENTIFIER', { required: true }));
    });
    mc('CLOUD_IDENTIFIER global secured required', (a, s) => {
      withoutCloud(a);
      securedOf(inheritAsOf(s)).push(entry('CLOUD_IDENTIFIER', { required: true }));
    });
    mc('CLOUD_IDENTIFIER global default only', (a, s) => {
      withoutCloud(a);
      stdOf(inheritAsOf(s)).push(entry('CLOUD_IDENTIFIER', { default: 'gcp-eu' }));
    });
    mc('CLOUD_IDENTIFIER global required false', (a, s) => {
      withoutCloud(a);
      stdOf(inheritAsOf(s)).push(entry('CLOUD_IDENTIFIER', { required: false, default: 'gcp-eu' }));
    });
    mc('CLOUD_IDENTIFIER both global and app', (_a, s) => void stdOf(inheritAsOf(s)).push(entry('CLOUD_IDENTIFIER', { required: true })));
    mc('CLOUD_IDENTIFIER lower case', (a) => void (stdOf(a).find((x) => x.key === 'CLOUD_IDENTIFIER')!.key = 'cloud_identifier'));
    mc('secured configuration with an entry', (a) => void securedOf(a).push(entry('MC_SECRET')));
    mc('secured configuration empty', (a) => void securedOf(a));
    mc('no configuration', (a) => void delete a.configuration);
    mc('empty configuration', (a) => void (a.configuration = {}));
    mc('endpoint', (a) => void (a.endpoint = '/mc'));
    mc('healthCheck', (a) => void (a.healthCheck = { path: '/h' }));
    mc('extra std key', (a) => void stdOf(a).push(entry('APPLICATION_URL', { default: 'https://example.com' })));
  }

  // inheritAs, apiClient and the root.
  const inheritAs = (s: Obj): Obj => s.inheritAs as Obj;
  add('inherit-as', 'no inheritAs', (s) => void delete s.inheritAs);
  add('inherit-as', 'inheritAs {}', (s) => void (s.inheritAs = {}));
  for (const [typeName, wrong] of WRONG_TYPES.filter(([t]) => t !== 'object')) {
    add('inherit-as', `inheritAs = ${typeName}`, (s) => void (s.inheritAs = clone(wrong)));
    add('inherit-as', `inheritAs.configuration = ${typeName}`, (s) => void (inheritAs(s).configuration = clone(wrong)));
    add('api-client', `apiClient = ${typeName}`, (s) => void (inheritAs(s).apiClient = clone(wrong)));
    add('api-client', `apiClient.scopes = ${typeName}`, (s) => void (inheritAs(s).apiClient = { scopes: clone(wrong) }));
  }
  add('inherit-as', 'inheritAs.configuration {}', (s) => void (inheritAs(s).configuration = {}));
  add('inherit-as', 'inheritAs extra key', (s) => void (inheritAs(s).secrets = {}));
  add('inherit-as', 'no inheritAs.configuration', (s) => void delete inheritAs(s).configuration);
  add('api-client', 'no apiClient', (s) => void delete inheritAs(s).apiClient);
  add('api-client', 'apiClient {}', (s) => void (inheritAs(s).apiClient = {}));
  add('api-client', 'apiClient extra key', (s) => void (inheritAs(s).apiClient = { scopes: ['a'], name: 'x' }));
  for (const scopes of [[], [''], [' '], ['a'], ['manage_api_clients'], ['i am not a scope'], ['a', 'a'], [1], [null], ['manage_orders:my-project'], [['a']]]) {
    add('api-client', `scopes ${JSON.stringify(scopes)}`, (s) => void (inheritAs(s).apiClient = { scopes }));
  }
  add('root', 'deployAs []', (s) => void (s.deployAs = []));
  add('root', 'no deployAs', (s) => void delete s.deployAs);
  for (const [typeName, wrong] of WRONG_TYPES.filter(([t]) => t !== 'array')) {
    add('root', `deployAs = ${typeName}`, (s) => void (s.deployAs = clone(wrong)));
    add('root', `deployAs item = ${typeName}`, (s) => void apps(s).push(clone(wrong) as Obj));
  }
  add('root', 'root extra key', (s) => void (s.version = 1));
  add('root', 'root extra key deployas', (s) => void (s.deployas = []));
  add('root', 'application without applicationType', (s) => void apps(s).push({ name: 'x1', endpoint: '/x' }));

  // Whitespace-only strings for every string field.
  const whitespace = [' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff'];
  for (const ws of whitespace) {
    const label = JSON.stringify(ws);
    add('whitespace', `name ${label}`, (s) => void (app(s, APP.service).name = ws + ws));
    add('whitespace', `endpoint ${label}`, (s) => void (app(s, APP.service).endpoint = ws));
    add('whitespace', `description ${label}`, (s) => void (stdOf(app(s, APP.service))[0]!.description = ws));
    add('whitespace', `default ${label}`, (s) => void (stdOf(app(s, APP.service))[0]!.default = ws));
    add('whitespace', `postDeploy ${label}`, (s) => void ((app(s, APP.service).scripts as Obj).postDeploy = ws));
    add('whitespace', `scope ${label}`, (s) => void (inheritAs(s).apiClient = { scopes: [ws] }));
    add('whitespace', `schedule ${label}`, (s) => void ((app(s, APP.job).properties as Obj).schedule = ws));
    add('whitespace', `description padded ${label}`, (s) => void (stdOf(app(s, APP.service))[0]!.description = `${ws}text${ws}`));
  }

  return list;
}

/** YAML-level cases: texts whose JS value the object mutations cannot produce. */
function rawCases(): SpecCase[] {
  const base = stringify(baseSpec());
  const raw = (label: string, yaml: string): SpecCase => ({ group: 'yaml', label, yaml });
  const service = (extra: string): string =>
    `deployAs:\n  - name: svc\n    applicationType: service\n    endpoint: /svc\n${extra}`;
  const withEntry = (fields: string): string =>
    service(`    configuration:\n      standardConfiguration:\n        - key: MY_KEY\n          description: d\n${fields}`);
  const withHealth = (fields: string): string => service(`    healthCheck:\n      path: /h\n${fields}`);
  return [
    raw('base', base),
    raw('empty file', ''),
    raw('only a comment', '# nothing\n'),
    raw('root list', '- a\n- b\n'),
    raw('root scalar', 'hello\n'),
    raw('deployAs null', 'deployAs:\n'),
    raw('deployAs empty flow', 'deployAs: []\n'),
    raw('document end marker', 'deployAs: []\n...\n'),
    raw('two documents', 'deployAs: []\n---\ndeployAs: []\n'),
    raw('BOM', '\ufeffdeployAs: []\n'),
    raw('duplicate root keys', 'deployAs: []\ndeployAs: []\n'),
    raw('syntax error', 'deployAs:\n  - name: a\n   bad: [\n'),
    raw('tab indentation', 'deployAs: []\n\tx: 1\n'),
    raw('!!set deployAs', 'deployAs: !!set {a}\n'),
    raw('!!omap inheritAs', 'deployAs: []\ninheritAs: !!omap []\n'),
    raw('!!binary empty inheritAs', 'deployAs: []\ninheritAs: !!binary ""\n'),
    raw('!!binary inheritAs', 'deployAs: []\ninheritAs: !!binary AAAA\n'),
    raw('!!binary application', 'deployAs:\n  - !!binary ""\n'),
    raw('unknown tag', 'deployAs: !foo []\n'),
    raw('!!str number name', service('').replace('name: svc', 'name: !!str 12')),
    raw('number name', service('').replace('name: svc', 'name: 12')),
    raw('quoted number name', service('').replace('name: svc', 'name: "12"')),
    raw('merge key 1.2', 'deployAs: []\ninheritAs: {<<: {a: 1}}\n'),
    raw('merge key 1.1 app', `%YAML 1.1\n---\nbase: &b {applicationType: service, endpoint: /x}\ndeployAs:\n  - <<: *b\n    name: svc\n`),
    raw('merge key 1.1 in app', `%YAML 1.1\n---\ndeployAs:\n  - &a {name: svc, applicationType: service, endpoint: /x}\n  - <<: *a\n    name: svc2\n`),
    raw('yaml 1.1 yes', `%YAML 1.1\n---\n${withEntry('          required: yes\n')}`),
    raw('yaml 1.2 yes', withEntry('          required: yes\n')),
    raw('yaml 1.1 timestamp default', `%YAML 1.1\n---\n${withEntry('          default: 2020-01-01\n')}`),
    raw('yaml 1.2 date default', withEntry('          default: 2020-01-01\n')),
    raw('required True', withEntry('          required: True\n')),
    raw('required TRUE', withEntry('          required: TRUE\n')),
    raw('default unquoted number', withEntry('          default: 5\n')),
    raw('default unquoted bool', withEntry('          default: false\n')),
    raw('default null word', withEntry('          default: null\n')),
    raw('default tilde', withEntry('          default: ~\n')),
    raw('default empty', withEntry('          default:\n')),
    raw('default block scalar', withEntry('          default: |\n            multi\n            line\n')),
    raw('default block scalar blank', withEntry('          default: |\n\n')),
    raw('description folded', withEntry('').replace('description: d', 'description: >\n            folded text')),
    raw('interval .nan', withHealth('      intervalSeconds: .nan\n')),
    raw('interval .inf', withHealth('      intervalSeconds: .inf\n')),
    raw('interval 0x10', withHealth('      intervalSeconds: 0x10\n')),
    raw('interval 0o7', withHealth('      intervalSeconds: 0o7\n')),
    raw('interval 1e1', withHealth('      intervalSeconds: 1e1\n')),
    raw('interval 10.0', withHealth('      intervalSeconds: 10.0\n')),
    raw('interval 1_0 (1.2 string)', withHealth('      intervalSeconds: 1_0\n')),
    raw('interval +5', withHealth('      intervalSeconds: +5\n')),
    raw('interval -0', withHealth('      intervalSeconds: -0\n')),
    raw('interval 20.0000000001', withHealth('      intervalSeconds: 20.0000000001\n')),
    raw('interval 1e400', withHealth('      intervalSeconds: 1e400\n')),
    raw('anchors and aliases', `x: &e /svc\ndeployAs:\n  - name: svc\n    applicationType: service\n    endpoint: *e\n`),
    raw('alias to anchor defined in deployAs', `deployAs:\n  - &a {name: svc, applicationType: assets}\n  - *a\n`),
    raw('complex key', 'deployAs: []\n? [a]\n: 1\n'),
    raw('numeric key', 'deployAs: []\n1: x\n'),
    raw('__proto__ key root', '__proto__: 1\ndeployAs: []\n'),
    raw('__proto__ key in app', service('    __proto__: {}\n')),
    raw('null key', 'deployAs: []\n~: 1\n'),
    raw('flow style everything', '{deployAs: [{name: svc, applicationType: service, endpoint: "/svc"}]}\n'),
    raw('quoted keys', '"deployAs": [{"name": "svc", "applicationType": "service", "endpoint": "/svc"}]\n'),
    raw('JSON document', JSON.stringify(baseSpec())),
    raw('endpoint with escaped newline', service('').replace('endpoint: /svc', 'endpoint: "/svc\\n"')),
    raw('endpoint with trailing spaces (plain)', service('').replace('endpoint: /svc', 'endpoint: /svc   ')),
    raw('endpoint quoted spaces', service('').replace('endpoint: /svc', 'endpoint: "/svc   "')),
    raw('CRLF line endings', service('').replace(/\n/g, '\r\n')),
    raw('comments everywhere', `# c\ndeployAs: # c\n  - name: svc # c\n    applicationType: service # c\n    endpoint: /svc # c\n`),
    raw('long base', stringify({ deployAs: Array.from({ length: 200 }, (_, i) => minimalApp(APPLICATION_TYPES[i % 8]!, `app-${i}`)) })),
  ];
}

/** A small deterministic PRNG (mulberry32) so the combined cases never change between runs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Number of cases that combine two or three single mutations (interactions between rules). */
const COMBINED_CASES = 300;
/** Number of cases that combine two to four mutations that are each valid on their own. */
const VALID_COMBINED_CASES = 200;

export interface SpecMutation {
  group: string;
  label: string;
  /** The base connect.yaml with this mutation alone. */
  yaml: string;
  apply: (spec: Obj) => void;
}

/** Applies mutations in order to a fresh base; undefined when one no longer applies. */
function render(chosen: readonly { apply: (spec: Obj) => void }[]): string | undefined {
  const spec = baseSpec();
  try {
    for (const m of chosen) m.apply(spec);
  } catch {
    return undefined; // e.g. a field already removed by an earlier mutation
  }
  return stringify(spec);
}

/** Every single mutation of the base, rendered. */
export function specMutations(): SpecMutation[] {
  const out: SpecMutation[] = [];
  for (const m of mutations()) {
    const yaml = render([m]);
    if (yaml !== undefined) out.push({ ...m, yaml });
  }
  return out;
}

/** Single mutations, YAML-level cases and seeded random combinations. */
export function generateSpecCases(): SpecCase[] {
  const singles = specMutations();
  const cases: SpecCase[] = singles.map(({ group, label, yaml }) => ({ group, label, yaml }));
  cases.push(...rawCases());
  const random = prng(0xc0ffee);
  for (let i = 0; i < COMBINED_CASES; i++) {
    const count = 2 + Math.floor(random() * 2);
    const chosen = Array.from({ length: count }, () => singles[Math.floor(random() * singles.length)]!);
    const yaml = render(chosen);
    if (yaml !== undefined) cases.push({ group: 'combined', label: chosen.map((m) => m.label).join(' + '), yaml });
  }
  return cases;
}

/**
 * Combinations of mutations that Connect's parser accepts one by one (the caller says which):
 * the valid direction of rule interactions, e.g. a global CLOUD_IDENTIFIER with an MC app that
 * lacks its own, or new keys in several blocks at once.
 */
export function validCombinationCases(validSingles: readonly SpecMutation[]): SpecCase[] {
  const cases: SpecCase[] = [];
  if (validSingles.length < 2) return cases;
  const random = prng(0xbadc0de);
  for (let i = 0; i < VALID_COMBINED_CASES; i++) {
    const count = 2 + Math.floor(random() * 3);
    const chosen = Array.from({ length: count }, () => validSingles[Math.floor(random() * validSingles.length)]!);
    const yaml = render(chosen);
    if (yaml !== undefined) cases.push({ group: 'combined-valid', label: chosen.map((m) => m.label).join(' + '), yaml });
  }
  return cases;
}
