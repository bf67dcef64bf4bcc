import { describe, expect, it } from 'vitest';
import { failingReport, hostileReport, passingReport } from './fixtures/reports.js';
import { escapeHtml, renderHtml } from './html.js';

/** Tag names in the page, opening and closing, in order (enough to check nesting of our own markup). */
function tagsOf(page: string): string[] {
  return [...page.replace(/<style>[\s\S]*?<\/style>/, '').matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)].map((m) => `${m[1]}${m[2]!.toLowerCase()}`);
}

const VOID_ELEMENTS = new Set(['meta', 'br', 'img', 'hr', 'link', 'input']);

function assertBalanced(page: string): void {
  const stack: string[] = [];
  for (const tag of tagsOf(page)) {
    if (tag.startsWith('/')) {
      expect(stack.pop(), `closing ${tag}`).toBe(tag.slice(1));
    } else if (!VOID_ELEMENTS.has(tag)) {
      stack.push(tag);
    }
  }
  expect(stack).toEqual([]);
}

describe('renderHtml', () => {
  const page = renderHtml(failingReport());

  it('is one self-contained page: inline CSS, no scripts, no external resources', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|<iframe|<object|@import|url\(|\bsrc=/i);
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('Content-Security-Policy');
    assertBalanced(page);
  });

  it('shows the verdict banner with counts and the verdict line', () => {
    expect(page).toContain('<header class="banner verdict-fail">');
    expect(page).toContain('<span class="verdict-pill">Failed</span>');
    expect(page).toContain('Verdict: FAIL — 4 errors, 2 warnings, 2 manual items, 1 note, 2 suppressed (12 checks in 0.4 s)');
    expect(page).toContain('acme/ct-payment-connector @ v1.4.0');
    expect(renderHtml(passingReport())).toContain('<header class="banner verdict-pass">');
  });

  it('groups findings by requirement in the page order, each with location, message and remediation', () => {
    const order = ['req-DEPLOY-SPEC', 'req-DEPLOY-OSS-LIBS', 'req-REPO-SOURCE', 'req-DOC-INSTALL', 'req-SEC-SECRETS', 'req-SEC-URLS', 'req-SEC-NONPROD', 'req-SEC-TRADEMARK'];
    const positions = order.map((id) => page.indexOf(`<article class="requirement" id="${id}">`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const deploySpec = page.slice(positions[0], positions[1]);
    expect(deploySpec).toContain('<code class="loc">connect.yaml:12:5</code>');
    expect(deploySpec).toContain('class="finding sev-error"');
    expect(deploySpec).toContain('Fix the field named in the message; see the connect.yaml reference.');
    expect(deploySpec).toContain('Application <code>payment-service</code>');
    expect(page).toContain('class="finding sev-manual"');
    expect(page).toContain('class="finding sev-warning"');
  });

  it('links requirements with findings from the summary table', () => {
    expect(page).toContain('<a href="#req-DEPLOY-SPEC">DEPLOY-SPEC</a>');
    expect(page).not.toContain('href="#req-FUNC-TESTS"');
  });

  it('has the check table, buildpack plan, suppressions and skipped files', () => {
    const checkTable = page.slice(page.indexOf('<table class="checks">'), page.indexOf('</table>', page.indexOf('<table class="checks">')));
    expect(checkTable.match(/<tr class="check-/g)).toHaveLength(failingReport().checks.length);
    expect(checkTable).toContain('check failed: advisory database is unreadable');
    expect(page).toContain('<tr><th scope="row">build.script</th><td>gcp-build</td></tr>');
    expect(page).toContain('<td>Test key generated for the fixtures, never used in production</td>');
    expect(page).toContain('<code>mc-app/public/bundle.min.js</code>');
  });

  it('leaves out empty sections for a clean pass', () => {
    const clean = renderHtml(passingReport());
    for (const id of ['findings', 'plan', 'suppressions', 'skipped-files']) expect(clean).not.toContain(`id="${id}"`);
    assertBalanced(clean);
  });

  it('escapes every string from the report: a <script> in a message stays text', () => {
    const hostile = renderHtml(hostileReport());
    expect(hostile).not.toMatch(/<script|<img|<svg|<b>|<i>|<\/p><script/i);
    expect(hostile).toContain('&lt;/p&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hostile).toContain('Fix it &lt;/div&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    for (let n = 2; n <= 8; n++) expect(hostile).toContain(`alert(${n})`);
    assertBalanced(hostile);
  });

  it('shows control characters and bidirectional overrides as visible escapes', () => {
    const hostile = renderHtml(hostileReport());
    expect(hostile).not.toContain('\u202e');
    expect(hostile).not.toContain('\u001b');
    expect(hostile).toContain('\\u202eevil');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
