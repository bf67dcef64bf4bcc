// The check registry. Every folder under src/checks/ that holds a `check.ts` exporting a
// CheckDefinition by default is a check: adding one is adding a folder, as with Scorecard probes.
// The bundled build (scripts/bundle.js) lists the same folders when it bundles and hands their
// modules over through provideBundledChecks, so a bundle finds them without reading folders.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isRequirementCode } from './requirements.js';
import type { CheckDefinition } from './types.js';
import { compareCodeUnits } from '../analyzers/text/compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Under vitest the sources are .ts; after `tsc` they are .js in dist/.
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const checksDir = path.join(here, '..', 'checks');

let cached: Promise<CheckDefinition[]> | undefined;
let bundled: readonly CheckModule[] | undefined;

interface CheckModule {
  folder: string;
  module: { default?: CheckDefinition };
}

export function loadChecks(): Promise<CheckDefinition[]> {
  const provided = bundled;
  cached ??= provided ? Promise.resolve().then(() => validated(provided)) : discover();
  return cached;
}

/** Called by the bundle's entry with every check folder's module, before anything loads checks. */
export function provideBundledChecks(modules: readonly CheckModule[]): void {
  bundled = modules;
  cached = undefined;
}

async function discover(): Promise<CheckDefinition[]> {
  const folders = readdirSync(checksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const files = folders.map((folder) => ({ folder, file: path.join(checksDir, folder, `check${extension}`) })).filter((f) => existsSync(f.file));
  // Imported together: the loader reads and resolves the modules of one check while it compiles
  // another's, which saves a sixth of start-up over importing them one after the other.
  const modules = await Promise.all(files.map((f) => import(pathToFileURL(f.file).href) as Promise<{ default?: CheckDefinition }>));
  return validated(files.map(({ folder }, i) => ({ folder, module: modules[i]! })));
}

function validated(modules: readonly CheckModule[]): CheckDefinition[] {
  const checks: CheckDefinition[] = [];
  const seen = new Set<string>();
  for (const { folder, module } of modules) {
    const check = module.default;
    if (!check || typeof check.run !== 'function') {
      throw new Error(`${folder}/check${extension} must export a CheckDefinition as default`);
    }
    validateDefinition(check, folder);
    if (seen.has(check.id)) throw new Error(`duplicate check id ${check.id} (in ${folder})`);
    seen.add(check.id);
    checks.push(check);
  }
  return checks.sort((a, b) => compareCodeUnits(a.id, b.id));
}

function validateDefinition(check: CheckDefinition, folder: string): void {
  for (const field of ['id', 'title', 'rationale', 'remediation'] as const) {
    if (typeof check[field] !== 'string' || check[field].trim() === '') {
      throw new Error(`check in ${folder}: "${field}" must be a non-empty string`);
    }
  }
  if (!isRequirementCode(check.requirement)) {
    throw new Error(`check ${check.id}: unknown requirement code ${check.requirement}`);
  }
}
