// The build plan Google Cloud's buildpacks would make for one Connect application folder, computed
// from the files alone (connect-reference.md §C, GoogleCloudPlatform/buildpacks cmd/nodejs/* and
// pkg/nodejs/*): language, package manager and lock file, install command, the build script that
// would run, the start command, the Node.js major, TypeScript evidence, common modules.
// Checks turn the plan into findings; the report shows the plan itself.
import type { ConnectApplication } from '../connect-spec/parse.js';
import { connectSpecOf } from '../connect-spec/parse.js';
import type { CheckContext } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';
import { fileExists, joinPath, normaliseRepoPath, readRepoFile } from './files.js';
import { checkLockSync, isYarnBerryLock, LOCK_FILES, type LockFileKind, type LockSync, type PackageManagerName } from './lockfiles.js';
import { DEPENDENCY_FIELDS, packageJsonOf, type DependencyField, type PackageJsonFile, type PackageManifest } from './package-json.js';
import {
  analyseNodeRange,
  parseEnginesRange,
  parseNvmrc,
  majorsAdmitted,
  releasedNodeMajors,
  SUPPORTED_NODE_MAJORS,
} from './runtimes.js';

export type ApplicationLanguage = 'nodejs' | 'java' | 'unsupported' | 'none';

/** Folders a TypeScript or bundler build writes to by convention (plus tsconfig's outDir). */
export const CONVENTIONAL_OUTPUT_DIRS: readonly string[] = ['build', 'dist', 'out', 'lib'];
/** Files that name another language's build; Connect builds only Node.js and Java. */
export const OTHER_LANGUAGE_MARKERS: readonly { file: RegExp; language: string }[] = [
  { file: /^(requirements\.txt|pyproject\.toml|Pipfile|setup\.py)$/, language: 'Python' },
  { file: /^go\.mod$/, language: 'Go' },
  { file: /^Gemfile$/, language: 'Ruby' },
  { file: /^composer\.json$/, language: 'PHP' },
  { file: /^Cargo\.toml$/, language: 'Rust' },
  { file: /\.(csproj|fsproj|sln)$/, language: '.NET' },
];
const GRADLE_FILES = ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'];
const NODE_VERSION_FILES = ['.nvmrc', '.node-version'];
const TYPESCRIPT_SOURCE = /\.(ts|tsx|mts|cts)$/;
const TYPESCRIPT_DECLARATION = /\.d\.(ts|mts|cts)$/;
/** Binaries that compile TypeScript or run a package build when they appear in a start script. */
const COMPILE_AT_START = /^(tsc|nest|vite|webpack|rollup|esbuild|tsup|swc|babel)$/;
/** How many `npm run X` indirections a start script is followed through. */
const MAX_SCRIPT_HOPS = 3;
/** Yarn 1 commands that are not package.json scripts (`yarn install`, `yarn add`, …). */
export const YARN_BUILTIN_COMMANDS: ReadonlySet<string> = new Set([
  'access', 'add', 'audit', 'autoclean', 'bin', 'cache', 'check', 'config', 'create', 'dlx', 'exec', 'generate-lock-entry', 'global', 'help', 'import',
  'info', 'init', 'install', 'licenses', 'link', 'list', 'login', 'logout', 'node', 'outdated', 'owner', 'pack', 'plugin', 'policies', 'publish',
  'rebuild', 'remove', 'set', 'tag', 'team', 'unlink', 'unplug', 'upgrade', 'upgrade-interactive', 'version', 'versions', 'why', 'workspace', 'workspaces',
]);
/** Node.js options that take a separate value, so the value is not mistaken for the entry file. */
const NODE_OPTIONS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--title']);

export interface LockFileChoice {
  path: string;
  manager: PackageManagerName;
  /** 'workspace-root': the only lock is at an npm/Yarn/pnpm workspace root that includes the app. */
  scope: 'application' | 'workspace-root';
  /** The application folder relative to the lock file's folder ('' when they are the same). */
  importer: string;
}

export interface PackageManagerField {
  raw: string;
  name?: string;
  version?: string;
  /** Set when the field names another manager than the lock file selects. */
  conflict?: string;
  /** Set when the field is not `name@version`. */
  malformed?: boolean;
}

export interface BuildStep {
  /** The package.json script the buildpack runs, when one runs. */
  script?: 'gcp-build' | 'build';
  command?: string;
  /** Why nothing runs (no script, empty gcp-build, Yarn ignoring `build`). */
  skipped?: string;
  /** Yarn: a `build` script exists but Yarn only runs `gcp-build`. */
  ignoredBuildScript?: boolean;
}

export type StartSource = 'Procfile' | 'scripts.start' | 'server.js' | 'main' | 'index.js';

export interface StartStep {
  command: string;
  source: StartSource;
  /** The script text behind `npm run start` / the Procfile command. */
  script?: string;
  /** Why the start command cannot work as planned (yarn without start, empty script, …). */
  problem?: string;
  /** The file the long-running process executes, when it can be read from the command. */
  entry?: StartEntry;
  /** The binary of the long-running process (`node`, `serve`, `ts-node`, …). */
  binary?: string;
}

export interface StartEntry {
  /** Repository path. */
  file: string;
  /** Path as written, relative to the application folder. */
  written: string;
  exists: boolean;
  inOutputDir: boolean;
  /** The start script compiles before it runs (`tsc && node build/index.js`). */
  compiledAtStart: boolean;
}

export interface NodeVersionPlan {
  engines?: string;
  /** node-semver form of the range. */
  range?: string;
  /** Why `engines.node` cannot be read as a range. */
  invalid?: string;
  /** The major Connect would run: the newest supported one the range admits. */
  major?: number;
  supported: boolean;
  admittedSupported: number[];
  admittedEndOfLife: { major: number; end: string }[];
  admittedNewer: number[];
  /**
   * `.nvmrc` / `.node-version` (the application's, else the repository root's). `agrees`: its major
   * is admitted by engines.node (only set when engines.node is a valid range); `supported`: its
   * major is one Connect runs.
   */
  nvmrc?: { file: string; raw: string; major?: number; agrees?: boolean; supported?: boolean };
}

export interface CommonModule {
  name: string;
  spec: string;
  field: DependencyField;
  /** Repository path the spec points to; absent when it leaves the repository. */
  path?: string;
  exists: boolean;
  hasPackageJson: boolean;
  outsideRepository: boolean;
}

export interface NodePlan {
  packageJson: PackageJsonFile;
  manifest?: PackageManifest;
  packageManager: PackageManagerName;
  yarnBerry: boolean;
  /** Lock files in the application folder, in detection order. */
  lockFilesInFolder: (LockFileKind & { path: string })[];
  lockFile?: LockFileChoice;
  packageManagerField?: PackageManagerField;
  install: string;
  /** NODE_ENV during install; `production` skips devDependencies. */
  installNodeEnv: 'development' | 'production';
  build: BuildStep;
  start: StartStep;
  nodeVersion: NodeVersionPlan;
  typescript: { detected: boolean; evidence: string[] };
  outputDirs: string[];
  commonModules: CommonModule[];
}

export interface JavaPlan {
  pom?: string;
  pomValid: boolean;
  gradleFile?: string;
  /** From pom.xml properties. */
  javaVersion?: { value: string; property: string };
  /** GOOGLE_RUNTIME_VERSION from project.toml. */
  runtimeVersion?: { value: string; file: string };
}

export interface BuildpackPlan {
  application: string;
  applicationIndex: number;
  applicationType: string;
  /** The folder named by the application. */
  folder: string;
  /** The folder holding its files after resolving directory symlinks. */
  realFolder: string;
  folderExists: boolean;
  language: ApplicationLanguage;
  otherLanguage?: { language: string; marker: string };
  node?: NodePlan;
  java?: JavaPlan;
  notes: string[];
}

/** The plan for one application, computed once per run. */
export function buildpackPlanOf(ws: Workspace, app: ConnectApplication): BuildpackPlan {
  return ws.memo(`buildpack:plan:${app.index}:${app.name}`, () => computePlan(ws, app, new Date()));
}

/** Plans of every named application in connect.yaml, in `deployAs` order. */
export function buildpackPlansOf(ws: Workspace): BuildpackPlan[] {
  return connectSpecOf(ws)
    .spec.applications.filter((app) => app.name !== '')
    .map((app) => buildpackPlanOf(ws, app));
}

/** True for the Merchant Center application types, whose build Connect may drive differently. */
export function isMerchantCenterApp(applicationType: string): boolean {
  return applicationType.startsWith('merchant-center-') || applicationType === 'mc-app';
}

export function computePlan(ws: Workspace, app: ConnectApplication, now: Date): BuildpackPlan {
  const folder = app.name;
  const realFolder = ws.resolveDir(folder);
  const plan: BuildpackPlan = {
    application: app.name,
    applicationIndex: app.index,
    applicationType: app.applicationType,
    folder,
    realFolder,
    folderExists: isSafeFolderName(folder) && ws.hasDir(folder),
    language: 'none',
    notes: [],
  };
  if (!plan.folderExists) return plan;

  const topLevel = new Set(
    ws
      .filesUnder(folder)
      .map((f) => f.path.slice(realFolder.length + 1))
      .filter((rel) => !rel.includes('/')),
  );
  const hasPackageJson = topLevel.has('package.json') || fileExists(ws, joinPath(realFolder, 'package.json'));
  const hasPom = topLevel.has('pom.xml');
  const gradle = GRADLE_FILES.find((f) => topLevel.has(f));

  if (hasPackageJson) {
    plan.language = 'nodejs';
    if (hasPom) plan.notes.push('both package.json and pom.xml are present; the builder\'s group order decides which buildpack builds it (planned as Node.js)');
    plan.node = nodePlan(ws, plan, now);
  } else if (hasPom || gradle) {
    plan.language = 'java';
    plan.java = javaPlan(ws, realFolder, hasPom, gradle);
  } else {
    for (const marker of OTHER_LANGUAGE_MARKERS) {
      const found = [...topLevel].find((f) => marker.file.test(f));
      if (found) {
        plan.language = 'unsupported';
        plan.otherLanguage = { language: marker.language, marker: joinPath(realFolder, found) };
        break;
      }
    }
  }
  return plan;
}

/** A connect.yaml name that can be a folder at the repository root. */
export function isSafeFolderName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[\\/]/.test(name) && !name.includes('\0');
}

// ---------------------------------------------------------------------------------------------
// Node.js

function nodePlan(ws: Workspace, plan: BuildpackPlan, now: Date): NodePlan {
  const dir = plan.realFolder;
  const packageJson = packageJsonOf(ws, dir);
  const manifest = packageJson.manifest;
  const notes = plan.notes;

  const lockFilesInFolder = LOCK_FILES.filter((k) => fileExists(ws, joinPath(dir, k.file))).map((k) => ({ ...k, path: joinPath(dir, k.file) }));
  let lockFile: LockFileChoice | undefined;
  const own = lockFilesInFolder[0];
  if (own) {
    lockFile = { path: own.path, manager: own.manager, scope: 'application', importer: '' };
  } else {
    const root = workspaceRootLock(ws, plan);
    if (root) {
      lockFile = root;
      notes.push(
        `the lock file is ${root.path} at the workspace root; Connect builds ${plan.folder}/ on its own (pack --path /workspace/${plan.folder}), so the install relies on Connect resolving the workspace`,
      );
    }
  }
  const packageManager: PackageManagerName = lockFile?.manager ?? 'npm';

  let yarnBerry = false;
  if (packageManager === 'yarn' && lockFile) {
    const text = readRepoFile(ws, lockFile.path).text;
    yarnBerry = text !== undefined ? isYarnBerryLock(text) : /^yarn@([2-9]|\d\d)/.test(manifest?.packageManager ?? '');
  }

  const packageManagerField = manifest?.packageManager !== undefined ? parsePackageManagerField(manifest.packageManager, packageManager) : undefined;
  const scripts = manifest?.scripts ?? {};
  const build = buildStep(packageManager, scripts);
  const installNodeEnv: 'development' | 'production' =
    packageManager === 'yarn' ? (build.script === 'gcp-build' ? 'development' : 'production') : build.command ? 'development' : 'production';
  const install = installCommand(ws, dir, packageManager, yarnBerry, lockFile, build);
  if (!lockFile && packageManager === 'npm') {
    notes.push('no lock file: the buildpack generates package-lock.json at build time (npm install --package-lock-only), so every build may resolve different versions');
  }

  const outputDirs = outputDirsOf(ws, dir);
  const start = startStep(ws, dir, packageManager, manifest, outputDirs);
  const typescript = typescriptEvidence(ws, plan, manifest, start);
  const nodeVersion = nodeVersionPlan(ws, dir, manifest, now);
  if (!manifest?.engines.node) {
    notes.push(
      `no engines.node: the builder's default Node.js applies (planned as ${nodeVersion.major ?? '?'}, the newest Connect supports; some buildpack versions default to an older major)`,
    );
  }
  const commonModules = commonModulesOf(ws, dir, manifest);
  if (commonModules.length > 0) {
    notes.push(`common modules: ${commonModules.map((m) => `${m.name} → ${m.path ?? m.spec}`).join(', ')}`);
  }
  if (isMerchantCenterApp(plan.applicationType)) {
    notes.push('Merchant Center applications are built with the Merchant Center toolchain; build and start rules of the Node.js buildpack are reported for information only');
  }
  if (plan.applicationType === 'assets') {
    notes.push('assets applications are served from their build output by Connect; the start command is informational');
  }

  return {
    packageJson,
    ...(manifest ? { manifest } : {}),
    packageManager,
    yarnBerry,
    lockFilesInFolder,
    ...(lockFile ? { lockFile } : {}),
    ...(packageManagerField ? { packageManagerField } : {}),
    install,
    installNodeEnv,
    build,
    start,
    nodeVersion,
    typescript,
    outputDirs,
    commonModules,
  };
}

/** The lock file of an npm/Yarn (`workspaces`) or pnpm (`pnpm-workspace.yaml`) root that includes the app. */
function workspaceRootLock(ws: Workspace, plan: BuildpackPlan): LockFileChoice | undefined {
  const rootManifest = packageJsonOf(ws, '').manifest;
  const globs = [...(rootManifest?.workspaces ?? []), ...pnpmWorkspaceGlobs(ws)];
  if (globs.length === 0) return undefined;
  const candidates = [plan.folder, plan.realFolder];
  const included = (p: string): boolean => {
    let member = false;
    for (const glob of globs) {
      const negated = glob.startsWith('!');
      if (globToRegExp(negated ? glob.slice(1) : glob).test(p)) member = !negated;
    }
    return member;
  };
  if (!candidates.some(included)) return undefined;
  const root = LOCK_FILES.find((k) => fileExists(ws, k.file));
  return root ? { path: root.file, manager: root.manager, scope: 'workspace-root', importer: plan.realFolder } : undefined;
}

function pnpmWorkspaceGlobs(ws: Workspace): string[] {
  const text = readRepoFile(ws, 'pnpm-workspace.yaml').text;
  if (text === undefined) return [];
  const globs: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages) {
      const item = /^\s+-\s+['"]?([^'"#]+?)['"]?\s*$/.exec(line);
      if (item) globs.push(item[1]!);
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  return globs;
}

export function globToRegExp(glob: string): RegExp {
  const cleaned = glob.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  let out = '';
  for (let i = 0; i < cleaned.length; i++) {
    const c = cleaned[i]!;
    if (c === '*') {
      if (cleaned[i + 1] === '*') {
        out += '.*';
        i++;
        if (cleaned[i + 1] === '/') i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function parsePackageManagerField(raw: string, selected: PackageManagerName): PackageManagerField {
  const match = /^(@?[^@\s]+)@([^\s]+)$/.exec(raw.trim());
  if (!match) return { raw, malformed: true };
  const name = match[1]!;
  const version = match[2]!.split('+')[0]!;
  const field: PackageManagerField = { raw, name, version };
  if (name !== selected) field.conflict = `packageManager names ${name} but the lock files make the buildpack use ${selected}`;
  return field;
}

function buildStep(manager: PackageManagerName, scripts: Record<string, string>): BuildStep {
  const gcpBuild = scripts['gcp-build'];
  const build = scripts.build;
  if (manager === 'yarn') {
    // Yarn (1 and 2+) runs only gcp-build; a `build` script is never run.
    if (gcpBuild !== undefined) {
      return gcpBuild.trim() === ''
        ? { script: 'gcp-build', command: 'yarn run gcp-build', skipped: 'gcp-build is empty' }
        : { script: 'gcp-build', command: 'yarn run gcp-build' };
    }
    if (build !== undefined) return { skipped: 'Yarn runs only gcp-build; the build script is ignored', ignoredBuildScript: true };
    return { skipped: 'no gcp-build script' };
  }
  if (gcpBuild !== undefined) {
    if (gcpBuild.trim() === '') return { skipped: 'gcp-build is empty, which tells the buildpack to run no build' };
    return { script: 'gcp-build', command: `${manager} run gcp-build` };
  }
  if (build !== undefined) {
    if (build.trim() === '') return { skipped: 'the build script is empty' };
    return { script: 'build', command: `${manager} run build` };
  }
  return { skipped: 'no gcp-build or build script' };
}

function installCommand(
  ws: Workspace,
  dir: string,
  manager: PackageManagerName,
  yarnBerry: boolean,
  lockFile: LockFileChoice | undefined,
  build: BuildStep,
): string {
  switch (manager) {
    case 'yarn':
      if (yarnBerry) return ws.hasDir(joinPath(dir, '.yarn/cache')) ? 'yarn install --immutable --immutable-cache' : 'yarn install --immutable';
      return `yarn install --non-interactive --prefer-offline --frozen-lockfile${build.script === 'gcp-build' ? ' --production=false' : ''}`;
    case 'pnpm':
      return 'pnpm install --frozen-lockfile';
    case 'bun':
      return 'bun install --frozen-lockfile';
    case 'npm':
      return lockFile ? 'npm ci' : 'npm install --package-lock-only && npm ci';
  }
}

function outputDirsOf(ws: Workspace, dir: string): string[] {
  const dirs = new Set(CONVENTIONAL_OUTPUT_DIRS);
  const tsconfig = readRepoFile(ws, joinPath(dir, 'tsconfig.json')).text;
  const outDir = tsconfig ? /"outDir"\s*:\s*"([^"]+)"/.exec(tsconfig)?.[1] : undefined;
  if (outDir) {
    const first = normaliseRepoPath(outDir)?.split('/')[0];
    if (first) dirs.add(first);
  }
  return [...dirs];
}

function startStep(ws: Workspace, dir: string, manager: PackageManagerName, manifest: PackageManifest | undefined, outputDirs: string[]): StartStep {
  const scripts = manifest?.scripts ?? {};
  const procfile = readRepoFile(ws, joinPath(dir, 'Procfile')).text;
  if (procfile !== undefined) {
    const web = /^web:\s*(.+)$/m.exec(procfile)?.[1]?.trim();
    if (web) {
      // `web: npm start` runs the start script; analyse what it finally executes.
      const viaScript = /^(npm|yarn|pnpm|bun)\s+(run\s+)?start\b/.test(web) ? scripts.start : undefined;
      return withEntry(ws, dir, { command: web, source: 'Procfile', script: viaScript ?? web }, outputDirs, scripts);
    }
    return { command: '(none)', source: 'Procfile', problem: 'Procfile has no "web:" process, which is the one the buildpack starts' };
  }
  if (manager !== 'npm') {
    const command = `${manager} run start`;
    if (scripts.start === undefined) return { command, source: 'scripts.start', problem: `package.json has no "start" script and the ${manager} buildpack always runs "${command}"` };
    if (scripts.start.trim() === '') return { command, source: 'scripts.start', script: '', problem: 'the "start" script is empty, so the container exits at once' };
    return withEntry(ws, dir, { command, source: 'scripts.start', script: scripts.start }, outputDirs, scripts);
  }
  if (scripts.start !== undefined) {
    if (scripts.start.trim() === '') return { command: 'npm run start', source: 'scripts.start', script: '', problem: 'the "start" script is empty, so the container exits at once' };
    return withEntry(ws, dir, { command: 'npm run start', source: 'scripts.start', script: scripts.start }, outputDirs, scripts);
  }
  if (fileExists(ws, joinPath(dir, 'server.js'))) {
    // Without a start script npm's own default start is `node server.js`.
    return withEntry(ws, dir, { command: 'npm run start', source: 'server.js', script: 'node server.js' }, outputDirs, scripts);
  }
  if (manifest?.main) return withEntry(ws, dir, { command: `node ${manifest.main}`, source: 'main', script: `node ${manifest.main}` }, outputDirs, scripts);
  return withEntry(ws, dir, { command: 'node index.js', source: 'index.js', script: 'node index.js' }, outputDirs, scripts);
}

function withEntry(ws: Workspace, dir: string, step: StartStep, outputDirs: string[], scripts: Record<string, string>): StartStep {
  if (step.script === undefined) return step;
  let parsed = parseStartScript(step.script);
  // `start: npm run serve` → follow the named script (bounded: scripts may call each other).
  let compiles = parsed.compiles;
  for (let hops = 0; parsed.runsScript !== undefined && hops < MAX_SCRIPT_HOPS; hops++) {
    const next = scripts[parsed.runsScript];
    if (next === undefined) break;
    parsed = parseStartScript(next);
    compiles ||= parsed.compiles;
  }
  parsed.compiles = compiles;
  if (parsed.binary) step.binary = parsed.binary;
  if (parsed.entry) {
    const normalised = normaliseRepoPath(joinPath(dir, parsed.entry));
    if (normalised !== undefined) {
      const candidates = [normalised, `${normalised}.js`, `${normalised}.mjs`, `${normalised}.cjs`, `${normalised}/index.js`];
      const relative = normaliseRepoPath(parsed.entry) ?? parsed.entry;
      step.entry = {
        file: normalised,
        written: parsed.entry,
        exists: candidates.some((c) => fileExists(ws, c)),
        inOutputDir: outputDirs.includes(relative.split('/')[0] ?? ''),
        compiledAtStart: parsed.compiles,
      };
    }
  }
  return step;
}

export interface ParsedStartScript {
  /** Binary of the last (long-running) command. */
  binary?: string;
  /** File node runs, as written. */
  entry?: string;
  /** An earlier command compiles (`tsc && node build/index.js`, `npm run build && …`). */
  compiles: boolean;
  /** The last command runs another package.json script (`npm run serve`, `yarn serve`). */
  runsScript?: string;
}

/** Reads what a start script finally runs. Shell syntax beyond `&&`, `;` and env prefixes is not modelled. */
export function parseStartScript(script: string): ParsedStartScript {
  const segments = script.split(/&&|\|\||;/).map((s) => s.trim()).filter((s) => s !== '');
  const result: ParsedStartScript = { compiles: false };
  segments.forEach((segment, index) => {
    const tokens = segment.split(/\s+/).map((t) => t.replace(/^['"]|['"]$/g, ''));
    let i = 0;
    while (i < tokens.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[i]!) || tokens[i] === 'cross-env' || tokens[i] === 'exec')) i++;
    if (tokens[i] === 'npx') i++;
    const binary = tokens[i];
    if (binary === undefined) return;
    const isLast = index === segments.length - 1;
    if (!isLast) {
      const runsBuild = /^(npm|pnpm|yarn|bun)$/.test(binary) && /^(run\s+)?(build|compile|gcp-build)\b/.test(tokens.slice(i + 1).join(' '));
      if (COMPILE_AT_START.test(binary) || runsBuild) result.compiles = true;
      return;
    }
    result.binary = binary;
    const script = scriptInvocation(tokens.slice(i));
    if (script !== undefined) result.runsScript = script;
    if (binary === 'node' || binary === 'nodejs') {
      for (let j = i + 1; j < tokens.length; j++) {
        const token = tokens[j]!;
        if (token.startsWith('-')) {
          if (NODE_OPTIONS_WITH_VALUE.has(token)) j++;
          continue;
        }
        result.entry = token;
        break;
      }
    }
  });
  return result;
}

function typescriptEvidence(ws: Workspace, plan: BuildpackPlan, manifest: PackageManifest | undefined, start: StartStep): { detected: boolean; evidence: string[] } {
  const dir = plan.realFolder;
  const evidence: string[] = [];
  if (fileExists(ws, joinPath(dir, 'tsconfig.json'))) evidence.push(`${joinPath(dir, 'tsconfig.json')} exists`);
  const tsFiles = ws.filesUnder(plan.folder).filter((f) => TYPESCRIPT_SOURCE.test(f.path) && !TYPESCRIPT_DECLARATION.test(f.path));
  if (tsFiles.length > 0) evidence.push(`${tsFiles.length} TypeScript source file(s), e.g. ${tsFiles[0]!.path}`);
  if (manifest && (manifest.dependencies.typescript !== undefined || manifest.devDependencies.typescript !== undefined)) {
    evidence.push('package.json depends on typescript');
  }
  if (start.entry && start.entry.inOutputDir && !start.entry.exists) {
    evidence.push(`the start command runs ${start.entry.written}, compiled output that is not in the repository`);
  }
  return { detected: evidence.length > 0, evidence };
}

function nodeVersionPlan(ws: Workspace, dir: string, manifest: PackageManifest | undefined, now: Date): NodeVersionPlan {
  const engines = manifest?.engines.node;
  const newestSupported = SUPPORTED_NODE_MAJORS[SUPPORTED_NODE_MAJORS.length - 1];
  const plan: NodeVersionPlan = { supported: true, admittedSupported: [], admittedEndOfLife: [], admittedNewer: [] };
  if (engines === undefined) {
    if (newestSupported !== undefined) plan.major = newestSupported;
  } else {
    plan.engines = engines;
    const parsed = parseEnginesRange(engines);
    if (!parsed.ok) {
      plan.invalid = parsed.reason;
      plan.supported = false;
    } else {
      plan.range = parsed.range;
      const analysis = analyseNodeRange(parsed.range, now);
      plan.admittedSupported = analysis.supported;
      plan.admittedEndOfLife = analysis.endOfLife.map((m) => ({ major: m.major, end: m.end }));
      plan.admittedNewer = analysis.newerThanSupported;
      plan.supported = analysis.supported.length > 0;
      if (plan.supported) plan.major = analysis.supported[analysis.supported.length - 1];
      else {
        // What the buildpack would install instead: the newest released major the range admits.
        const admitted = majorsAdmitted(parsed.range, releasedNodeMajors(now).map((m) => m.major));
        const newest = admitted[admitted.length - 1];
        if (newest !== undefined) plan.major = newest;
      }
    }
  }
  for (const candidate of [...NODE_VERSION_FILES.map((f) => joinPath(dir, f)), ...NODE_VERSION_FILES]) {
    const text = readRepoFile(ws, candidate).text;
    if (text === undefined) continue;
    const version = parseNvmrc(text, now);
    const nvmrc: NonNullable<NodeVersionPlan['nvmrc']> = { file: candidate, raw: version.raw };
    if (version.kind === 'major') {
      nvmrc.major = version.major;
      nvmrc.supported = SUPPORTED_NODE_MAJORS.includes(version.major);
      if (plan.range !== undefined) nvmrc.agrees = majorsAdmitted(plan.range, [version.major]).length > 0;
    }
    plan.nvmrc = nvmrc;
    break;
  }
  return plan;
}

function commonModulesOf(ws: Workspace, dir: string, manifest: PackageManifest | undefined): CommonModule[] {
  if (!manifest) return [];
  const modules: CommonModule[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(manifest[field])) {
      const local = /^(file|link|portal):(.+)$/.exec(spec.trim());
      if (!local) continue;
      const target = local[2]!.trim();
      if (target.startsWith('/') || /^[a-z]:/i.test(target)) {
        modules.push({ name, spec, field, exists: false, hasPackageJson: false, outsideRepository: true });
        continue;
      }
      const path = normaliseRepoPath(joinPath(dir, target));
      if (path === undefined) {
        modules.push({ name, spec, field, exists: false, hasPackageJson: false, outsideRepository: true });
        continue;
      }
      const isArchive = /\.(tgz|tar\.gz|tar)$/.test(path);
      const exists = isArchive ? fileExists(ws, path) : path === '' || ws.hasDir(path);
      const hasPackageJson = isArchive ? exists : fileExists(ws, joinPath(ws.resolveDir(path), 'package.json'));
      modules.push({ name, spec, field, path, exists, hasPackageJson, outsideRepository: false });
    }
  }
  return modules;
}

// ---------------------------------------------------------------------------------------------
// Java

function javaPlan(ws: Workspace, dir: string, hasPom: boolean, gradle: string | undefined): JavaPlan {
  const plan: JavaPlan = { pomValid: false };
  if (gradle) plan.gradleFile = joinPath(dir, gradle);
  if (hasPom) {
    plan.pom = joinPath(dir, 'pom.xml');
    const text = readRepoFile(ws, plan.pom).text ?? '';
    plan.pomValid = /<project[\s>]/.test(text) && text.includes('</project>');
    for (const property of ['maven.compiler.release', 'java.version', 'maven.compiler.source', 'maven.compiler.target']) {
      const escaped = property.replace(/\./g, '\\.');
      const value = new RegExp(`<${escaped}>\\s*([^<\\s]+)\\s*</${escaped}>`).exec(text)?.[1];
      if (value) {
        plan.javaVersion = { value, property };
        break;
      }
    }
  }
  const tomlPath = joinPath(dir, 'project.toml');
  const toml = readRepoFile(ws, tomlPath).text;
  if (toml !== undefined) {
    const value = projectTomlEnv(toml, 'GOOGLE_RUNTIME_VERSION');
    if (value !== undefined) plan.runtimeVersion = { value, file: tomlPath };
  }
  return plan;
}

/** Reads `[[build.env]] name = "X" value = "Y"` from a Cloud Native Buildpacks project.toml. */
export function projectTomlEnv(toml: string, name: string): string | undefined {
  const blocks = toml.split(/^\s*\[\[build\.env\]\]\s*$/m).slice(1);
  for (const block of blocks) {
    const body = block.split(/^\s*\[/m)[0] ?? '';
    const key = /^\s*name\s*=\s*["']([^"']*)["']/m.exec(body)?.[1];
    const value = /^\s*value\s*=\s*["']([^"']*)["']/m.exec(body)?.[1];
    if (key === name && value !== undefined) return value;
  }
  return undefined;
}

/** Java major of a version string: "17", "1.8" → 8, "21.0.2" → 21. */
export function javaMajor(value: string): number | undefined {
  const legacy = /^1\.(\d+)/.exec(value);
  if (legacy) return Number(legacy[1]);
  const modern = /^(\d+)/.exec(value);
  return modern ? Number(modern[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Lock sync (memoised; several checks read it)

export function lockSyncOf(ws: Workspace, plan: BuildpackPlan): LockSync | undefined {
  const node = plan.node;
  if (!node?.lockFile || !node.manifest) return undefined;
  const lockFile = node.lockFile;
  const manifest = node.manifest;
  return ws.memo(`buildpack:lock-sync:${lockFile.path}:${plan.realFolder}`, () => {
    const read = readRepoFile(ws, lockFile.path);
    if (read.text === undefined) {
      return { lockFile: lockFile.path, format: lockFile.path, notVerified: `${lockFile.path} was not read: ${read.unreadable ?? 'absent'}`, problems: [], checked: 0 };
    }
    return checkLockSync({ path: lockFile.path, manager: lockFile.manager, text: read.text, importer: lockFile.importer }, manifest);
  });
}

// ---------------------------------------------------------------------------------------------
// Report section

export interface BuildpackPlanSummary {
  name: string;
  applicationType: string;
  folder: string;
  language: ApplicationLanguage | 'missing';
  packageManager?: string;
  lockFile?: string;
  install?: string;
  buildScript?: string | null;
  start?: string;
  nodeMajor?: number;
  supported?: boolean;
  typescript?: boolean;
  commonModules: string[];
  java?: { pom?: string; javaVersion?: string; runtimeVersion?: string };
  notes: string[];
}

export function summarisePlan(plan: BuildpackPlan): BuildpackPlanSummary {
  const summary: BuildpackPlanSummary = {
    name: plan.application,
    applicationType: plan.applicationType,
    folder: plan.realFolder === plan.folder ? plan.folder : `${plan.folder} → ${plan.realFolder}`,
    language: plan.folderExists ? plan.language : 'missing',
    commonModules: [],
    notes: [...plan.notes],
  };
  if (plan.otherLanguage) summary.notes.push(`${plan.otherLanguage.language} project (${plan.otherLanguage.marker}); Connect builds Node.js and Java only`);
  const node = plan.node;
  if (node) {
    summary.packageManager = node.packageManager === 'yarn' ? (node.yarnBerry ? 'yarn (2+)' : 'yarn (1)') : node.packageManager;
    if (node.lockFile) summary.lockFile = node.lockFile.path;
    summary.install = node.install;
    summary.buildScript = node.build.command && !node.build.skipped ? node.build.command : null;
    if (node.build.skipped) summary.notes.push(`no build step: ${node.build.skipped}`);
    summary.start = node.start.script !== undefined && node.start.script !== node.start.command ? `${node.start.command} (${node.start.script})` : node.start.command;
    if (node.start.problem) summary.notes.push(`start: ${node.start.problem}`);
    if (node.nodeVersion.major !== undefined) summary.nodeMajor = node.nodeVersion.major;
    summary.supported = node.nodeVersion.supported;
    summary.typescript = node.typescript.detected;
    summary.commonModules = node.commonModules.map((m) => `${m.name}: ${m.spec}`);
  }
  const java = plan.java;
  if (java) {
    summary.java = {};
    if (java.pom) summary.java.pom = java.pom;
    if (java.javaVersion) summary.java.javaVersion = java.javaVersion.value;
    if (java.runtimeVersion) summary.java.runtimeVersion = java.runtimeVersion.value;
  }
  return summary;
}


// ---------------------------------------------------------------------------------------------
// Helpers for checks

export type PlansOrSkip = { plans: BuildpackPlan[]; skip?: undefined } | { skip: string; plans?: undefined };

/** The plans of all applications, or why there is nothing to plan (connect.yaml absent/unreadable/empty). */
export function plansForChecks(ws: Workspace): PlansOrSkip {
  const spec = connectSpecOf(ws);
  if (!spec.present) return { skip: 'no connect.yaml at the repository root (reported under DEPLOY-SPEC)' };
  if (spec.fatal) return { skip: `connect.yaml could not be read (reported under DEPLOY-SPEC): ${spec.fatal.message}` };
  const plans = buildpackPlansOf(ws);
  if (plans.length === 0) return { skip: 'connect.yaml declares no named applications' };
  return { plans };
}

/**
 * The Node.js applications a buildpack check judges: folder present and package.json readable
 * (missing ones are reported by layout/* and buildpack/package-json). Skips the check, with the
 * reason, when connect.yaml gives nothing to judge.
 */
export function nodePlansForCheck(ctx: CheckContext): { plan: BuildpackPlan; node: NodePlan }[] {
  const result = plansForChecks(ctx.workspace);
  if (result.skip !== undefined) {
    ctx.skip(result.skip);
    return [];
  }
  return result.plans.flatMap((plan) => (plan.folderExists && plan.node?.manifest ? [{ plan, node: plan.node }] : []));
}

/** `{ line, column }` of a package.json field, or nothing when unknown. */
export function packageJsonPosition(pj: PackageJsonFile, path: readonly (string | number)[]): { line?: number; column?: number } {
  const position = pj.positionOf(path);
  return position ? { line: position.line, column: position.column } : {};
}

/**
 * The package.json script a command runs: `npm run X`, `npm run-script X`, `npm start|test|stop|restart`,
 * `yarn X` / `yarn run X`, `pnpm run X` / `pnpm X`, `bun run X`. Tokens start at the binary.
 */
export function scriptInvocation(tokens: readonly string[]): string | undefined {
  const [binary, ...rest] = tokens;
  const args = rest.filter((t) => !t.startsWith('-'));
  const first = args[0];
  if (binary === undefined || first === undefined) return undefined;
  switch (binary) {
    case 'npm':
      if (first === 'run' || first === 'run-script' || first === 'rum' || first === 'urn') return args[1];
      if (['start', 'test', 'stop', 'restart', 't', 'tst'].includes(first)) return { t: 'test', tst: 'test' }[first] ?? first;
      return undefined;
    case 'yarn':
      if (first === 'run') return args[1];
      return YARN_BUILTIN_COMMANDS.has(first) ? undefined : first;
    case 'pnpm':
      if (first === 'run' || first === 'run-script') return args[1];
      return ['start', 'test'].includes(first) ? first : undefined;
    case 'bun':
      return first === 'run' ? args[1] : undefined;
    default:
      return undefined;
  }
}
