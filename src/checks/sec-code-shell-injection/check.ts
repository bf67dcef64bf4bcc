// SEC-CODE: No shell commands assembled from strings. Reports exec/execSync (and shelljs.exec) on a
// command built with a template or concatenation, or spawn/execFile/fork/execa with `shell` enabled
// and a non-literal command or argument; a command that includes request data is named as such.
// Detection: the `sec-code/shell-injection` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/shell-injection',
  requirement: 'SEC-CODE',
  title: 'No shell commands assembled from strings',
  rationale:
    'child_process.exec/execSync and spawn with `shell: true` hand the whole command line to /bin/sh; a value inserted into it can add `; rm -rf /` or read secrets. With request data in it, any caller runs commands on the container.',
  remediation: 'Run programs without a shell and pass arguments as an array (execFile/spawn without `shell: true`); validate values that choose what runs against an allow-list.',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/shell-injection');
  },
});
