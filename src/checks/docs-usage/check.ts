// DOC-USAGE: the documentation tells a merchant how to use and configure the deployed connector.
import { documentationOf, listDocumentationFiles, primaryDocument } from '../../analyzers/docs/documents.js';
import { topicEvidence } from '../../analyzers/docs/topics.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'docs/usage',
  requirement: 'DOC-USAGE',
  title: 'The documentation has usage instructions',
  rationale:
    'The certification page requires the Connector to be "fully documented, with … usage instructions". The ' +
    'check looks for a section titled like usage instructions (Usage, How to use, Using…, How it works, User ' +
    'guide, Examples, Configuration, Getting started, Quick start, or a USAGE guide file) in the README, docs/ ' +
    'and the applications\' READMEs, with real content under it. "Features" alone is not usage: it says what ' +
    'the connector does, not how to use it. Without any documentation this check reports the gap for DOC-USAGE ' +
    '(docs/readme-quality reports it for DOC-INSTALL).',
  remediation:
    'Add a section such as "## Usage" to README.md: what the connector does once deployed, how a merchant ' +
    'configures and triggers it (endpoints, events, schedules, Merchant Center screens), and an example.',
  run(ctx) {
    const docs = documentationOf(ctx.workspace);
    if (docs.files.length === 0) {
      ctx.report({
        severity: 'error',
        message: 'The repository has no documentation (no README at the root, no docs/ folder, no application README), so no usage instructions',
      });
      return;
    }
    const evidence = topicEvidence(docs.files, 'usage');
    if (evidence.found.length > 0) return;
    if (evidence.empty.length > 0) {
      for (const place of evidence.empty) {
        ctx.report({
          severity: 'error',
          message: `The "${place.heading}" section of ${place.path} is empty or a placeholder (${place.words} words): it gives no usage instructions`,
          file: place.path,
          line: place.line,
          ...(place.application ? { application: place.application } : {}),
        });
      }
      return;
    }
    const primary = primaryDocument(docs.files);
    ctx.report({
      severity: 'error',
      message: `No usage section in the documentation (read ${listDocumentationFiles(docs.files)}): no heading such as "Usage", "How to use", "Configuration" or "Examples"`,
      ...(primary ? { file: primary.path } : {}),
    });
  },
});
