// REPO-SOURCE: each application folder holds its source code, not only what a build produced.
// Source means code a person wrote: `src/**` or other .ts/.js/.java files outside build-output
// folders (dist/, build/, public/, out/, target/), excluding tests, configuration files, type
// declarations and files that are themselves compiled (source-mapped, tsc's CommonJS prologue,
// minified). Assets apps count their HTML/CSS too; Java apps need sources beside pom.xml.
import { plansForChecks, type BuildpackPlan } from '../../analyzers/buildpack/plan.js';
import { defineCheck, type FindingInput } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

/** Folders that only ever hold generated files. */
export const BUILD_OUTPUT_DIRS: readonly string[] = ['dist', 'build', 'public', 'out', 'target', '.next', '.output', 'coverage', 'node_modules'];
const CODE_FILE = /\.(js|mjs|cjs|jsx|ts|tsx|mts|cts|vue|svelte|java|kt|scala|groovy)$/;
const MARKUP_FILE = /\.(html|css|scss|sass|less)$/;
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$/;
const TEST_FILE = /(^|\/)(test|tests|__tests__|__mocks__|spec|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
const CONFIG_FILE = /(^|\/)(\.[^/]*|[^/]*\.config\.[cm]?[jt]s|[^/]*rc\.[cm]?js|jest\.setup\.[cm]?[jt]s)$/;
const MINIFIED_FILE = /\.min\.[cm]?js$/;
/** Compiled-output markers: a source map reference, tsc's CommonJS prologue, bundler banners. */
const COMPILED_MARKERS = [/\/\/[#@] sourceMappingURL=/, /Object\.defineProperty\(exports, "__esModule", \{ value: true \}\)/, /\/\*\*\*\*\*\*\/ \(\(\) => \{ \/\/ webpackBootstrap/];
/** A line this long in a .js file means minified or bundled code. */
export const MINIFIED_LINE_LENGTH = 1_000;
/** How many candidate .js files are opened per application before deciding (bounded work). */
export const MAX_FILES_SNIFFED = 40;
/** Files above this size are not opened for sniffing; a hand-written source file is far smaller. */
export const MAX_SNIFF_BYTES = 512 * 1024;

export default defineCheck({
  id: 'layout/source-present',
  requirement: 'REPO-SOURCE',
  title: 'Application folders hold source code, not only build output',
  rationale:
    'Certification reviews and scans the applications\' source. A folder that only carries compiled or bundled output (dist/, build/, minified bundles) cannot be reviewed, tested or rebuilt by Connect.',
  remediation:
    'Commit the application\'s source (for Node.js usually src/ with the .ts/.js files, package.json and the lock file; for assets apps index.html and src/; for Java pom.xml and src/main/java). Build output folders such as dist/ or build/ belong in .gitignore.',
  run(ctx) {
    const ws = ctx.workspace;
    const result = plansForChecks(ws);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    for (const plan of result.plans) {
      if (!plan.folderExists) continue; // layout/app-folders reports it
      const finding = sourceFinding(ws, plan);
      if (finding) ctx.report(finding);
    }
  },
});

interface FolderInventory {
  source?: string;
  outputFiles: Map<string, number>;
  compiledElsewhere: string[];
  other: string[];
}

function sourceFinding(ws: Workspace, plan: BuildpackPlan): FindingInput | undefined {
  const inventory = inventoryOf(ws, plan);
  if (inventory.source) return undefined;
  const manifest = ['package.json', 'pom.xml'].map((f) => `${plan.realFolder}/${f}`).find((f) => ws.has(f));
  const outputs = [...inventory.outputFiles].map(([dir, count]) => `${dir}/ (${count} file${count === 1 ? '' : 's'})`);
  const parts: string[] = [];
  if (outputs.length > 0) parts.push(`build output ${outputs.join(', ')}`);
  if (inventory.compiledElsewhere.length > 0) parts.push(`compiled or minified files such as ${inventory.compiledElsewhere.slice(0, 3).join(', ')}`);
  const holds = parts.length > 0 ? `holds only ${parts.join(' and ')}` : inventory.other.length > 0 ? `holds no source files (only ${inventory.other.slice(0, 5).join(', ')}${inventory.other.length > 5 ? ', …' : ''})` : 'holds no source files';
  const expected =
    plan.language === 'java'
      ? 'Java sources under src/main/java next to pom.xml'
      : plan.applicationType === 'assets'
        ? 'the assets source, e.g. index.html and src/'
        : 'the application source, e.g. src/ with its .ts or .js files';
  return {
    severity: 'error',
    application: plan.application,
    file: manifest ?? plan.realFolder,
    message: `Application "${plan.application}": folder ${plan.realFolder}/ ${holds}; certification needs ${expected}`,
    data: { outputs: Object.fromEntries(inventory.outputFiles), compiled: inventory.compiledElsewhere.slice(0, 10) },
  };
}

function inventoryOf(ws: Workspace, plan: BuildpackPlan): FolderInventory {
  const inventory: FolderInventory = { outputFiles: new Map(), compiledElsewhere: [], other: [] };
  const prefix = `${plan.realFolder}/`;
  const files = ws.filesUnder(plan.folder);
  const paths = new Set(files.map((f) => f.path));
  const outputDirs = new Set([...BUILD_OUTPUT_DIRS, ...(plan.node?.outputDirs.filter((d) => d !== 'lib') ?? [])]);
  const markupCounts = plan.applicationType === 'assets' || plan.applicationType.startsWith('merchant-center');
  let sniffed = 0;
  for (const file of files) {
    const rel = file.path.slice(prefix.length);
    const top = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '';
    if (outputDirs.has(top)) {
      inventory.outputFiles.set(top, (inventory.outputFiles.get(top) ?? 0) + 1);
      continue;
    }
    const isCode = CODE_FILE.test(rel) || (markupCounts && MARKUP_FILE.test(rel));
    if (!isCode || DECLARATION_FILE.test(rel) || TEST_FILE.test(rel) || CONFIG_FILE.test(rel)) {
      if (!rel.endsWith('.map')) inventory.other.push(rel);
      continue;
    }
    if (plan.language === 'java' && !/\.(java|kt|scala|groovy)$/.test(rel)) {
      inventory.other.push(rel);
      continue;
    }
    if (MINIFIED_FILE.test(rel) || paths.has(`${file.path}.map`)) {
      inventory.compiledElsewhere.push(rel);
      continue;
    }
    if (/\.[cm]?js$/.test(rel)) {
      if (sniffed >= MAX_FILES_SNIFFED || file.size > MAX_SNIFF_BYTES) {
        inventory.source = file.path; // not opened: give the benefit of the doubt
        return inventory;
      }
      sniffed++;
      if (looksCompiled(ws, file.path)) {
        inventory.compiledElsewhere.push(rel);
        continue;
      }
    }
    inventory.source = file.path;
    return inventory;
  }
  return inventory;
}

function looksCompiled(ws: Workspace, path: string): boolean {
  let text: string | undefined;
  try {
    text = ws.readText(path);
  } catch {
    return false;
  }
  if (text === undefined) return false;
  if (COMPILED_MARKERS.some((marker) => marker.test(text))) return true;
  return text.split('\n').some((line) => line.length > MINIFIED_LINE_LENGTH);
}
