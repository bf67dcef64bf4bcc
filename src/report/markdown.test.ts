import { describe, expect, it } from 'vitest';
import { HOSTILE_MESSAGE, failingReport, hostileReport, passingReport } from './fixtures/reports.js';
import { mdCode, mdText, renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  const md = renderMarkdown(failingReport());
  const lines = md.split('\n');

  it('starts with a title carrying the verdict badge text and the connector', () => {
    expect(lines[0]).toBe('# ❌ Connect certification: FAIL · acme/ct-payment-connector');
    expect(renderMarkdown(passingReport()).split('\n')[0]).toBe('# ✅ Connect certification: PASS · clean-connector');
    expect(md).toContain('**FAIL — 4 errors, 2 warnings, 2 manual items, 1 note, 2 suppressed (12 checks in 0.4 s)**');
  });

  it('has a summary table by requirement with status, errors and warnings', () => {
    const header = lines.indexOf('| Requirement | Level | Status | Errors | Warnings | Manual |');
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toBe('| --- | --- | --- | ---: | ---: | ---: |');
    const rows = lines.slice(header + 2, lines.indexOf('', header));
    expect(rows[0]).toBe('| **FUNC-TESTS** Unit tests and self-contained integration tests | MUST | ✅ pass | 0 | 0 | 0 |');
    expect(rows).toContain('| **DEPLOY-SPEC** A valid connect.yaml at the root | MUST | ❌ fail | 1 | 0 | 0 |');
    expect(rows).toContain('| **SEC-NONPROD** No logs or code not meant for production | SHOULD | ⚠️ warn | 0 | 1 | 0 |');
    for (const row of rows) expect(row.split(' | ')).toHaveLength(6);
  });

  it('lists findings grouped by requirement with file:line and remediation', () => {
    const heading = lines.indexOf('### DEPLOY-SPEC — A valid connect.yaml at the root');
    expect(heading).toBeGreaterThan(0);
    expect(lines[heading + 2]).toMatch(/^- ❌ \*\*error\*\* `connect\.yaml:12` — connect\.yaml: deployAs\\\[0\\\]/);
    expect(lines[heading + 3]).toBe('  ↳ Fix the field named in the message; see the connect.yaml reference. · `connect-spec/schema`');
    expect(md).toContain('- ❌ **error** _repository_ — README.md has no installation or deployment section');
    expect(md.indexOf('### DEPLOY-SPEC')).toBeLessThan(md.indexOf('### SEC-SECRETS'));
  });

  it('has a plan table per application, the suppressions with reasons, and the files not read', () => {
    expect(md).toContain('### payment-service\n\n| Key | Value |\n| --- | --- |\n| `packageManager` | npm |');
    expect(md).toContain('| `urls/hardcoded` | `payment-service/src/psp.ts:14` | Sandbox endpoint used only by the demo mode | `payment-service/src/psp.ts:13` |');
    expect(md).toContain('- `mc-app/public/bundle.min.js` — larger than 2 MB');
  });

  it('leaves out empty sections for a clean pass', () => {
    const clean = renderMarkdown(passingReport());
    for (const heading of ['## Findings', '## Buildpack plan', '## Suppressions', '## Files not read']) expect(clean).not.toContain(heading);
  });

  it('caps findings per requirement when asked', () => {
    const report = failingReport();
    report.findings.push(...Array.from({ length: 5 }, (_, i) => ({ ...report.findings[4]!, line: 100 + i })));
    const capped = renderMarkdown(report, { maxFindingsPerRequirement: 2 });
    expect(capped).toContain('- … and 4 more (see the full report)');
  });

  it('escapes hostile text: no raw HTML, links, cell breaks or math', () => {
    const hostile = renderMarkdown(hostileReport());
    expect(hostile).not.toContain('<script>alert("x")');
    expect(hostile).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(mdText(HOSTILE_MESSAGE)).toBe(
      'README.md: \\</p\\>\\<script\\>alert("x")\\</script\\>\\<img src=x onerror=alert(1)\\> \\| \\*\\* \\[click\\](javascript:alert(1)) &amp; \\$x\\$ \\`tick\\`',
    );
    expect(hostile).toContain('| `start` | \\<script\\>alert(8)\\</script\\> |');
    expect(hostile).toContain('| \\<script\\>alert(5)\\</script\\> |');
  });

  it('builds code spans that survive backticks and pipes', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode('line1\nline2')).toBe('`line1 line2`');
  });
});
