import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check from './check.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const SERVICE = `deployAs:
  - name: service
    applicationType: service
    endpoint: /service
`;

async function run(yaml: string) {
  return runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }));
}

describe('connect-yaml/schema', () => {
  it('passes a valid connect.yaml using every feature', async () => {
    const result = await runCheck(check, workspaceFromFolder(path.join(fixtures, 'valid')));
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('reports each schema violation with field, line, column and application', async () => {
    const result = await runCheck(check, workspaceFromFolder(path.join(fixtures, 'invalid')));
    expect(result.status).toBe('fail');
    const summary = result.findings.map((f) => `${f.line}:${f.column} ${f.application ?? '-'} ${f.message}`);
    expect(summary).toEqual([
      `2:5 service connect.yaml deployAs.0.endpoint: Required: "endpoint" is missing`,
      `4:5 service connect.yaml deployAs.0.enpoint: Unrecognized key(s) in object: 'enpoint' (did you mean 'endpoint'?)`,
      `8:5 job connect.yaml deployAs.1.schedule: Unrecognized key(s) in object: 'schedule' (the schedule goes under properties: { schedule: … } of a job)`,
      `5:5 job connect.yaml deployAs.1.properties: Required: "properties" is missing`,
      `11:5 assets connect.yaml deployAs.2.configuration: Unrecognized key(s) in object: 'configuration' ('configuration' is not allowed for applicationType "assets")`,
      `17:16 event connect.yaml deployAs.3.configuration.standardConfiguration.0.key: Key "PORT" is a reserved word (Cloud Run sets it)`,
      `21:24 event connect.yaml deployAs.3.configuration.securedConfiguration.0.description: Description cannot be only whitespace`,
      `22:11 event connect.yaml deployAs.3.configuration.securedConfiguration.0.default: Unrecognized key(s) in object: 'default' (a secured configuration entry cannot have a default value)`,
    ].sort(byPosition));
    for (const f of result.findings) {
      expect(f.requirement).toBe('DEPLOY-SPEC');
      expect(f.file).toBe('connect.yaml');
      expect(f.severity).toBe('error');
    }
  });

  it('reports a missing connect.yaml with its own remediation', async () => {
    const result = await runCheck(check, workspaceFromFolder(path.join(fixtures, 'missing')));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ severity: 'error', message: 'connect.yaml not found at the repository root', file: 'connect.yaml' });
    expect(result.findings[0]?.remediation).toContain('Add connect.yaml at the root');
  });

  it('does not accept connect.yaml in a sub-folder', async () => {
    const result = await runCheck(check, workspaceFromFiles({ 'connector/connect.yaml': SERVICE }));
    expect(result.findings[0]?.message).toBe('connect.yaml not found at the repository root');
  });

  describe('bad input gives one clear DEPLOY-SPEC finding, never a crash', () => {
    it('YAML syntax error', async () => {
      const { findings } = await run('deployAs:\n  - name: a\n   bad: [\n');
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'DEPLOY-SPEC', line: 3 });
      expect(findings[0]?.message).toMatch(/^connect\.yaml: YAML syntax error: /);
    });

    it('alias bomb (billion laughs)', async () => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++) {
        const name = String.fromCharCode(97 + i);
        lines.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      }
      const { findings } = await run(`${lines.join('\n')}\n`);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toContain('billion laughs');
      expect(findings[0]?.line).toBe(2);
    });

    it('1 MB connect.yaml', async () => {
      const { findings } = await run(`${SERVICE}    # ${'padding '.repeat(131_072)}\n`);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toMatch(/^connect\.yaml is larger than 524288 bytes/);
    });

    it('10,000 levels of nesting', async () => {
      const { findings } = await run(`deployAs: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toMatch(/^connect\.yaml nests too deeply/);
      expect(findings[0]?.line).toBe(1);
    });

    it('an endpoint of 50,000 characters followed by "."', async () => {
      const { findings } = await run(SERVICE.replace('/service', `${'a'.repeat(50_000)}.`));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ line: 4, column: 15, application: 'service' });
      expect(findings[0]?.message).toContain('character "." at position 50001 is not allowed');
    });
  });
});

function byPosition(a: string, b: string): number {
  const [la, ca] = a.split(' ')[0]!.split(':').map(Number);
  const [lb, cb] = b.split(' ')[0]!.split(':').map(Number);
  return la! - lb! || ca! - cb!;
}
