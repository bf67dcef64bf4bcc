// Local advisory data: a folder of OSV JSON files (searched recursively), an osv-scanner offline
// database (`npm/all.zip`, a zip of OSV JSON files) given directly or found inside the folder,
// or a single OSV JSON file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readZipJsonEntries } from './zip.js';
import { compareCodeUnits } from '../text/compare.js';

/** Folders deeper than this under the advisory folder are not searched (guards against link loops). */
export const MAX_ADVISORY_DIR_DEPTH = 12;

export interface LocalAdvisories {
  kind: 'directory' | 'zip';
  location: string;
  raws: unknown[];
  problems: string[];
}

/** Reads every OSV record at `location`; unreadable files are problems, a missing path throws. */
export async function loadLocalAdvisories(location: string): Promise<LocalAdvisories> {
  const absolute = path.resolve(location);
  const stat = statSync(absolute);
  const raws: unknown[] = [];
  const problems: string[] = [];
  if (stat.isFile()) {
    if (absolute.toLowerCase().endsWith('.zip')) {
      await readZip(absolute, raws, problems);
      return { kind: 'zip', location: absolute, raws, problems };
    }
    readJson(absolute, raws, problems);
    return { kind: 'directory', location: absolute, raws, problems };
  }
  const zips: string[] = [];
  walk(absolute, 0, raws, problems, zips);
  for (const zip of zips) await readZip(zip, raws, problems);
  return { kind: 'directory', location: absolute, raws, problems };
}

function walk(dir: string, depth: number, raws: unknown[], problems: string[], zips: string[]): void {
  if (depth > MAX_ADVISORY_DIR_DEPTH) {
    problems.push(`${dir}: deeper than ${MAX_ADVISORY_DIR_DEPTH} levels; not searched`);
    return;
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(`${dir}: ${(error as Error).message}`);
    return;
  }
  entries.sort((a, b) => compareCodeUnits(a.name, b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue;
      }
    }
    if (isDir) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      walk(full, depth + 1, raws, problems, zips);
    } else if (isFile) {
      const lower = entry.name.toLowerCase();
      if (lower.endsWith('.json')) readJson(full, raws, problems);
      // osv-scanner's offline layout: <cache>/osv-scanner/npm/all.zip
      else if (lower === 'all.zip' && path.basename(dir) === 'npm') zips.push(full);
    }
  }
}

function readJson(file: string, raws: unknown[], problems: string[]): void {
  try {
    const text = readFileSync(file, 'utf8');
    raws.push(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
  }
}

async function readZip(file: string, raws: unknown[], problems: string[]): Promise<void> {
  try {
    const { entries, problems: zipProblems } = await readZipJsonEntries(file);
    problems.push(...zipProblems.map((p) => `${file}: ${p}`));
    for (const entry of entries) {
      try {
        raws.push(JSON.parse(entry.text));
      } catch (error) {
        problems.push(`${file}!${entry.fileName}: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    problems.push(`${file}: not a readable zip (${(error as Error).message})`);
  }
}
