// CREATOR-INFO: the repository itself tells users where to get help or report a problem.
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { documentationOf } from '../../analyzers/docs/documents.js';
import { sectionsAbout } from '../../analyzers/docs/topics.js';
import { packageJsonOf } from '../../analyzers/packages/package-json.js';
import { defineCheck } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

/** GitHub shows SECURITY.md and SUPPORT.md from the root, .github/ or docs/. */
const POLICY_FILE = /^(?:\.github\/|docs\/)?(?:security|support)(?:\.(?:md|markdown|txt|rst))?$/i;
/**
 * A plain e-mail address in documentation prose. The top-level domain must be letters, so
 * `express@4.18.2` is a package version, not an address. Bounded repetitions: linear.
 */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,7}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/;
/** Words that make a contact section's body a channel rather than a promise. */
const CHANNEL_WORDS = /\b(?:issues?|tickets?|slack|discord|forum|e-?mail|mail|phone|portal|helpdesk|service desk)\b/i;
const PACKAGE_FIELDS = ['author', 'bugs', 'homepage', 'contributors', 'maintainers'] as const;

export interface ContactEvidence {
  kind: 'section' | 'policy-file' | 'package-json' | 'email';
  file: string;
  line?: number;
  detail: string;
}

export default defineCheck({
  id: 'creator/contact-channel',
  requirement: 'CREATOR-INFO',
  title: 'The repository names a contact or support channel',
  rationale:
    'The certification page requires "creator information and contact details" in the GitHub repository: ' +
    'merchants who deploy the Connector need somewhere to ask for help and report problems, and security ' +
    'researchers need somewhere to report vulnerabilities. Any of these counts: a Support / Contact / Help / ' +
    'Maintainers / Authors / Questions / Feedback section in the documentation that gives a link, address or ' +
    'issue tracker; a SECURITY.md or SUPPORT.md at the root, in .github/ or docs/; an e-mail address in the ' +
    'documentation; or a non-empty author, bugs, homepage, contributors or maintainers field in an ' +
    'application\'s package.json. Found evidence is attached to the report, not listed as findings.',
  remediation:
    'Add a "## Support" section to README.md with an e-mail address, a support portal URL or a pointer to the ' +
    'GitHub issues, or a SECURITY.md saying how to report vulnerabilities; also fill "author" and "bugs" in ' +
    'each application\'s package.json.',
  run(ctx) {
    const evidence = contactEvidence(ctx.workspace);
    if (evidence.length > 0) {
      ctx.attach('contactChannels', evidence);
      return;
    }
    ctx.report({
      severity: 'error',
      message:
        'The repository names no contact or support channel: no Support/Contact/Help section with a link or address ' +
        'in the documentation, no SECURITY.md or SUPPORT.md, no e-mail address in the documentation, and no ' +
        'author/bugs/homepage/contributors in any application\'s package.json',
    });
  },
});

export function contactEvidence(ws: Workspace): ContactEvidence[] {
  const found: ContactEvidence[] = [];
  for (const f of ws.files) {
    if (POLICY_FILE.test(f.path) && f.size > 0) found.push({ kind: 'policy-file', file: f.path, detail: f.path });
  }
  for (const file of documentationOf(ws).files) {
    for (const s of sectionsAbout(file.doc, 'contact')) {
      const body = file.doc.lines.slice(s.section.bodyStart - 1, s.section.bodyEnd).join('\n');
      const hasLink = file.doc.links.some((l) => l.line >= s.section.bodyStart && l.line <= s.section.bodyEnd);
      // A short line is enough here ("Use [our portal](…)"), as long as it names a channel.
      if (!(hasLink || EMAIL.test(body) || CHANNEL_WORDS.test(body) || /https?:\/\//.test(body))) continue;
      found.push({ kind: 'section', file: file.path, line: s.section.heading.line, detail: `"${s.section.heading.text}" section` });
    }
    const mailto = file.doc.links.find((l) => /^mailto:/i.test(l.target));
    const emailLine = mailto?.line ?? lineMatching(file.doc.lines, file.doc.kinds, EMAIL);
    if (emailLine !== undefined) found.push({ kind: 'email', file: file.path, line: emailLine, detail: 'e-mail address' });
  }
  const parsed = connectSpecOf(ws);
  const seen = new Set<string>();
  for (const app of parsed.spec.applications) {
    if (app.name === '' || app.name.includes('..')) continue;
    const manifest = packageJsonOf(ws, app.name);
    if (seen.has(manifest.file)) continue;
    seen.add(manifest.file);
    const json = manifest.value;
    if (!json) continue;
    const file = manifest.file;
    for (const field of PACKAGE_FIELDS) {
      if (hasContent(json[field])) found.push({ kind: 'package-json', file, detail: `"${field}" in ${app.name}/package.json` });
    }
  }
  return found;
}

/** First prose line matching `pattern` (code blocks are examples, not contact details). */
function lineMatching(lines: readonly string[], kinds: readonly string[], pattern: RegExp): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'prose' && kinds[i] !== 'heading') continue;
    const line = lines[i]!;
    const m = pattern.exec(line);
    // Skip scoped npm packages and git remotes that look like addresses (`@scope/pkg`, `git@github.com`).
    if (m && !/^git@/i.test(m[0]) && !/noreply|example\.(?:com|org|net)/i.test(m[0])) return i + 1;
  }
  return undefined;
}

/** A person or URL field with some text in it: `"author": ""` (npm init's default) is not a contact. */
function hasContent(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (depth >= 3) return false; // { name, email, url } objects and arrays of them; nothing deeper is a contact
  if (Array.isArray(value)) return value.some((v) => hasContent(v, depth + 1));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => hasContent(v, depth + 1));
  return false;
}
