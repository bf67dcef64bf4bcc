// Reads npm script strings (package.json `scripts`, connect.yaml `postDeploy`/`preUndeploy`) as the
// shell would split them: commands separated by `&&`, `||`, `;`, `|`, `&`, with environment
// assignments (`FOO=bar cmd`), quoting, redirections, and the package runners and wrappers scripts
// use (`npx x`, `npm run y`, `yarn x`, `cross-env`, `dotenv --`, `concurrently "a" "b"`,
// `nodemon --exec "…"`, `sh -c "…"`, `run-s a b`). It never executes anything.

/** Nesting limit for commands inside commands (`concurrently "sh -c '…'"`). */
export const MAX_SCRIPT_NESTING = 4;

export type ScriptRunner = 'npx' | 'npm-exec' | 'yarn' | 'pnpm' | 'bun' | 'bin-path';

export interface ScriptCommand {
  /** The program that runs: `node`, `tsc`, `rimraf`… (for `npx x` / `yarn x`: `x`). */
  program: string;
  args: string[];
  /** How the program is reached when not directly on PATH. */
  runner?: ScriptRunner;
  /** Packages a runner is told to provide (`npx -p pkg cmd`), or a package spec run by npx (`npx @scope/cli`). */
  packages?: string[];
  /** The program is a file path (`./scripts/x.sh`, `bin/run`), not a binary from PATH. */
  isPath?: boolean;
  /** The command as written, for messages. */
  text: string;
}

export interface ParsedScript {
  commands: ScriptCommand[];
  /** Other scripts this one runs (`npm run build`, `yarn build`, `run-s lint test`, `concurrently npm:x`). */
  scriptRefs: string[];
}

interface Word {
  value: string;
}

/** Splits a shell string into words and separators. Never throws; odd input gives odd words. */
export function tokenizeShell(text: string): (Word | { separator: string })[] {
  const out: (Word | { separator: string })[] = [];
  let i = 0;
  let current = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) out.push({ value: current });
    current = '';
    inWord = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
      continue;
    }
    if (c === '\n') {
      flush();
      out.push({ separator: '\n' });
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      // A comment runs to the end of the line.
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol;
      continue;
    }
    if (c === '&' || c === '|' || c === ';' || c === '(' || c === ')') {
      flush();
      const two = text.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '|&') {
        out.push({ separator: two });
        i += 2;
      } else {
        out.push({ separator: c });
        i++;
      }
      continue;
    }
    if (c === '>' || c === '<') {
      // Redirection (`> out.log`, `2>&1`): drop the file descriptor, the operator and its target.
      if (inWord && /^\d+$/.test(current)) {
        current = '';
        inWord = false;
      }
      flush();
      i++;
      while (text[i] === '>' || text[i] === '&') i++;
      while (text[i] === ' ' || text[i] === '\t') i++;
      // Skip the target word (quotes included).
      const skipped = readWord(text, i);
      i = skipped.end;
      continue;
    }
    if (c === "'" || c === '"' || c === '\\' || c === '`' || (c === '$' && text[i + 1] === '(')) {
      const part = readWord(text, i, true);
      current += part.value;
      inWord = true;
      i = part.end;
      continue;
    }
    current += c;
    inWord = true;
    i++;
  }
  flush();
  return out;
}

/** Reads one quoted part (or, without `single`, a whole word) starting at `i`. */
function readWord(text: string, start: number, single = false): { value: string; end: number } {
  let i = start;
  let value = '';
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      value += text.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) {
          value += text[i + 1];
          i += 2;
        } else {
          value += text[i];
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else {
        value += text[i + 1] ?? '';
        i += 2;
      }
    } else if (c === '`') {
      // Command substitution: kept as opaque text.
      const end = text.indexOf('`', i + 1);
      const stop = end === -1 ? text.length : end;
      value += text.slice(i, stop + 1);
      i = stop + 1;
    } else if (c === '$' && text[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      value += text.slice(i, j + 1);
      i = j + 1;
    } else if (single) {
      break;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      break;
    } else {
      value += c;
      i++;
    }
    if (single) break;
  }
  return { value, end: i };
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'for', 'while', 'until', '!', '{', '}', 'case', 'esac']);
/** Programs that run the command that follows them. */
const PLAIN_WRAPPERS = new Set(['time', 'nohup', 'exec', 'command', 'sudo', 'nice', 'xvfb-run']);

/** npm subcommands that run another script. */
const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const NPM_SCRIPT_SHORTCUTS: Record<string, string> = { start: 'start', test: 'test', t: 'test', tst: 'test', stop: 'stop', restart: 'restart' };
/** Yarn and pnpm subcommands that are the package manager's own, not scripts or binaries. */
const PACKAGE_MANAGER_COMMANDS = new Set([
  'install', 'i', 'add', 'remove', 'rm', 'uninstall', 'upgrade', 'up', 'update', 'init', 'info', 'cache', 'config', 'global',
  'link', 'unlink', 'pack', 'publish', 'why', 'audit', 'outdated', 'set', 'version', 'versions', 'login', 'logout', 'bin',
  'check', 'licenses', 'list', 'ls', 'owner', 'policies', 'tag', 'team', 'import', 'generate-lock-entry', 'autoclean',
  'create', 'node', 'workspace', 'workspaces', 'dedupe', 'explain', 'plugin', 'constraints', 'npm', 'patch', 'rebuild',
  'stage', 'unplug', 'prune', 'fetch', 'store', 'env', 'setup', 'recursive', '-r', 'ci', 'install-test', 'it',
]);
/** concurrently options that take a value. */
const CONCURRENTLY_VALUE_OPTIONS = new Set([
  '-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-s', '--success', '-m', '--max-processes', '-l',
  '--prefix-length', '-t', '--timestamp-format', '--restart-tries', '--restart-after', '--name-separator',
  '--default-input-target', '--kill-signal', '--teardown',
]);
const COVERAGE_VALUE_OPTIONS = new Set(['-r', '--reporter', '--report-dir', '-o', '--reports-dir', '--temp-dir', '-t', '-n', '--include', '-x', '--exclude', '--extension', '-e', '--cwd', '--lines', '--branches', '--functions', '--statements', '--src']);
const NPX_VALUE_OPTIONS = new Set(['-p', '--package', '-c', '--call', '--cache', '--userconfig', '--registry']);

/** Parses a script string; `scriptNames` lets `yarn x` tell a script from a binary. */
export function parseScript(text: string, scriptNames: ReadonlySet<string> = new Set()): ParsedScript {
  const result: ParsedScript = { commands: [], scriptRefs: [] };
  parseInto(text, scriptNames, result, 0);
  return result;
}

function parseInto(text: string, scriptNames: ReadonlySet<string>, result: ParsedScript, depth: number): void {
  if (depth > MAX_SCRIPT_NESTING) return;
  let words: string[] = [];
  const tokens = tokenizeShell(text);
  for (const token of [...tokens, { separator: ';' }]) {
    if ('separator' in token) {
      if (words.length > 0) readCommand(words, scriptNames, result, depth);
      words = [];
    } else {
      words.push(token.value);
    }
  }
}

function readCommand(input: string[], scriptNames: ReadonlySet<string>, result: ParsedScript, depth: number): void {
  let words = input;
  // Leading assignments and shell keywords are not programs.
  while (words.length > 0 && (ENV_ASSIGNMENT.test(words[0]!) || SHELL_KEYWORDS.has(words[0]!))) words = words.slice(1);
  if (words.length === 0) return;
  let program = words[0]!;
  const args = words.slice(1);
  const text = words.join(' ');
  if (program === '' || program.startsWith('$')) return; // `$CMD`, unknowable
  if (program.startsWith('-')) return; // `-run-func …`: not a command a shell can run as written

  if (PLAIN_WRAPPERS.has(program)) {
    readCommand(args.filter((a, i) => !(i === 0 && a.startsWith('-'))), scriptNames, result, depth);
    result.commands.push({ program, args, text });
    return;
  }
  if (program === 'env') {
    result.commands.push({ program, args, text });
    const rest = dropLeading(args, (a) => a.startsWith('-') || ENV_ASSIGNMENT.test(a));
    if (rest.length > 0) readCommand(rest, scriptNames, result, depth);
    return;
  }
  // Binaries by path: node_modules/.bin/x is the binary x; other paths are files of the repository.
  const binPath = /^(?:\.\/)?node_modules\/\.bin\/(.+)$/.exec(program);
  if (binPath) {
    result.commands.push({ program: binPath[1]!, args, runner: 'bin-path', text });
    readNested(binPath[1]!, args, scriptNames, result, depth);
    return;
  }
  if (program.includes('/')) {
    result.commands.push({ program, args, isPath: true, text });
    return;
  }

  switch (program) {
    case 'npx':
    case 'bunx':
    case 'pnpx':
      readPackageRunner(program === 'bunx' ? 'bun' : 'npx', args, scriptNames, result, depth, text);
      return;
    case 'npm': {
      result.commands.push({ program, args, text });
      const sub = firstPositional(args);
      if (sub === undefined) return;
      const after = args.slice(args.indexOf(sub) + 1);
      if (NPM_RUN.has(sub)) {
        const target = firstPositional(after);
        if (target !== undefined) result.scriptRefs.push(target);
      } else if (sub in NPM_SCRIPT_SHORTCUTS) {
        result.scriptRefs.push(NPM_SCRIPT_SHORTCUTS[sub]!);
      } else if (sub === 'exec' || sub === 'x') {
        readPackageRunner('npm-exec', after, scriptNames, result, depth, text);
      }
      return;
    }
    case 'yarn':
    case 'pnpm':
    case 'bun': {
      result.commands.push({ program, args, text });
      const runner = program as 'yarn' | 'pnpm' | 'bun';
      let rest = dropLeading(args, (a) => a.startsWith('-'));
      let sub = rest[0];
      if (sub === undefined) return; // `yarn` alone installs
      if (sub === 'run' || sub === 'exec' || sub === 'dlx' || sub === 'x') {
        const explicitExec = sub === 'exec' || sub === 'dlx' || sub === 'x';
        rest = dropLeading(rest.slice(1), (a) => a.startsWith('-'));
        sub = rest[0];
        if (sub === undefined) return;
        if (!explicitExec && (scriptNames.has(sub) || runner === 'bun')) {
          result.scriptRefs.push(sub);
          return;
        }
      } else if (PACKAGE_MANAGER_COMMANDS.has(sub)) {
        return;
      } else if (scriptNames.has(sub) || ['start', 'test', 'build'].includes(sub)) {
        result.scriptRefs.push(sub);
        return;
      }
      if (sub.includes('/')) return; // `bun src/index.ts`: a file
      result.commands.push({ program: sub, args: rest.slice(1), runner, text });
      readNested(sub, rest.slice(1), scriptNames, result, depth);
      return;
    }
    default:
      result.commands.push({ program, args, text });
      readNested(program, args, scriptNames, result, depth);
  }
}

/** Commands and script references hidden in the arguments of wrappers and runners. */
function readNested(program: string, args: string[], scriptNames: ReadonlySet<string>, result: ParsedScript, depth: number): void {
  switch (program) {
    case 'cross-env':
    case 'cross-env-shell': {
      const rest = dropLeading(args, (a) => ENV_ASSIGNMENT.test(a) || a.startsWith('-'));
      if (rest.length === 0) return;
      if (program === 'cross-env-shell') parseInto(rest.join(' '), scriptNames, result, depth + 1);
      else readCommand(rest, scriptNames, result, depth + 1);
      return;
    }
    case 'dotenv':
    case 'env-cmd': {
      const dashDash = args.indexOf('--');
      let rest: string[];
      if (dashDash !== -1) rest = args.slice(dashDash + 1);
      else {
        // Options with values: dotenv -e file -v K=V -c [env]; env-cmd -f file -e env -r file.
        rest = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!;
          if (['-e', '-v', '-f', '-r', '--file', '--environments', '--rc-file'].includes(a)) i++;
          else if (a.startsWith('-')) continue;
          else {
            rest = args.slice(i);
            break;
          }
        }
      }
      if (rest.length > 0) readCommand(rest, scriptNames, result, depth + 1);
      return;
    }
    case 'concurrently': {
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (CONCURRENTLY_VALUE_OPTIONS.has(a)) {
          i++;
          continue;
        }
        if (a.startsWith('-')) continue;
        const npmShortcut = /^(?:npm|yarn|pnpm|bun):(.+)$/.exec(a);
        if (npmShortcut) result.scriptRefs.push(...expandScriptPattern(npmShortcut[1]!, scriptNames));
        else parseInto(a, scriptNames, result, depth + 1);
      }
      return;
    }
    case 'run-s':
    case 'run-p':
    case 'npm-run-all': {
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a === '--') break; // arguments for the scripts follow
        if (['-c', '--continue-on-error', '-l', '--print-label', '-n', '--print-name', '-s', '--silent', '-p', '--parallel', '-r', '--race', '--aggregate-output', '--print-name'].includes(a)) continue;
        if (['--max-parallel', '--npm-path'].includes(a)) {
          i++;
          continue;
        }
        if (a.startsWith('-')) continue;
        result.scriptRefs.push(...expandScriptPattern(a, scriptNames));
      }
      return;
    }
    case 'nodemon': {
      for (let i = 0; i < args.length; i++) {
        if ((args[i] === '--exec' || args[i] === '-x') && args[i + 1] !== undefined) parseInto(args[i + 1]!, scriptNames, result, depth + 1);
      }
      return;
    }
    case 'nyc':
    case 'c8': {
      // Coverage wrappers: `nyc --reporter lcov mocha`, `c8 -r html vitest run`.
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (COVERAGE_VALUE_OPTIONS.has(a)) {
          i++;
          continue;
        }
        if (a.startsWith('-')) continue;
        if (!['report', 'check-coverage', 'merge', 'instrument'].includes(a)) readCommand(args.slice(i), scriptNames, result, depth + 1);
        return;
      }
      return;
    }
    case 'sh':
    case 'bash':
    case 'zsh': {
      const c = args.indexOf('-c');
      if (c !== -1 && args[c + 1] !== undefined) parseInto(args[c + 1]!, scriptNames, result, depth + 1);
      return;
    }
    default:
  }
}

function readPackageRunner(
  runner: 'npx' | 'npm-exec' | 'bun',
  args: string[],
  scriptNames: ReadonlySet<string>,
  result: ParsedScript,
  depth: number,
  text: string,
): void {
  const packages: string[] = [];
  let call: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--package=')) packages.push(packageNameOfSpec(a.slice('--package='.length)));
    else if (a === '-p' || a === '--package') packages.push(packageNameOfSpec(args[++i] ?? ''));
    else if (a === '-c' || a === '--call') call = args[++i];
    else if (NPX_VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) break;
  }
  if (call !== undefined) {
    const nested: ParsedScript = { commands: [], scriptRefs: [] };
    parseInto(call, scriptNames, nested, depth + 1);
    for (const cmd of nested.commands) result.commands.push(packages.length > 0 ? { ...cmd, runner, packages } : cmd);
    result.scriptRefs.push(...nested.scriptRefs);
    return;
  }
  const spec = args[i];
  if (spec === undefined) return;
  const rest = args.slice(i + 1);
  const name = packageNameOfSpec(spec);
  const command: ScriptCommand = { program: name, args: rest, runner, text };
  if (packages.length > 0) command.packages = packages;
  else if (name.startsWith('@') || spec !== name) command.packages = [name]; // `npx @scope/cli`, `npx pkg@1`: a package
  result.commands.push(command);
  readNested(name, rest, scriptNames, result, depth);
}

/** `pkg@1.2.3` → `pkg`, `@scope/pkg@^1` → `@scope/pkg`. */
export function packageNameOfSpec(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? spec : spec.slice(0, at);
}

/** `build:*` against the known scripts (npm-run-all globs); a plain name is itself. */
function expandScriptPattern(pattern: string, scriptNames: ReadonlySet<string>): string[] {
  if (!pattern.includes('*')) return [pattern];
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^:]*')}$`);
  return [...scriptNames].filter((name) => re.test(name));
}

function firstPositional(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

function dropLeading(args: readonly string[], drop: (a: string) => boolean): string[] {
  let i = 0;
  while (i < args.length && drop(args[i]!)) i++;
  return args.slice(i);
}

/** How many `npm run` hops to follow from one script (they can form cycles). */
export const MAX_SCRIPT_CHAIN = 16;

export interface ScriptStep {
  /** The script the command belongs to; undefined for a command line given directly (connect.yaml). */
  script?: string;
  command: ScriptCommand;
}

/**
 * Every command `npm run <name>` executes: the script, its `pre`/`post` hooks, and the scripts it
 * runs in turn (`npm run x`, `run-s x`), each once. Missing scripts are skipped.
 */
export function commandsOfScript(scripts: Readonly<Record<string, string>>, name: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  followScripts(scripts, [name], steps, new Set(), 0);
  return steps;
}

/** Every command a command line executes (connect.yaml `postDeploy`), following `npm run` into `scripts`. */
export function commandsOfCommandLine(scripts: Readonly<Record<string, string>>, line: string): ScriptStep[] {
  const names = new Set(Object.keys(scripts));
  const parsed = parseScript(line, names);
  const steps: ScriptStep[] = parsed.commands.map((command) => ({ command }));
  followScripts(scripts, parsed.scriptRefs, steps, new Set(), 0);
  return steps;
}

function followScripts(scripts: Readonly<Record<string, string>>, names: readonly string[], steps: ScriptStep[], seen: Set<string>, depth: number): void {
  if (depth > MAX_SCRIPT_CHAIN) return;
  const known = new Set(Object.keys(scripts));
  for (const name of names) {
    for (const hook of [`pre${name}`, name, `post${name}`]) {
      if (seen.has(hook)) continue;
      const text = scripts[hook];
      if (text === undefined) continue;
      seen.add(hook);
      const parsed = parseScript(text, known);
      for (const command of parsed.commands) steps.push({ script: hook, command });
      followScripts(scripts, parsed.scriptRefs, steps, seen, depth + 1);
    }
  }
}
