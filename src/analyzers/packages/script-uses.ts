// What the scripts of an application folder need from node_modules: binaries they call (`tsc`,
// `jest`, `npx x`), packages they name (`npx -p pkg`, `node -r dotenv/config`, `node
// node_modules/jest/bin/jest.js`), and whether each runs in the production image (the start
// command's chain and the connect.yaml postDeploy/preUndeploy scripts) or only at build/dev time.
import type { ConnectApplication } from '../connect-spec/parse.js';
import type { Workspace } from '../../engine/workspace.js';
import type { NodeApplicationFolder } from './applications.js';
import { commandsOfCommandLine, commandsOfScript, packageNameOfSpec, parseScript, type ScriptCommand } from './scripts.js';

/** Runner options whose value is a module loaded before the program (`node -r dotenv/config`). */
const PRELOAD_OPTIONS: ReadonlySet<string> = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);
/** Programs that accept those options. */
const PRELOADING_RUNNERS: ReadonlySet<string> = new Set(['node', 'nodejs', 'ts-node', 'ts-node-esm', 'tsx', 'nodemon', 'mocha', 'ava', 'ts-node-dev', 'tsnd']);

export interface ScriptLocation {
  /** A package.json script, by name. */
  script?: string;
  /** A connect.yaml script of an application. */
  connect?: { application: ConnectApplication; field: 'postDeploy' | 'preUndeploy' };
}

export interface ScriptUse extends ScriptLocation {
  kind: 'binary' | 'package';
  /** Binary name, or package name. */
  name: string;
  /** For packages: how the script names it (`dotenv/config`, `npx -p`, a node_modules path). */
  how?: string;
  /** The command as written. */
  command: string;
  /** Runs in the production image (start chain, connect.yaml scripts), where devDependencies are pruned. */
  runtime: boolean;
  /** For binaries: the runner that reaches it (npx, yarn, node_modules/.bin path). */
  runner?: ScriptCommand['runner'];
}

/** Every binary and package the folder's scripts and its applications' connect.yaml scripts use; memoised. */
export function scriptUsesOf(ws: Workspace, folder: NodeApplicationFolder): ScriptUse[] {
  return ws.memo(`script-uses:${folder.dir}:${folder.applications.map((a) => a.name).join(',')}`, () => {
    const scripts = folder.packageJson.scripts;
    const names = new Set(Object.keys(scripts));
    // Scripts that run in the production image.
    const runtimeScripts = new Set<string>();
    for (const step of commandsOfScript(scripts, 'start')) if (step.script) runtimeScripts.add(step.script);
    const uses: ScriptUse[] = [];
    for (const app of folder.applications) {
      for (const field of ['postDeploy', 'preUndeploy'] as const) {
        const line = app.scripts[field];
        if (line === undefined) continue;
        for (const step of commandsOfCommandLine(scripts, line)) {
          if (step.script) runtimeScripts.add(step.script);
          else usesOfCommand(step.command, { connect: { application: app, field } }, true, uses);
        }
      }
    }
    for (const [name, text] of Object.entries(scripts)) {
      for (const command of parseScript(text, names).commands) usesOfCommand(command, { script: name }, runtimeScripts.has(name), uses);
    }
    return uses;
  });
}

function usesOfCommand(command: ScriptCommand, where: ScriptLocation, runtime: boolean, out: ScriptUse[]): void {
  const base = { ...where, command: command.text, runtime };
  if (command.isPath) return;
  for (const pkg of command.packages ?? []) out.push({ ...base, kind: 'package', name: pkg, how: `${command.runner ?? 'npx'} ${pkg}` });
  // `npx @scope/cli`: the package is the thing; its binary name is not ours to guess.
  if (!(command.packages && command.packages.includes(command.program))) {
    out.push({ ...base, kind: 'binary', name: command.program, ...(command.runner ? { runner: command.runner } : {}) });
  }
  if (PRELOADING_RUNNERS.has(command.program)) {
    const args = command.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      let value: string | undefined;
      if (PRELOAD_OPTIONS.has(a)) value = args[++i];
      else {
        const eq = a.indexOf('=');
        if (eq > 0 && PRELOAD_OPTIONS.has(a.slice(0, eq))) value = a.slice(eq + 1);
      }
      if (value !== undefined && isBareSpecifier(value)) out.push({ ...base, kind: 'package', name: packageOf(value), how: `${a.split('=')[0]} ${value}` });
    }
  }
  // `node node_modules/jest/bin/jest.js`: a package reached by path.
  for (const a of command.args) {
    const m = /^(?:\.\/)?node_modules\/((?:@[^/]+\/)?[^/.][^/]*)\//.exec(a);
    if (m && m[1] !== '.bin') out.push({ ...base, kind: 'package', name: m[1]!, how: a });
  }
}

function isBareSpecifier(value: string): boolean {
  return !value.startsWith('.') && !value.startsWith('/') && !value.startsWith('node:') && !/^[a-z]+:/i.test(value) && value !== '';
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? packageNameOfSpec(`${parts[0]}/${parts[1] ?? ''}`) : packageNameOfSpec(parts[0]!);
}
