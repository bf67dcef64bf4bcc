// The report renderers: one pure function per format, and `render` to pick one by name.
// Callers (CLI, service) decide colour, destination and exit code; renderers only build strings.
import type { Report } from '../engine/types.js';
import { renderHtml, type HtmlOptions } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderSarif, type CheckMetadata, type SarifOptions } from './sarif.js';
import { renderText, type TextOptions } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The usual file extension of each format, for `--output` defaults and downloads. */
export const REPORT_FILE_EXTENSIONS: Record<ReportFormat, string> = {
  text: '.txt',
  json: '.json',
  sarif: '.sarif',
  markdown: '.md',
  html: '.html',
};

export interface RenderOptions extends TextOptions, SarifOptions, MarkdownOptions, HtmlOptions {
  /** Check definitions (or stored metadata) for SARIF's one-rule-per-check; other formats ignore it. */
  checks?: readonly CheckMetadata[];
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function render(format: ReportFormat, report: Report, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, options.checks ?? [], options);
    case 'markdown':
      return renderMarkdown(report, options);
    case 'html':
      return renderHtml(report, options);
    default: {
      const unknown: never = format;
      throw new Error(`unknown report format ${String(unknown)} (known: ${REPORT_FORMATS.join(', ')})`);
    }
  }
}

export { renderText, renderJson, renderSarif, renderMarkdown, renderHtml };
export type { TextOptions, SarifOptions, MarkdownOptions, HtmlOptions, CheckMetadata };
export { JSON_REPORT_FORMAT_VERSION } from './json.js';
export { CERTIFICATION_PAGE_URI, SARIF_SCHEMA_URI, SARIF_VERSION } from './sarif.js';
