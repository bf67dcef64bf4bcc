// SEC-URLS: no hardcoded URLs in code and configuration. URL literals (http, https, ws, wss) in the
// applications' shipped code (parsed with oxc-parser, so comments and JSDoc never count) and in the
// configuration shipped with them (JSON, YAML, .env inside the application folder, package.json
// `config`, connect.yaml defaults).
//   error    hardcoded in code or shipped configuration (commercetools hosts name CTP_API_URL/CTP_AUTH_URL)
//   warning  only the fallback of a configuration read (`process.env.X ?? 'https://…'`, also through a
//            constant used only that way, destructuring defaults, getEnv('X', default)); a URL default
//            in connect.yaml; a committed .env value; a host built from a pattern (`api.${region}…`);
//            localhost in development-only code or configuration
//   info     documentation links, URLs in error/log messages or prose, values compared with a URL
//   nothing  tests, tool configuration, type declarations, generated code, XML/JSON-schema namespaces,
//            reserved example hosts, package.json metadata, `new URL(path, 'http://localhost')` parse bases
// Decision: a URL inside an error message or log call is documentation for the operator (it is shown,
// never requested), so it is info rather than silence: the reviewer still sees every URL the code holds.
import { configurationUrlsOf, connectDefaultUrlsOf } from '../../analyzers/code-rules/config-urls.js';
import { codeAnalysisOf, codeApplicationsOf } from '../../analyzers/code-rules/index.js';
import { findingOfHit, NO_APPLICATIONS } from '../../analyzers/code-rules/report.js';
import { isMerchantCenterConfig } from '../../analyzers/code-rules/files.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec/urls',
  requirement: 'SEC-URLS',
  title: 'No hardcoded URLs in code and configuration',
  rationale:
    'Every deployment of a connector talks to its own commercetools region and its own third-party accounts. A URL written into the code or shipped configuration ' +
    'sends every merchant to the same host (often the creator\'s test account or one commercetools region) and cannot be changed without a new release. ' +
    'Connect passes configuration as environment variables (CTP_API_URL, CTP_AUTH_URL and the keys declared in connect.yaml).',
  remediation:
    'Declare the URL as a configuration key in connect.yaml and read it from process.env at run time; for commercetools use CTP_API_URL and CTP_AUTH_URL.',
  run(ctx) {
    const ws = ctx.workspace;
    const apps = codeApplicationsOf(ws);
    if (apps.length === 0) return ctx.skip(NO_APPLICATIONS);
    for (const app of apps) {
      for (const { file, role } of app.files) {
        if (ctx.signal.aborted) return;
        // Merchant Center custom-application-config is tool configuration that ships the app's URLs.
        const mcConfig = role === 'config' && isMerchantCenterConfig(file);
        if (role !== 'runtime' && role !== 'source' && !mcConfig) continue;
        const analysis = codeAnalysisOf(ws, file);
        // Said once, here: the code rules of every check share this analysis.
        if (analysis.problem !== undefined) {
          ctx.report({
            severity: 'info',
            application: app.application,
            file,
            message: `${analysis.problem} (URL, SEC-CODE, stateless and lightweight code rules)`,
            remediation: 'Review this file by hand for the code rules; if it is generated or bundled output, keep it out of the application source.',
          });
        }
        for (const hit of analysis.hits) {
          if (hit.rule !== 'sec/urls') continue;
          // The development section of the Merchant Center config points to localhost by design.
          if (mcConfig && (hit.data?.use === 'localhost' || hit.data?.use === 'development-localhost')) continue;
          ctx.report(findingOfHit({ ...hit, file, application: app.application, browser: app.browser, role }));
        }
      }
      for (const url of configurationUrlsOf(ws, app)) {
        ctx.report({
          severity: url.severity,
          application: app.application,
          file: url.file,
          line: url.line,
          column: url.column,
          message: `${url.file}:${url.line}: ${url.message}`,
          remediation: url.remediation,
          data: { url: url.url, use: url.use },
        });
      }
    }
    for (const url of connectDefaultUrlsOf(ws)) {
      ctx.report({
        severity: url.severity,
        ...(url.application ? { application: url.application } : {}),
        file: url.file,
        line: url.line,
        column: url.column,
        message: `${url.file}:${url.line}: ${url.message}`,
        remediation: url.remediation,
        data: { url: url.url, use: url.use },
      });
    }
  },
});
