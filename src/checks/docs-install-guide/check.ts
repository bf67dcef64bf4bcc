// DOC-INSTALL: the documentation tells a merchant how to install (deploy) the connector.
import { documentationOf, listDocumentationFiles, primaryDocument } from '../../analyzers/docs/documents.js';
import { topicEvidence } from '../../analyzers/docs/topics.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'docs/install-guide',
  requirement: 'DOC-INSTALL',
  title: 'The documentation has an installation or deployment guide',
  rationale:
    'The certification page requires "a clear installation guide": a merchant deploys a Connector without its ' +
    'creator, so the repository must say how. The check looks for a section titled like an installation guide ' +
    '(Installation, Setup, Getting started, Quick start, Deployment…, or an INSTALL/SETUP/DEPLOYMENT guide file) ' +
    'in the README, docs/ and the applications\' READMEs, with real content under it; a heading followed by ' +
    'nothing or "TODO" does not count. "Prerequisites" alone is not a guide. With no documentation at all the ' +
    'check is skipped: docs/readme-quality reports the missing README under the same requirement.',
  remediation:
    'Add a section such as "## Installation" or "## Deployment" to README.md that walks a merchant through ' +
    'deploying the connector: prerequisites (API client scopes, third-party accounts), the configuration values ' +
    'to enter, and how to create the deployment in the Merchant Center or with the Connect API.',
  run(ctx) {
    const docs = documentationOf(ctx.workspace);
    if (docs.files.length === 0) {
      ctx.skip('no documentation files; docs/readme-quality reports the missing README');
      return;
    }
    const evidence = topicEvidence(docs.files, 'install');
    if (evidence.found.length > 0) return;
    if (evidence.empty.length > 0) {
      for (const place of evidence.empty) {
        ctx.report({
          severity: 'error',
          message: `The "${place.heading}" section of ${place.path} is empty or a placeholder (${place.words} words): it does not tell a merchant how to deploy the connector`,
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
      message: `No installation or deployment section in the documentation (read ${listDocumentationFiles(docs.files)}): no heading such as "Installation", "Setup", "Getting started" or "Deployment"`,
      ...(primary ? { file: primary.path } : {}),
    });
  },
});
