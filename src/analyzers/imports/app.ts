// The import analysis of one application folder: which of its files are runtime code (reachable
// from what Connect runs: the start command and the connect.yaml scripts), tests, tool
// configuration or other source; and every package those files import, with file, line and column.
// Relative imports, Node.js built-ins, `#subpath` imports, TypeScript path aliases, bundler aliases,
// URLs and the package's own name are not packages; type-only imports are left out.
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import { connectSpecOf } from '../connect-spec/parse.js';
import { isScriptFile, SCRIPT_EXTENSIONS, type ParseDiagnostic } from '../js-ast/parse.js';
import { packageJsonOf, type PackageJson } from '../packages/package-json.js';
import { commandsOfCommandLine, commandsOfScript, type ScriptCommand } from '../packages/scripts.js';
import { importsOf, type ImportKind, type ImportRecord } from './extract.js';
import { conventionalRoleOf, type FileRole } from './files.js';
import { classifySpecifier } from './specifier.js';
import { matchPathAlias, tsconfigOf, type TsConfig } from './tsconfig.js';
import { compareCodeUnits } from '../text/compare.js';

/** Folders of generated output, never analysed. */
const ALWAYS_GENERATED_FOLDERS = ['coverage', '.next', '.nuxt', 'storybook-static', '.turbo', '.cache', '.connect'];
/** Folders that hold build output when the application has a build step. */
const BUILD_OUTPUT_FOLDERS = ['dist', 'build', 'out', 'public'];
/** Programs that run a JS/TS file given as their first positional argument. */
const FILE_RUNNERS: ReadonlySet<string> = new Set([
  'node', 'nodejs', 'ts-node', 'ts-node-esm', 'ts-node-dev', 'tsnd', 'tsx', 'nodemon', 'node-dev', 'babel-node', 'vite-node', 'bun', 'forever',
]);
/** Options of those runners that take a separate value (`node -r dotenv/config file.js`). */
const RUNNER_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--title', '--inspect-port',
  '-P', '--project', '--compiler', '-O', '--compiler-options', '-w', '--watch', '-e', '--ext', '-i', '--ignore', '-x',
  '--exec', '--delay', '--signal', '--config', '--env-file', '--tsconfig',
]);
/** Options after which no file follows (the code is inline). */
const INLINE_CODE_OPTIONS: ReadonlySet<string> = new Set(['--eval', '-p', '--print']);

export interface EntryPoint {
  /** Repository-relative source file. */
  file: string;
  /** What made it an entry: `scripts.start`, `connect.yaml postDeploy`, `main`, a fallback name. */
  via: string;
}

export interface PackageImport {
  packageName: string;
  specifier: string;
  kind: ImportKind;
  /** Repository-relative file. */
  file: string;
  line: number;
  column: number;
  role: FileRole;
}

export interface AnalysedFile {
  file: string;
  role: FileRole;
}

export interface ApplicationImports {
  dir: string;
  packageJson: PackageJson;
  tsconfig: TsConfig;
  /** Where runtime code starts; empty when it could not be determined. */
  entries: EntryPoint[];
  /** False when no entry was found and every non-test, non-config file under src/ counts as runtime. */
  entryFound: boolean;
  files: AnalysedFile[];
  /** Every import of a package (type-only imports excluded), in file order. */
  packageImports: PackageImport[];
  /** Files that could not be parsed cleanly (their import lists may be incomplete). */
  diagnostics: ParseDiagnostic[];
}

/** The import analysis of an application folder, computed once per run. */
export function applicationImportsOf(ws: Workspace, appDir: string): ApplicationImports {
  const dir = ws.resolveDir(appDir);
  return ws.memo(`application-imports:${dir}`, () => analyse(ws, dir, connectScriptsOf(ws, dir)));
}

/** The connect.yaml `postDeploy`/`preUndeploy` command lines of the applications built from `dir`. */
function connectScriptsOf(ws: Workspace, dir: string): { name: string; line: string }[] {
  const out: { name: string; line: string }[] = [];
  for (const app of connectSpecOf(ws).spec.applications) {
    if (app.name === '' || ws.resolveDir(app.name) !== dir) continue;
    for (const name of ['postDeploy', 'preUndeploy'] as const) {
      const line = app.scripts[name];
      if (line !== undefined) out.push({ name, line });
    }
  }
  return out;
}

function analyse(ws: Workspace, dir: string, connectScripts: readonly { name: string; line: string }[]): ApplicationImports {
  const pkg = packageJsonOf(ws, dir);
  const tsconfig = tsconfigOf(ws, dir);
  const relOf = (file: string): string => (dir === '' ? file : file.slice(dir.length + 1));
  const abs = (rel: string): string => (dir === '' ? rel : `${dir}/${rel}`);

  // Files of the application: scripts, minus generated output and nested packages.
  const all = ws.filesUnder(dir);
  const hasBuildStep = pkg.scripts.build !== undefined || pkg.scripts['gcp-build'] !== undefined || tsconfig.file !== undefined;
  const excluded = [...ALWAYS_GENERATED_FOLDERS, ...(hasBuildStep ? BUILD_OUTPUT_FOLDERS : [])].map((f) => `${f}/`);
  if (tsconfig.outDir !== undefined && tsconfig.outDir !== dir) excluded.push(`${relOf(tsconfig.outDir)}/`);
  const nestedPackages = all
    .filter((f) => f.path.endsWith('/package.json') && f.path !== abs('package.json'))
    .map((f) => `${relOf(f.path).slice(0, -'package.json'.length)}`);
  const roles = new Map<string, FileRole>();
  for (const f of all) {
    const rel = relOf(f.path);
    if (excluded.some((prefix) => rel.startsWith(prefix))) continue;
    if (nestedPackages.some((prefix) => rel.startsWith(prefix))) continue;
    const role = conventionalRoleOf(rel);
    if (role !== undefined) roles.set(f.path, role);
  }

  const resolver = new LocalResolver(ws, tsconfig, bundlerAliasesOf(ws, dir));
  const entries = findEntries(dir, pkg, tsconfig, connectScripts, roles, resolver);
  const diagnostics: ParseDiagnostic[] = [];
  const importsByFile = new Map<string, ImportRecord[]>();
  const importsOfFile = (file: string): ImportRecord[] => {
    let list = importsByFile.get(file);
    if (list === undefined) {
      const result = importsOf(ws, file);
      list = result?.imports ?? [];
      if (result) diagnostics.push(...result.diagnostics);
      importsByFile.set(file, list);
    }
    return list;
  };

  // Runtime code: everything reachable from the entries through local imports, whatever its
  // name suggests (a start command may well run `scripts/server.js`).
  if (entries.length > 0) {
    const queue = entries.map((e) => e.file);
    const seen = new Set(queue);
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (roles.get(file) === 'declaration') continue;
      roles.set(file, 'runtime');
      for (const imp of importsOfFile(file)) {
        if (imp.typeOnly) continue;
        const target = resolver.resolve(file, imp.specifier);
        if (target !== undefined && !seen.has(target) && roles.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
  } else {
    // No entry: what a reviewer would assume, the application's own code under src/.
    for (const [file, role] of roles) if (role === 'source' && relOf(file).startsWith('src/')) roles.set(file, 'runtime');
  }

  const selfName = pkg.name;
  const packageImports: PackageImport[] = [];
  const files: AnalysedFile[] = [];
  // The roles were entered in index order, which is sorted; only entry files added by the walk can
  // break the order (checked: sorting 10,000 entries costs more than looking).
  const roleFiles = [...roles.keys()];
  if (!isSorted(roleFiles)) roleFiles.sort(compareCodeUnits);
  for (const file of roleFiles) {
    const role = roles.get(file)!;
    files.push({ file, role });
    if (role === 'declaration') continue;
    for (const imp of importsOfFile(file)) {
      if (imp.typeOnly) continue;
      const info = classifySpecifier(imp.specifier);
      if (info.kind !== 'package') continue;
      if (resolver.isLocalAlias(imp.specifier)) continue;
      if (info.packageName === selfName) continue;
      packageImports.push({
        packageName: info.packageName!,
        specifier: imp.specifier,
        kind: imp.kind,
        file,
        line: imp.line,
        column: imp.column,
        role,
      });
    }
  }
  return { dir, packageJson: pkg, tsconfig, entries, entryFound: entries.length > 0, files, packageImports, diagnostics };
}

/** Resolves specifiers to files of the repository: relative paths, tsconfig paths, baseUrl, bundler aliases. */
class LocalResolver {
  constructor(
    private readonly ws: Workspace,
    private readonly tsconfig: TsConfig,
    private readonly bundlerAliases: readonly string[],
  ) {}

  /** The repository file a specifier imported from `fromFile` loads, if it is one of ours. */
  resolve(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return this.resolvePath(joinRelative(fromFile, specifier));
    if (specifier.startsWith('/')) return undefined;
    const alias = matchPathAlias(this.tsconfig, specifier);
    if (alias) {
      for (const target of alias.alias.targets) {
        const found = this.resolvePath(target.replace('*', alias.star));
        if (found) return found;
      }
      return undefined;
    }
    if (this.tsconfig.baseUrl !== undefined) return this.resolvePath(join(this.tsconfig.baseUrl, specifier));
    return undefined;
  }

  /** A bare specifier that names local code rather than a package. */
  isLocalAlias(specifier: string): boolean {
    if (matchPathAlias(this.tsconfig, specifier)) return true;
    if (this.tsconfig.baseUrl !== undefined && this.resolvePath(join(this.tsconfig.baseUrl, specifier)) !== undefined) return true;
    return this.bundlerAliases.some((a) => specifier === a || specifier.startsWith(a.endsWith('/') ? a : `${a}/`));
  }

  /** A file for a path the way Node/TS/bundlers try it: as is, with `.js` → `.ts`, with extensions, as a folder index. */
  resolvePath(target: string): string | undefined {
    if (target === '..' || target.startsWith('../')) return undefined;
    const candidates = candidatesFor(target);
    for (const candidate of candidates) if (this.ws.has(candidate)) return candidate;
    // Through a symlinked folder, files are indexed under the real folder.
    if (this.ws.directoryAliases.size === 0) return undefined;
    for (const candidate of candidates) {
      const slash = candidate.lastIndexOf('/');
      const real = this.ws.resolveDir(slash === -1 ? '' : candidate.slice(0, slash));
      const viaReal = real === '' ? candidate.slice(slash + 1) : `${real}/${candidate.slice(slash + 1)}`;
      if (viaReal !== candidate && this.ws.has(viaReal)) return viaReal;
    }
    return undefined;
  }
}

/** `fromFile`'s folder joined with a relative specifier; the common `./x` case without path parsing. */
function joinRelative(fromFile: string, specifier: string): string {
  const parts = fromFile.split('/');
  parts.pop();
  for (const segment of specifier.split('/')) {
    if (segment === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else if (segment !== '.' && segment !== '') {
      parts.push(segment);
    }
  }
  return parts.join('/');
}

const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

function candidatesFor(target: string): string[] {
  const ext = path.posix.extname(target);
  const out: string[] = [];
  if ((SCRIPT_EXTENSIONS as readonly string[]).includes(ext)) {
    out.push(target);
    const stem = target.slice(0, -ext.length);
    for (const alt of TS_FOR_JS[ext] ?? []) out.push(stem + alt);
    return out;
  }
  for (const e of SCRIPT_EXTENSIONS) out.push(target + e);
  for (const e of SCRIPT_EXTENSIONS) out.push(`${target}/index${e}`);
  return out;
}

/**
 * Where runtime code starts. Connect runs the start command (npm: `scripts.start`, else
 * `server.js`, `main`, `index.js`, as the buildpack does) and the connect.yaml scripts; built files
 * (`node dist/index.js`) are mapped back to their sources through tsconfig `outDir`/`rootDir`,
 * then `src/`, then the same file name under `src/`. Fallbacks: `src/index.*`, `index.*`.
 */
function findEntries(
  dir: string,
  pkg: PackageJson,
  tsconfig: TsConfig,
  connectScripts: readonly { name: string; line: string }[],
  roles: ReadonlyMap<string, FileRole>,
  resolver: LocalResolver,
): EntryPoint[] {
  const entries: EntryPoint[] = [];
  const add = (file: string | undefined, via: string): void => {
    if (file !== undefined && !entries.some((e) => e.file === file)) entries.push({ file, via });
  };
  const fromCommands = (commands: { command: ScriptCommand; script?: string }[], via: string): void => {
    for (const { command, script } of commands) {
      const target = fileRunBy(command);
      if (target !== undefined) add(sourceFileFor(dir, target, tsconfig, roles, resolver), script ? `scripts.${script}` : via);
    }
  };
  if (pkg.scripts.start !== undefined) fromCommands(commandsOfScript(pkg.scripts, 'start'), 'scripts.start');
  else {
    const fallback = ['server.js', pkg.main, 'index.js'].find((f) => f !== undefined && sourceFileFor(dir, f, tsconfig, roles, resolver) !== undefined);
    if (fallback !== undefined) add(sourceFileFor(dir, fallback, tsconfig, roles, resolver), fallback === pkg.main ? 'main' : fallback);
  }
  for (const script of connectScripts) fromCommands(commandsOfCommandLine(pkg.scripts, script.line), `connect.yaml ${script.name}`);
  if (entries.length === 0 && pkg.main !== undefined) add(sourceFileFor(dir, pkg.main, tsconfig, roles, resolver), 'main');
  if (entries.length === 0) {
    for (const stem of ['src/index', 'index']) {
      const found = resolver.resolvePath(join(dir, stem));
      if (found && roles.get(found) === 'source') {
        add(found, `${stem}.*`);
        break;
      }
    }
  }
  return entries.filter((e) => roles.has(e.file));
}

/** The file a command runs with a Node.js-style runner (`node -r x dist/index.js` → `dist/index.js`). */
export function fileRunBy(command: ScriptCommand): string | undefined {
  if (!FILE_RUNNERS.has(command.program) && !command.isPath) return undefined;
  if (command.isPath) return isScriptFile(command.program) ? command.program : undefined;
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (INLINE_CODE_OPTIONS.has(a) || (a === '-e' && command.program === 'node')) return undefined;
    if (RUNNER_VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (a === 'start' && (command.program === 'forever' || command.program === 'pm2')) continue;
    if (/^\$|[*?]/.test(a)) return undefined;
    return a;
  }
  return undefined;
}

/** The source file behind a file a command runs, which may be compiled output. */
function sourceFileFor(
  dir: string,
  runFile: string,
  tsconfig: TsConfig,
  roles: ReadonlyMap<string, FileRole>,
  resolver: LocalResolver,
): string | undefined {
  const rel = normalise(runFile);
  if (rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel)) return undefined;
  const target = join(dir, rel);
  const known = (file: string | undefined): string | undefined => (file !== undefined && roles.has(file) ? file : undefined);
  // 1. The file itself (plain JS applications, `ts-node src/index.ts`, `node src/x.ts` with type stripping).
  const direct = known(resolver.resolvePath(target));
  if (direct) return direct;
  // 2. Compiled output mapped back through tsconfig outDir → rootDir (or src/, or the folder itself).
  const stemOf = (p: string): string => p.replace(/\.[cm]?jsx?$/, '');
  if (tsconfig.outDir !== undefined && (target === tsconfig.outDir || target.startsWith(`${tsconfig.outDir}/`))) {
    const rest = target.slice(tsconfig.outDir.length + 1);
    const roots = tsconfig.rootDir !== undefined ? [tsconfig.rootDir] : [join(dir, 'src'), dir];
    for (const root of roots) {
      const found = known(resolver.resolvePath(join(root, stemOf(rest))));
      if (found) return found;
    }
  }
  // 3. Conventional output folders: dist/x.js → src/x.ts or x.ts.
  const [first, ...restParts] = rel.split('/');
  if (restParts.length > 0 && ['dist', 'build', 'out', 'lib'].includes(first!)) {
    const rest = restParts.join('/');
    for (const candidate of [join(dir, `src/${stemOf(rest)}`), join(dir, stemOf(rest))]) {
      const found = known(resolver.resolvePath(candidate));
      if (found) return found;
    }
  }
  // 4. The same file name under src/ (shortest path wins).
  const base = path.posix.basename(stemOf(rel));
  const srcPrefix = join(dir, 'src') + '/';
  const sameName = [...roles.keys()]
    .filter((f) => f.startsWith(srcPrefix) && path.posix.basename(f).replace(/\.[cm]?[jt]sx?$/, '') === base && roles.get(f) === 'source')
    .sort((a, b) => a.length - b.length || compareCodeUnits(a, b));
  return sameName[0];
}

/**
 * Alias names declared in a vite or webpack config (`resolve.alias`): `alias: { '@': …, utils: … }`
 * or `alias: [{ find: 'x', … }]`. A textual read is enough: aliases are literal keys.
 */
function bundlerAliasesOf(ws: Workspace, dir: string): string[] {
  const aliases: string[] = [];
  for (const f of ws.filesUnder(dir)) {
    const rel = dir === '' ? f.path : f.path.slice(dir.length + 1);
    if (!/^(?:vite|vitest|webpack)(?:\.[\w-]+)*\.config\.[cm]?[jt]s$|^webpack(?:\.[\w-]+)*\.[cm]?[jt]s$/.test(rel)) continue;
    const text = ws.readText(f.path) ?? '';
    for (const block of text.matchAll(/alias\s*:\s*\{([^}]*)\}/g)) {
      for (const key of block[1]!.matchAll(/(?:^|[,{\s])(?:'([^']+)'|"([^"]+)"|([A-Za-z_$@~][\w$@~/-]*))\s*:/g)) {
        aliases.push(key[1] ?? key[2] ?? key[3]!);
      }
    }
    for (const find of text.matchAll(/find\s*:\s*(?:'([^']+)'|"([^"]+)")/g)) aliases.push(find[1] ?? find[2]!);
  }
  return aliases;
}

function normalise(p: string): string {
  const n = path.posix.normalize(p.replace(/\\/g, '/'));
  return n === '.' ? '' : n.replace(/\/+$/, '');
}

function join(dir: string, rel: string): string {
  return normalise(path.posix.join(dir === '' ? '.' : dir, rel));
}

function isSorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareCodeUnits(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}
