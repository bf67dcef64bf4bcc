import { describe, expect, it } from 'vitest';
import { CHECK_DEFINITIONS, failingReport } from './fixtures/reports.js';
import { REPORT_FILE_EXTENSIONS, REPORT_FORMATS, isReportFormat, render, renderHtml, renderJson, renderMarkdown, renderSarif, renderText } from './index.js';

describe('render', () => {
  const report = failingReport();

  it('dispatches each format to its renderer with the options it reads', () => {
    expect(render('text', report, { color: true })).toBe(renderText(report, { color: true }));
    expect(render('json', report)).toBe(renderJson(report));
    expect(render('sarif', report, { checks: CHECK_DEFINITIONS })).toBe(renderSarif(report, CHECK_DEFINITIONS));
    expect(render('markdown', report, { maxFindingsPerRequirement: 1 })).toBe(renderMarkdown(report, { maxFindingsPerRequirement: 1 }));
    expect(render('html', report, { title: 'Report' })).toBe(renderHtml(report, { title: 'Report' }));
  });

  it('knows exactly the five formats, each with a file extension', () => {
    expect([...REPORT_FORMATS]).toEqual(['text', 'json', 'sarif', 'markdown', 'html']);
    expect(Object.keys(REPORT_FILE_EXTENSIONS).sort()).toEqual([...REPORT_FORMATS].sort());
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
    expect(() => render('xml' as never, report)).toThrow(/unknown report format xml/);
  });

  it('does not change the report it renders', () => {
    const before = JSON.stringify(report);
    for (const format of REPORT_FORMATS) render(format, report, { checks: CHECK_DEFINITIONS });
    expect(JSON.stringify(report)).toBe(before);
  });

  it('ends every format with a newline', () => {
    for (const format of REPORT_FORMATS) expect(render(format, report).endsWith('\n')).toBe(true);
  });
});
