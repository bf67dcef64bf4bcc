// DOC-INSTALL: there is a README, it was written for this connector, and it says something.
import { documentationOf, listDocumentationFiles, primaryDocument } from '../../analyzers/docs/documents.js';
import { proseWords } from '../../analyzers/docs/markdown.js';
import { findTemplateSentence } from '../../analyzers/docs/template.js';
import { defineCheck } from '../../engine/types.js';

/**
 * Fewer words of prose than this across all documentation is "nearly empty": a README that says
 * what the connector does, how to deploy it and how to use it takes a few hundred; the starter
 * template's docs/README.md has 12.
 */
export const MIN_DOCUMENTATION_WORDS = 100;

export default defineCheck({
  id: 'docs/readme-quality',
  requirement: 'DOC-INSTALL',
  title: 'A README written for this connector, with real content',
  rationale:
    'The certification page asks for "installation guide and documentation" in the repository; the README is ' +
    'where a merchant and the Connect team start reading. Three defects make it useless: there is no README at ' +
    'the root or in docs/; the README is still the one shipped by commercetools\' starter templates ' +
    '(connect-application-kit, connect-payment-integration-template), recognised by the template\'s own ' +
    `sentences ("This is the starter template to develop connect applications", "This connector has sample ` +
    `service, event, job…"); or the documentation as a whole has fewer than ${MIN_DOCUMENTATION_WORDS} words of ` +
    'prose (headings, code blocks, HTML and URLs not counted). Application READMEs count towards the word ' +
    'total, but only the root and docs/ READMEs are checked for template text.',
  remediation:
    'Write a README.md at the repository root for this connector: what it does, its applications, how to ' +
    'deploy it (prerequisites, configuration), how to use it, and whom to contact. Remove the template text.',
  run(ctx) {
    const docs = documentationOf(ctx.workspace);
    const entries = docs.files.filter((f) => f.role === 'entry');
    if (entries.length === 0) {
      const skipped = docs.skipped.find((s) => !s.path.includes('/'));
      ctx.report({
        severity: 'error',
        message: skipped
          ? `The README ${skipped.path} could not be read (${skipped.reason})`
          : `No README at the repository root or in docs/${docs.files.length > 0 ? ` (found only ${listDocumentationFiles(docs.files)})` : ''}`,
        ...(skipped ? { file: skipped.path } : {}),
      });
      if (docs.files.length === 0) return;
    }
    for (const entry of entries) {
      const match = findTemplateSentence(entry.text);
      if (!match) continue;
      ctx.report({
        severity: 'error',
        message: `${entry.path} is still the README of commercetools' ${match.template} template ("${match.excerpt}"): it describes the template, not this connector`,
        file: entry.path,
        line: match.line,
        evidence: match.excerpt,
      });
    }
    const total = docs.files.reduce((sum, f) => sum + proseWords(f.doc), 0);
    if (total < MIN_DOCUMENTATION_WORDS) {
      const primary = primaryDocument(docs.files);
      ctx.report({
        severity: 'error',
        message: `The documentation is nearly empty: ${total} words of prose in ${listDocumentationFiles(docs.files)} (at least ${MIN_DOCUMENTATION_WORDS} expected for an installation guide and usage instructions)`,
        ...(primary ? { file: primary.path } : {}),
        data: { words: total, minimum: MIN_DOCUMENTATION_WORDS },
      });
    }
  },
});
