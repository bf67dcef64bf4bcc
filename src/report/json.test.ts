import { describe, expect, it } from 'vitest';
import { failingReport, passingReport } from './fixtures/reports.js';
import { JSON_REPORT_FORMAT_VERSION, renderJson } from './json.js';

describe('renderJson', () => {
  const text = renderJson(failingReport());
  const json = JSON.parse(text) as Record<string, any>;

  it('holds every field of the contract', () => {
    expect(json['tool']).toEqual({ name: 'connect-certify', version: '0.1.0' });
    expect(json['connector']).toEqual({
      root: '.',
      repository: { url: 'https://github.com/acme/ct-payment-connector.git', tag: 'v1.4.0', commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
    });
    expect(json['verdict']).toBe('fail');
    expect(json['applications'][0]).toEqual({ name: 'payment-service', applicationType: 'service', path: 'payment-service' });
    for (const check of json['checks']) expect(Object.keys(check)).toEqual(expect.arrayContaining(['id', 'requirement', 'status', 'durationMs']));
    for (const finding of json['findings']) {
      expect(Object.keys(finding)).toEqual(expect.arrayContaining(['check', 'requirement', 'severity', 'message', 'remediation']));
    }
    expect(json['findings'][0]).toMatchObject({ file: 'connect.yaml', line: 12, column: 5, application: 'payment-service' });
    expect(typeof json['durationMs']).toBe('number');
  });

  it('keeps the extras: summary, suppressions, skipped files, sections, format version', () => {
    expect(json['formatVersion']).toBe(JSON_REPORT_FORMAT_VERSION);
    expect(json['summary']).toMatchObject({ errors: 4, warnings: 2, manual: 2, suppressed: 2, checks: { pass: 3, fail: 4, error: 1, skipped: 1 } });
    expect(json['suppressions']).toHaveLength(2);
    expect(json['skippedFiles']).toEqual([{ path: 'mc-app/public/bundle.min.js', reason: 'larger than 2 MB' }]);
    expect(json['sections']['buildpackPlan']).toHaveLength(2);
    expect(json['findings'].find((f: { suppressed?: unknown }) => f.suppressed)).toBeDefined();
  });

  it('uses a repository null for a local folder and omits absent optional fields', () => {
    const local = JSON.parse(renderJson(passingReport())) as Record<string, any>;
    expect(local['connector']['repository']).toBeNull();
    const repositoryLevel = json['findings'].find((f: { message: string }) => f.message.includes('no installation'));
    expect(Object.keys(repositoryLevel)).not.toContain('file');
    expect(Object.keys(repositoryLevel)).not.toContain('line');
  });

  it('is stable: 2-space indent, fixed key order whatever order the report objects were built in', () => {
    expect(text).toMatch(/^\{\n {2}"formatVersion"/);
    expect(text.endsWith('}\n')).toBe(true);
    const shuffled = failingReport();
    shuffled.findings = shuffled.findings.map((f) => Object.fromEntries(Object.entries(f).reverse()) as typeof f);
    const reordered = Object.fromEntries(Object.entries(shuffled).reverse()) as typeof shuffled;
    expect(renderJson(reordered)).toBe(text);
    expect(Object.keys(json).slice(0, 6)).toEqual(['formatVersion', 'tool', 'connector', 'verdict', 'summary', 'applications']);
  });

  it('redacts credentials in the repository URL and survives bigint data', () => {
    const report = failingReport();
    report.connector.repository = { url: 'https://ghp_token@github.com/acme/x.git', tag: 'v1', commit: null };
    report.findings[0]!.data = { size: 10n };
    const out = renderJson(report);
    expect(out).not.toContain('ghp_token');
    expect(JSON.parse(out).findings[0].data).toEqual({ size: '10' });
  });
});
