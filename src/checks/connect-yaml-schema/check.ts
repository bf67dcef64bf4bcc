// connect.yaml must exist at the repository root and pass every rule of Connect's own schema.
import { defineCheck, type FindingInput } from '../../engine/types.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { validateConnectSpec } from '../../analyzers/connect-spec/validate.js';

export default defineCheck({
  id: 'connect-yaml/schema',
  requirement: 'DEPLOY-SPEC',
  title: 'connect.yaml is valid under Connect’s schema',
  rationale:
    'Connect reads connect.yaml from the root of the tag and rejects the connector when it does not pass the schema of ' +
    '@commercetools-connect/specification 0.0.16 (what `commercetools connect validate` runs). The rules, re-implemented ' +
    'with line and column and in linear time: the file is YAML (no syntax errors, one document, no alias bombs); the root ' +
    'is {deployAs (required list), inheritAs?} and every object is strict (unknown keys are errors); applicationType is one of ' +
    'service, event, job, assets, merchant-center-custom-application, mc-app, merchant-center-custom-view, unknown, and each ' +
    'type allows only its fields (endpoint required for service/event/job/unknown, forbidden for assets and Merchant Center ' +
    'apps; healthCheck only on service/event; retryPolicy only on event; properties.schedule required on job; assets is only ' +
    'name + applicationType); name matches ^[a-zA-Z0-9_-]{2,256}$ and is unique; endpoint and healthCheck.path use only ' +
    'A-Z a-z 0-9 _ - / and contain no "//"; configuration keys match ^[a-zA-Z0-9_]{2,256}$, are not PORT, K_SERVICE, ' +
    'K_REVISION or K_CONFIGURATION in any case, and appear once per configuration block; descriptions, defaults and scripts ' +
    'are non-empty, not whitespace-only strings; required is a boolean; secured entries have no default; healthCheck numbers ' +
    'are integers 1-20; retryPolicy is {strategy: immediate} or exponential-backoff with min/max 1-600 (min <= max) and ' +
    'maxAttempts 5-100; the schedule matches Connect’s (unanchored) cron pattern; Merchant Center custom applications need ' +
    'CUSTOM_APPLICATION_ID and ENTRY_POINT_URI_PATH, custom views CUSTOM_VIEW_ID, as required standard entries, no secured ' +
    'configuration, and CLOUD_IDENTIFIER (required globally, or required/defaulted in the app); a key in ' +
    'inheritAs.configuration appears nowhere else; inheritAs.apiClient is {scopes: non-empty list of non-empty strings}. ' +
    'Differences from the official parser: files over 512 KB or nested deeper than 64 levels are refused outright; duplicate ' +
    'names equal to Object.prototype members (e.g. "constructor"), which the official parser misses, are warnings.',
  remediation:
    'Fix connect.yaml at the reported line and column; field paths use the official notation (deployAs.0.endpoint). ' +
    'Run `commercetools connect validate` locally to confirm. Quote YAML values that must be strings (default: "5").',
  run(ctx) {
    const parse = connectSpecOf(ctx.workspace);
    for (const diagnostic of validateConnectSpec(parse)) {
      const message =
        diagnostic.field !== 'file content'
          ? `${parse.file} ${diagnostic.field}: ${diagnostic.message}`
          : diagnostic.message.startsWith(parse.file)
            ? diagnostic.message
            : `${parse.file}: ${diagnostic.message}`;
      const finding: FindingInput = {
        severity: diagnostic.severity,
        message,
        file: parse.file,
        data: { field: diagnostic.field },
      };
      if (diagnostic.line !== undefined) finding.line = diagnostic.line;
      if (diagnostic.column !== undefined) finding.column = diagnostic.column;
      if (diagnostic.endLine !== undefined) finding.endLine = diagnostic.endLine;
      if (diagnostic.endColumn !== undefined) finding.endColumn = diagnostic.endColumn;
      if (diagnostic.application !== undefined) finding.application = diagnostic.application;
      if (!parse.present) {
        finding.remediation =
          'Add connect.yaml at the root of the repository (not in a sub-folder), declaring every application under deployAs; ' +
          'see https://docs.commercetools.com/connect/development.';
      }
      ctx.report(finding);
    }
  },
});
