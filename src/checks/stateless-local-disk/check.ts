// DEPLOY-STATELESS: no writes to the local file system outside temporary folders. fs/fs-extra writes
// (writeFile, appendFile, createWriteStream, copy/rename targets) and multer disk storage whose path
// is known to be the application's folder or working directory (a relative or absolute literal,
// __dirname, process.cwd(), import.meta.dirname, path.join/resolve from them); paths under os.tmpdir(),
// /tmp, TMPDIR or mkdtemp are fine, unknown paths (parameters) are not reported.
// Browser-bundled applications get info.
// Detection: the `stateless/local-disk` rule of src/analyzers/code-rules.
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'stateless/local-disk',
  requirement: 'DEPLOY-STATELESS',
  title: 'No writes to the local disk outside temporary folders',
  rationale:
    "Connect's containers have an ephemeral file system: files written there are lost on every restart and redeploy, are not shared between instances, and count against the instance's memory. " +
    'Anything written to the application folder is state the page asks applications not to keep.',
  remediation:
    'Write only to os.tmpdir() for data needed during one request, and keep anything that must persist in an external store (commercetools custom objects, a bucket, a database).',
  run(ctx) {
    reportRuleHits(ctx, 'stateless/local-disk', { browserSeverity: 'info' });
  },
});
