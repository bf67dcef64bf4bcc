import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

describe('stateless/local-disk', () => {
  it.each([
    ['a relative file', `import fs from 'node:fs';\nexport const save = (orders) => fs.writeFileSync('data/orders.json', JSON.stringify(orders));`, /fs\.writeFileSync\(\) writes to `'data\/orders\.json'`/],
    ['a file next to the code', `import { appendFile } from 'node:fs/promises';\nimport path from 'node:path';\nexport const audit = (line) => appendFile(path.join(__dirname, 'audit.log'), line);`, /fs\.appendFile\(\)/],
    ['the working directory', `const fs = require('fs');\nconst out = fs.createWriteStream(\`\${process.cwd()}/export.csv\`);\nmodule.exports = out;`, /fs\.createWriteStream\(\)/],
    ['a path in a constant', `import { writeFile } from 'node:fs/promises';\nconst STATE_FILE = './state.json';\nexport const persist = (s) => writeFile(STATE_FILE, JSON.stringify(s));`, /STATE_FILE/],
    ['multer disk storage', `import multer from 'multer';\nexport const upload = multer({ dest: 'uploads/' });`, /stores uploads in `uploads\/`/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'DEPLOY-STATELESS' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['the temporary folder', `import fs from 'node:fs';\nimport os from 'node:os';\nimport path from 'node:path';\nexport const tmp = (n, d) => fs.writeFileSync(path.join(os.tmpdir(), n), d);`],
    ['a /tmp literal', `import fs from 'node:fs';\nexport const dump = (d) => fs.writeFileSync('/tmp/dump.json', d);`],
    ['a mkdtemp folder', `import { mkdtempSync, writeFileSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\nimport { join } from 'node:path';\nconst dir = mkdtempSync(join(tmpdir(), 'x-'));\nexport const put = (d) => writeFileSync(join(dir, 'a.json'), d);`],
    ['an unknown path (a parameter)', `import fs from 'node:fs';\nexport const save = (file, data) => fs.writeFileSync(file, data);`],
    ['reading files', `import fs from 'node:fs';\nexport const read = () => fs.readFileSync('config/defaults.json', 'utf8');`],
    ['stdout through /dev', `import fs from 'node:fs';\nexport const out = (s) => fs.writeFileSync('/dev/stdout', s);`],
    ['multer memory storage', `import multer from 'multer';\nexport const upload = multer({ storage: multer.memoryStorage() });`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
