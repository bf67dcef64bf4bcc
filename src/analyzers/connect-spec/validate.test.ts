import { describe, expect, it } from 'vitest';
import { parseConnectSpec, type ConnectSpecParse } from './parse.js';
import {
  MAX_SPEC_DIAGNOSTICS,
  endpointProblem,
  isReservedConfigurationKey,
  isValidEndpoint,
  validateConnectSpec,
  type SpecDiagnostic,
} from './validate.js';

function validate(yaml: string): SpecDiagnostic[] {
  return validateConnectSpec(parseConnectSpec(yaml));
}

function errors(yaml: string): SpecDiagnostic[] {
  return validate(yaml).filter((d) => d.severity === 'error');
}

const SERVICE = `deployAs:
  - name: my-service
    applicationType: service
    endpoint: /service
`;

describe('validateConnectSpec: file level', () => {
  it('reports a missing connect.yaml', () => {
    const parse: ConnectSpecParse = {
      file: 'connect.yaml',
      present: false,
      value: undefined,
      spec: { applications: [], globalConfiguration: [] },
      positionOf: () => ({ line: 1, column: 1 }),
    };
    expect(validateConnectSpec(parse)).toEqual([
      { severity: 'error', field: 'file content', path: [], message: 'connect.yaml not found at the repository root' },
    ]);
  });

  it('accepts a minimal valid file and an empty deployAs', () => {
    expect(validate(SERVICE)).toEqual([]);
    expect(validate('deployAs: []\n')).toEqual([]);
  });

  it('rejects an empty file like the official parser', () => {
    expect(errors('')).toMatchObject([{ field: 'file content', message: 'Expected object, received null' }]);
  });

  it('reports a YAML syntax error with its position', () => {
    const [d] = errors('deployAs:\n  - name: a\n   bad: [\n');
    expect(d?.message).toContain('YAML syntax error');
    expect(d?.line).toBe(3);
  });
});

describe('validateConnectSpec: positions and messages', () => {
  it('points at an unrecognized key, with a suggestion', () => {
    const [d] = errors(`${SERVICE}    enpoint: /x\n`);
    expect(d).toMatchObject({ field: 'deployAs.0.enpoint', line: 5, column: 5, application: 'my-service' });
    expect(d?.message).toBe("Unrecognized key(s) in object: 'enpoint' (did you mean 'endpoint'?)");
  });

  it('explains a field that is not allowed for the type', () => {
    const [d] = errors(`${SERVICE}    retryPolicy:\n      strategy: immediate\n`);
    expect(d?.message).toContain(`'retryPolicy' is not allowed for applicationType "service"`);
  });

  it('points at an invalid endpoint value', () => {
    const [d] = errors(SERVICE.replace('/service', '/ser.vice'));
    expect(d).toMatchObject({ field: 'deployAs.0.endpoint', line: 4, column: 15 });
    expect(d?.message).toContain('Invalid endpoint "/ser.vice"');
  });

  it('reports double slashes with the official message', () => {
    expect(errors(SERVICE.replace('/service', '/a//b'))[0]?.message).toContain('Double slashes are not allowed');
  });

  it('mirrors reserved-key and duplicate messages', () => {
    const yaml = `${SERVICE}    configuration:
      standardConfiguration:
        - key: Port
          description: d
        - key: A_KEY
          description: d
      securedConfiguration:
        - key: A_KEY
          description: d
`;
    const messages = errors(yaml).map((d) => d.message);
    expect(messages[0]).toBe('Key "Port" is a reserved word (Cloud Run sets it)');
    expect(messages[1]).toMatch(/^Duplicate key found A_KEY /);
    expect(errors(yaml)[1]).toMatchObject({ line: 12, column: 16 });
  });

  it('names duplicate applications', () => {
    const yaml = `${SERVICE}  - name: my-service\n    applicationType: assets\n`;
    expect(errors(yaml)[0]).toMatchObject({ line: 5, message: expect.stringMatching(/^Duplicate application name found: my-service/) });
  });

  it('treats duplicates the official parser misses (Object.prototype names) as warnings', () => {
    const yaml = 'deployAs:\n  - name: constructor\n    applicationType: assets\n  - name: constructor\n    applicationType: assets\n';
    const all = validate(yaml);
    expect(all).toHaveLength(1);
    expect(all[0]?.severity).toBe('warning');
  });

  it('requires the Merchant Center keys and CLOUD_IDENTIFIER', () => {
    const yaml = 'deployAs:\n  - name: mc\n    applicationType: mc-app\n';
    expect(errors(yaml).map((d) => d.message)).toEqual([
      'Mc app must have CUSTOM_APPLICATION_ID (a standardConfiguration entry with required: true)',
      'Mc app must have ENTRY_POINT_URI_PATH (a standardConfiguration entry with required: true)',
      expect.stringMatching(/^Application mc is missing CLOUD_IDENTIFIER configuration\./),
    ]);
  });

  it('accepts CLOUD_IDENTIFIER required globally, not a global default only', () => {
    const app = `deployAs:
  - name: view
    applicationType: merchant-center-custom-view
    configuration:
      standardConfiguration:
        - key: CUSTOM_VIEW_ID
          description: d
          required: true
`;
    const global = (field: string) => `inheritAs:\n  configuration:\n    standardConfiguration:\n      - key: CLOUD_IDENTIFIER\n        description: d\n        ${field}\n${app}`;
    expect(errors(global('required: true'))).toEqual([]);
    expect(errors(global('default: gcp-eu')).map((d) => d.message)[0]).toMatch(/missing CLOUD_IDENTIFIER/);
  });

  it('asks for quotes around a numeric default', () => {
    const yaml = `${SERVICE}    configuration:\n      standardConfiguration:\n        - key: LIMIT\n          description: d\n          default: 5\n`;
    expect(errors(yaml)[0]?.message).toBe('Expected string, received number (quote it: default: "5")');
  });

  it('checks retryPolicy bounds and ordering', () => {
    const yaml = `deployAs:
  - name: ev
    applicationType: event
    endpoint: /ev
    retryPolicy:
      strategy: exponential-backoff
      minBackoffSeconds: 30
      maxBackoffSeconds: 10
      maxAttempts: 4
`;
    expect(errors(yaml).map((d) => d.field)).toEqual(['deployAs.0.retryPolicy.minBackoffSeconds', 'deployAs.0.retryPolicy.maxAttempts']);
  });

  it('collapses a binary (!!binary) value into one error', () => {
    const all = errors('deployAs: []\ninheritAs: !!binary AAAA\n');
    expect(all).toHaveLength(1);
    expect(all[0]?.message).toContain('Expected object, received Buffer');
  });

  it(`summarises after ${MAX_SPEC_DIAGNOSTICS} diagnostics`, () => {
    const entries = Array.from({ length: 300 }, (_, i) => `        - key: K${i}\n          description: " "\n`).join('');
    const all = errors(`${SERVICE}    configuration:\n      standardConfiguration:\n${entries}`);
    expect(all).toHaveLength(MAX_SPEC_DIAGNOSTICS + 1);
    expect(all[all.length - 1]?.message).toBe('100 more problems not listed (only the first 200 are)');
  });
});

describe('validateConnectSpec: hostile input', () => {
  it('refuses an alias bomb (billion laughs) with a position', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const [d, ...rest] = validate(`${levels.join('\n')}\ndeployAs: []\n`);
    expect(rest).toEqual([]);
    expect(d?.message).toContain('billion laughs');
    expect(d?.line).toBe(2);
  });

  it('refuses a 1 MB connect.yaml', () => {
    const big = `${SERVICE}# ${'x'.repeat(1024 * 1024)}\n`;
    const [d, ...rest] = validate(big);
    expect(rest).toEqual([]);
    expect(d?.message).toMatch(/larger than 524288 bytes/);
  });

  it('refuses 10,000 levels of nesting without overflowing the stack', () => {
    for (const yaml of [`deployAs: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, `deployAs:\n${'- '.repeat(10_000)}x\n`, `deployAs: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`]) {
      const [d, ...rest] = validate(yaml);
      expect(rest).toEqual([]);
      expect(d?.severity).toBe('error');
      expect(d?.message).toMatch(/nests/);
      expect(d?.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('rejects a 50,000-character endpoint followed by "." at once (linear time)', () => {
    const endpoint = `${'a'.repeat(50_000)}.`;
    expect(isValidEndpoint(endpoint)).toBe(false);
    expect(endpointProblem(endpoint)).toContain('position 50001');
    const [d] = errors(SERVICE.replace('/service', endpoint));
    expect(d?.field).toBe('deployAs.0.endpoint');
    expect(d?.message.length).toBeLessThan(300);
  });

  it('accepts long valid endpoints (the official pattern does not bound length)', () => {
    expect(isValidEndpoint(`/${'a'.repeat(5000)}`)).toBe(true);
  });
});

describe('helpers', () => {
  it('folds only ASCII letters for reserved keys, as the official pattern does', () => {
    expect(isReservedConfigurationKey('pOrT')).toBe(true);
    expect(isReservedConfigurationKey('k_revision')).toBe(true);
    expect(isReservedConfigurationKey('K_\u017fERVICE')).toBe(false); // ſ upper-cases to S in Unicode
    expect(isReservedConfigurationKey('PORT_X')).toBe(false);
  });
});
