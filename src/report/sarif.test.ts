import { describe, expect, it } from 'vitest';
import type { Report } from '../engine/types.js';
import { CHECK_DEFINITIONS, COMMIT, REPOSITORY_URL, failingReport, hostileReport, passingReport } from './fixtures/reports.js';
import { sarifSchemaErrors } from './fixtures/sarif-validator.js';
import { FINGERPRINT_KEY, REPOSITORY_ANCHOR_FILE, absoluteRepositoryUri, artifactUri, renderSarif } from './sarif.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
  partialFingerprints?: Record<string, string>;
  suppressions?: { kind: string; justification: string }[];
  properties: Record<string, unknown>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[] };
}
interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
    versionControlProvenance?: Record<string, string>[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { associatedRule: { id: string } }[] }[];
    properties: Record<string, unknown>;
  }[];
}

const parse = (text: string) => JSON.parse(text) as SarifLog;

describe('renderSarif: schema', () => {
  it.each([
    ['a failing report with every kind of finding', failingReport()],
    ['a report with zero findings', passingReport()],
    ['a report with hostile paths and text', hostileReport()],
  ])('is valid SARIF 2.1.0 for %s', (_name, report) => {
    const log = parse(renderSarif(report, CHECK_DEFINITIONS));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('is valid without any check definitions (rules come from the report alone)', () => {
    const log = parse(renderSarif(failingReport()));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const ruleIds = log.runs[0]!.tool.driver.rules.map((r) => r.id);
    for (const result of log.runs[0]!.results) expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
  });

  it('catches an invalid log (the validator is not vacuous)', () => {
    const log = parse(renderSarif(failingReport(), CHECK_DEFINITIONS));
    log.runs[0]!.results[0]!.locations[0]!.physicalLocation.region['startLine'] = 0;
    expect(sarifSchemaErrors(log).join('\n')).toMatch(/startLine/);
  });
});

describe('renderSarif: tool and rules', () => {
  const log = parse(renderSarif(failingReport(), CHECK_DEFINITIONS));
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;

  it('names the tool, its version and information URI', () => {
    expect(run.tool.driver).toMatchObject({ name: 'connect-certify', version: '0.1.0' });
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
  });

  it('has one rule per check definition, then one per engine check the report names', () => {
    expect(rules.slice(0, CHECK_DEFINITIONS.length).map((r) => r.id)).toEqual(CHECK_DEFINITIONS.map((c) => c.id));
    expect(rules.map((r) => r.id)).toContain('repository/symlinks');
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('describes each rule with title, rationale, remediation, requirement tag and default level', () => {
    const rule = rules.find((r) => r.id === 'secrets/hardcoded')!;
    const definition = CHECK_DEFINITIONS.find((c) => c.id === 'secrets/hardcoded')!;
    expect(rule.name).toBe('SecretsHardcoded');
    expect(rule.shortDescription.text).toBe(definition.title);
    expect(rule.fullDescription.text).toBe(definition.rationale);
    expect(rule.help.text).toContain(definition.remediation);
    expect(rule.help.markdown).toContain(definition.remediation);
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['SEC-SECRETS', 'security']));
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rules.find((r) => r.id === 'nonprod/debug-logging')!.defaultConfiguration.level).toBe('warning');
    expect(rules.find((r) => r.id === 'trademark/third-party-names')!.defaultConfiguration.level).toBe('note');
  });

  it('gives every rule the non-empty descriptions GitHub requires', () => {
    for (const rule of rules) {
      expect(rule.shortDescription.text.trim()).not.toBe('');
      expect(rule.fullDescription.text.trim()).not.toBe('');
      expect(rule.help.text.trim()).not.toBe('');
    }
  });

  it('records the verdict, the repository and errored checks', () => {
    expect(run.properties['verdict']).toBe('fail');
    expect(run.versionControlProvenance).toEqual([
      { repositoryUri: REPOSITORY_URL, revisionId: COMMIT, revisionTag: 'v1.4.0', branch: 'v1.4.0' },
    ]);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications.map((n) => n.associatedRule.id)).toEqual(['deps/vulnerable']);
  });

  it('leaves out provenance for a local folder', () => {
    expect(parse(renderSarif(passingReport(), CHECK_DEFINITIONS)).runs[0]!.versionControlProvenance).toBeUndefined();
  });
});

describe('renderSarif: results', () => {
  const report = failingReport();
  const run = parse(renderSarif(report, CHECK_DEFINITIONS)).runs[0]!;
  const results = run.results;
  const byMessage = (fragment: string) => results.find((r) => r.message.text.includes(fragment))!;

  it('has one result per finding, suppressed ones included, with matching rule ids and indexes', () => {
    expect(results).toHaveLength(report.findings.length);
    for (const result of results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('maps severities to levels; a manual item is a note whatever its severity', () => {
    expect(byMessage('servce').level).toBe('error');
    expect(byMessage('console.debug').level).toBe('warning');
    expect(byMessage('XML namespace').level).toBe('note');
    expect(byMessage('gpl-lib').level).toBe('note');
    expect(byMessage('gpl-lib').properties['manual']).toBe(true);
  });

  it('locates results by repository-relative URI under SRCROOT, with line and column when known', () => {
    const { physicalLocation } = byMessage('CTP_CLIENT_SECRET').locations[0]!;
    expect(physicalLocation.artifactLocation).toEqual({ uri: 'payment-service/src/client.ts', uriBaseId: 'SRCROOT' });
    expect(physicalLocation.region).toEqual({ startLine: 7, startColumn: 23, endLine: 7, endColumn: 55 });
    expect(byMessage('gpl-lib').locations[0]!.physicalLocation.region).toEqual({ startLine: 210 });
  });

  it('gives every result a location with a relative URI and startLine >= 1 (GitHub rejects the file otherwise)', () => {
    for (const result of results) {
      expect(result.locations).toHaveLength(1);
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\//i);
      expect(region['startLine']).toBeGreaterThanOrEqual(1);
    }
    const repositoryLevel = byMessage('no installation');
    expect(repositoryLevel.locations[0]!.physicalLocation.artifactLocation.uri).toBe(REPOSITORY_ANCHOR_FILE);
    expect(repositoryLevel.properties['repositoryLevel']).toBe(true);
  });

  it('carries the fingerprint as a partial fingerprint', () => {
    expect(byMessage('CTP_CLIENT_SECRET').partialFingerprints).toEqual({ [FINGERPRINT_KEY]: 'sha256:9b74c9897bac770ffc029102a200c5de' });
    expect(byMessage('console.debug').partialFingerprints).toBeUndefined();
  });

  it('marks suppressed findings: inSource for inline markers, external for the config file, with the reason', () => {
    expect(byMessage('sandbox.psp').suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'Sandbox endpoint used only by the demo mode' },
    ]);
    expect(byMessage('private key').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Test key generated for the fixtures, never used in production' },
    ]);
    expect(byMessage('console.debug').suppressions).toBeUndefined();
  });

  it('drops lines and columns that are not positive integers instead of emitting an invalid region', () => {
    const bad: Report = {
      ...failingReport(),
      findings: [{ ...failingReport().findings[0]!, line: 0, column: -1 }],
    };
    const region = parse(renderSarif(bad)).runs[0]!.results[0]!.locations[0]!.physicalLocation.region;
    expect(region).toEqual({ startLine: 1 });
  });
});

describe('URIs', () => {
  it('percent-encodes path segments and normalises separators', () => {
    expect(artifactUri('docs/a b#c%d.md')).toBe('docs/a%20b%23c%25d.md');
    expect(artifactUri('./src\\win\\file.ts')).toBe('src/win/file.ts');
    expect(artifactUri('c:/x.ts')).toBe('c%3A/x.ts');
    expect(artifactUri('/abs/file.ts')).toBe('abs/file.ts');
    expect(artifactUri('../outside.ts')).toBeUndefined();
  });

  it('turns repository URLs into absolute URIs, scp-like SSH included', () => {
    expect(absoluteRepositoryUri('git@github.com:acme/x.git')).toBe('ssh://git@github.com/acme/x.git');
    expect(absoluteRepositoryUri('https://github.com/acme/x.git')).toBe('https://github.com/acme/x.git');
    expect(absoluteRepositoryUri('/srv/repos/x')).toBeUndefined();
  });
});
