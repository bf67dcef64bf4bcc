// DEPLOY-LIGHTWEIGHT: no heavyweight runtime dependencies. Production `dependencies` that download or
// embed a headless browser (puppeteer, playwright, chromium), a machine-learning runtime
// (tensorflow, onnxruntime, transformers), OCR/vision or video toolchains: each needs hundreds of MB
// and a lot of CPU, against Connect's 512 MB / 1 CPU for service and event applications. The list
// is data (src/analyzers/code-rules/data/heavy-packages.json). devDependencies are pruned and not
// reported. Warnings; browser-bundled applications get info (their dependencies are bundled).
import heavy from '../../analyzers/code-rules/data/heavy-packages.json' with { type: 'json' };
import { codeApplicationsOf } from '../../analyzers/code-rules/index.js';
import { NO_APPLICATIONS } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

const HEAVY: Readonly<Record<string, { kind: string; why: string }>> = heavy.packages;

export default defineCheck({
  id: 'lightweight/heavy-dependencies',
  requirement: 'DEPLOY-LIGHTWEIGHT',
  title: 'No heavyweight runtime dependencies',
  rationale:
    'The page asks for lightweight applications without excessive memory use. Connect gives service, event, assets and Merchant Center applications 512 MB and jobs 4 GB; ' +
    'a headless browser or an ML runtime alone needs a large part of that, slows every start, and enlarges the image.',
  remediation:
    'Move the heavy work out of the connector (a dedicated rendering/ML service or a managed API called over HTTP), or use a lighter library; keep test-only tools in devDependencies.',
  run(ctx) {
    const apps = codeApplicationsOf(ctx.workspace);
    if (apps.length === 0) return ctx.skip(NO_APPLICATIONS);
    for (const app of apps) {
      const pkg = app.packageJson;
      for (const name of Object.keys(pkg.dependencies)) {
        const entry = HEAVY[name];
        if (!entry) continue;
        ctx.report({
          severity: app.browser ? 'info' : 'warning',
          application: app.application,
          file: pkg.file,
          ...pkg.positionOf(['dependencies', name]),
          message: `${pkg.file}: dependency "${name}" is a ${entry.kind}: it ${entry.why}`,
          data: { package: name, kind: entry.kind },
        });
      }
    }
  },
});
