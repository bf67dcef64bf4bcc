// Build: copy the static site (index.html and src/) into public/, the folder that gets served.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SITE_ENTRIES = ['index.html', 'src'];

export function build(outDir = path.join(APP_DIR, 'public'), appDir = APP_DIR) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const entry of SITE_ENTRIES) {
    cpSync(path.join(appDir, entry), path.join(outDir, entry), { recursive: true });
  }
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = build();
  process.stdout.write(`${JSON.stringify({ severity: 'INFO', message: 'assets built', outDir })}\n`);
}
