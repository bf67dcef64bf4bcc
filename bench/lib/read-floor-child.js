// Child process of a bench: the physical floor of a whole-repository run. List every file (as a
// plain directory walk, skipping .git) and read each one as UTF-8 text; print timings as JSON.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [root] = process.argv.slice(2);
if (!root) throw new Error('usage: read-floor-child.js <folder>');

const started = performance.now();
let files = 0;
let chars = 0;
const stack = [root];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) stack.push(abs);
    else if (entry.isFile()) {
      chars += readFileSync(abs, 'utf8').length;
      files += 1;
    }
  }
}
const readMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ readMs, files, chars, maxRssKB: process.resourceUsage().maxRSS })}\n`);
