import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nconst app = express();\n`;

describe('sec-code/shell-injection', () => {
  it.each([
    ['exec on a template', `import { exec } from 'node:child_process';\nexport const archive = (name) => exec(\`tar czf /tmp/\${name}.tgz data\`);`, /child_process\.exec\(\) runs its command through a shell, and the command is assembled at run time/],
    ['execSync on a concatenation', `const cp = require('child_process');\nexport function clone(url) { return cp.execSync('git clone ' + url); }`, /child_process\.execSync\(\)/],
    ['exec on a constant built from a template', `import { exec } from 'child_process';\nexport function ping(host) { const command = \`ping -c 1 \${host}\`; exec(command); }`, /assembled at run time/],
    ['promisified exec', `import { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\nconst run = promisify(exec);\nexport const ls = (dir) => run(\`ls \${dir}\`);`, /child_process\.exec\(\)/],
    ['spawn with shell: true and built arguments', `import { spawn } from 'node:child_process';\nexport const convert = (file) => spawn('convert', [file, 'out.png'], { shell: true });`, /spawn\(\) with `shell: true` runs through a shell/],
    ['request data in the command', `${EXPRESS}import { exec } from 'child_process';\napp.get('/ping', (req, res) => { exec('ping -c 1 ' + req.query.host, (e, out) => res.send(out)); });`, /includes request data \(req\.query\.host\): shell injection/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE', file: 'service/src/app.js' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['exec with a literal', `import { exec } from 'node:child_process';\nexec('git rev-parse HEAD', () => {});`],
    ['exec with a literal constant', `import { execSync } from 'node:child_process';\nconst COMMAND = 'npm --version';\nexport const v = execSync(COMMAND).toString();`],
    ['spawn without a shell and built arguments', `import { spawn } from 'node:child_process';\nexport const convert = (file) => spawn('convert', [file, 'out.png']);`],
    ['execFile with arguments', `import { execFile } from 'node:child_process';\nexport const show = (ref) => execFile('git', ['show', ref]);`],
    ['spawn with shell: false', `import { spawn } from 'node:child_process';\nexport const run = (arg) => spawn('ls', [arg], { shell: false });`],
    ['spawn with a shell and only literals', `import { spawn } from 'node:child_process';\nspawn('npm', ['run', 'build'], { shell: true });`],
    ['an unrelated exec method (RegExp.exec)', `const re = /a(b)/;\nexport const m = (s) => re.exec(\`x\${s}\`);`],
    ['a parameter passed straight through (no evidence)', `import { exec } from 'node:child_process';\nexport const run = (command) => exec(command);`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
