// The lifecycle e-mails. Each topic describes its message once, as structured content (subject,
// paragraphs, an optional list such as the blockers, closing advice); one renderer turns that into
// the text part and one into the HTML part, so the two never say different things. Every
// interpolated value is escaped in HTML; the subject is one cleaned header line.
import { LIFECYCLE_TOPICS, type LifecycleTopic } from '../pipeline/messages.js';
import type { MailFacts } from './facts.js';
import { escapeHtml, headerText } from './html.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  /** The service's public base URL (`https://certify.example.com`); reports live under `/reports/{runId}`. */
  publicBaseUrl: string;
}

interface ListItem {
  title: string;
  details: { label: string; text: string }[];
}

interface Content {
  subject: string;
  heading: string;
  paragraphs: string[];
  list?: { title: string; items: ListItem[] };
  /** Advice after the list (what to do next). */
  closing: string[];
  /** Label for the report link; the report is not ready yet when the request was just received. */
  reportLabel: string;
}

type Template = (facts: MailFacts) => Content;

const label = (f: MailFacts) => (f.connectorKey ? `"${f.connectorName}" (key ${f.connectorKey})` : `"${f.connectorName}"`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const TEMPLATES: Readonly<Record<LifecycleTopic, Template>> = {
  [LIFECYCLE_TOPICS.publishRequested]: (f) => {
    const certification = f.certification !== false;
    return {
      subject: certification ? `Certification request received for "${f.connectorName}"` : `Publish request received for "${f.connectorName}"`,
      heading: certification ? 'Certification request received' : 'Publish request received',
      paragraphs: [
        certification
          ? `We received your request to certify the connector ${label(f)}. The automated checks start now.`
          : `We received your request to publish the connector ${label(f)} as a private connector. The automated checks start now.`,
        certification
          ? 'We will e-mail you when they finish: either with the blockers to fix, or to tell you the connector is ready for review by the Connect team.'
          : 'We will e-mail you when they finish: either with the blockers to fix, or to tell you the connector is published.',
      ],
      closing: ['The connector cannot be changed until the process completes; comments are still accepted.'],
      reportLabel: 'Report (available when the checks finish)',
    };
  },
  [LIFECYCLE_TOPICS.certificationFailed]: (f) => {
    const what = f.certification === false ? 'Publishing' : 'Certification';
    const count = f.blockers.length;
    return {
      subject: count > 0 ? `${what} failed for "${f.connectorName}": ${plural(count, 'blocker')} to fix` : `${what} failed for "${f.connectorName}"`,
      heading: `${what} failed`,
      paragraphs: [
        count > 0
          ? `The automated checks for the connector ${label(f)} found ${plural(count, 'blocker')}. The connector's status is now Failed.`
          : `The automated checks for the connector ${label(f)} could not complete. The connector's status is now Failed; the report says why.`,
      ],
      ...(count > 0
        ? {
            list: {
              title: 'Blockers and how to fix them',
              items: f.blockers.map((b) => ({
                title: [b.requirement, b.check].filter((s) => s !== '').join(' · ') || 'Blocker',
                details: [
                  { label: 'Problem', text: b.message },
                  { label: 'How to fix', text: b.remediation || 'See the report for this check.' },
                ],
              })),
            },
          }
        : {}),
      closing: ['Fix the blockers, push a new Git tag, point the connector at it (setRepository) and publish again.'],
      reportLabel: 'Full report',
    };
  },
  [LIFECYCLE_TOPICS.readyForReview]: (f) => ({
    subject: `"${f.connectorName}" passed the automated checks and is ready for review`,
    heading: 'Ready for review',
    paragraphs: [
      `All automated checks for the connector ${label(f)} passed. Its status is now ReadyForCertification.`,
      'A reviewer of the Connect team will now do the manual part (trademarks and copied code, paperwork, documentation quality, licences, and anything the report marks for review). We will e-mail you their decision.',
    ],
    closing: ['The connector cannot be changed until the review completes; comments are still accepted.'],
    reportLabel: 'Report',
  }),
  [LIFECYCLE_TOPICS.certificationApproved]: (f) => ({
    subject: `"${f.connectorName}" is certified and published`,
    heading: 'Certification approved',
    paragraphs: [`A reviewer of the Connect team approved the connector ${label(f)}. It is now Published, certified and listed in the marketplace.`],
    closing: ['Later changes go live through a new certification: point the connector at a new tag and publish with certification; the listed version stays live until then.'],
    reportLabel: 'Report',
  }),
  [LIFECYCLE_TOPICS.certificationRejected]: (f) => ({
    subject: `Certification rejected for "${f.connectorName}"`,
    heading: 'Certification rejected',
    paragraphs: [`A reviewer of the Connect team rejected the certification of the connector ${label(f)}. Its status is now Failed.`],
    list: {
      title: f.reasons.length > 0 ? 'Reasons' : 'Reasons (none given; see the certification comments)',
      items: f.reasons.map((reason) => ({ title: reason, details: [] })),
    },
    closing: ['Address the reasons, push a new Git tag, point the connector at it (setRepository) and publish with certification again. A version already listed stays live meanwhile.'],
    reportLabel: 'Report',
  }),
  [LIFECYCLE_TOPICS.published]: (f) => ({
    subject: `"${f.connectorName}" is published as a private connector`,
    heading: 'Published (private)',
    paragraphs: [
      `The connector ${label(f)} passed the automated checks and is published as a private connector: the projects in its privateProjects can install it.`,
    ],
    closing: ['To list it in the marketplace, publish with certification.'],
    reportLabel: 'Report',
  }),
};

/** The report's JSON and HTML URLs, when the message is about a run. */
export function reportLinks(publicBaseUrl: string, runId: string | undefined): { json: string; html: string } | undefined {
  if (runId === undefined) return undefined;
  const json = `${publicBaseUrl.replace(/\/+$/, '')}/reports/${encodeURIComponent(runId)}`;
  return { json, html: `${json}?format=html` };
}

export function renderMail(facts: MailFacts, context: RenderContext): RenderedMail {
  const content = TEMPLATES[facts.topic](facts);
  const links = reportLinks(context.publicBaseUrl, facts.runId);
  const details = detailRows(facts);
  return { subject: headerText(content.subject), text: renderText(content, details, links, facts), html: renderHtml(content, details, links, facts) };
}

function detailRows(f: MailFacts): { label: string; text: string }[] {
  const rows = [{ label: 'Connector', text: f.connectorName }];
  if (f.connectorKey) rows.push({ label: 'Key', text: f.connectorKey });
  if (f.repository) rows.push({ label: 'Repository', text: `${f.repository.url} at ${f.repository.tag}` });
  if (f.status) rows.push({ label: 'Status', text: f.status });
  return rows;
}

const FOOTER = 'You receive this e-mail as the creator of this connector in the commercetools Connect certification service.';

function renderText(c: Content, details: { label: string; text: string }[], links: { json: string; html: string } | undefined, f: MailFacts): string {
  const lines: string[] = [c.heading, '='.repeat(c.heading.length), ''];
  for (const p of c.paragraphs) lines.push(p, '');
  for (const d of details) lines.push(`${d.label}: ${d.text}`);
  lines.push('');
  if (c.list) {
    lines.push(c.list.title, '-'.repeat(c.list.title.length), '');
    for (const [i, item] of c.list.items.entries()) {
      lines.push(`${i + 1}. ${item.title}`);
      for (const d of item.details) lines.push(`   ${d.label}: ${d.text}`);
      lines.push('');
    }
  }
  for (const p of c.closing) lines.push(p, '');
  if (links) lines.push(`${c.reportLabel}:`, `  ${links.html}`, `  ${links.json} (JSON)`, '');
  lines.push('--', FOOTER, `Connector id: ${f.connectorId}`, '');
  return lines.join('\n');
}

function renderHtml(c: Content, details: { label: string; text: string }[], links: { json: string; html: string } | undefined, f: MailFacts): string {
  const e = escapeHtml;
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${e(headerText(c.subject))}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em;">',
    `<h1 style="font-size: 1.4em;">${e(c.heading)}</h1>`,
    ...c.paragraphs.map((p) => `<p>${e(p)}</p>`),
    '<table style="border-collapse: collapse;">',
    ...details.map((d) => `<tr><th style="text-align: left; padding-right: 1em;">${e(d.label)}</th><td>${e(d.text)}</td></tr>`),
    '</table>',
  ];
  if (c.list) {
    parts.push(`<h2 style="font-size: 1.1em;">${e(c.list.title)}</h2>`, '<ol>');
    for (const item of c.list.items) {
      if (item.details.length === 0) {
        parts.push(`<li>${e(item.title)}</li>`);
      } else {
        parts.push(`<li><strong>${e(item.title)}</strong><dl>`);
        for (const d of item.details) parts.push(`<dt>${e(d.label)}</dt><dd>${e(d.text)}</dd>`);
        parts.push('</dl></li>');
      }
    }
    parts.push('</ol>');
  }
  parts.push(...c.closing.map((p) => `<p>${e(p)}</p>`));
  if (links) {
    parts.push(`<p><a href="${e(links.html)}">${e(c.reportLabel)}</a> (<a href="${e(links.json)}">JSON</a>)</p>`);
  }
  parts.push(`<hr><p style="font-size: 0.85em; color: #555;">${e(FOOTER)} Connector id: ${e(f.connectorId)}</p>`, '</body>', '</html>', '');
  return parts.join('\n');
}
