// The parts of an application's tsconfig.json the import analysis needs: path aliases (`paths`,
// `baseUrl`), where compiled files go (`outDir`, `rootDir`) and whether tsc keeps imports it would
// otherwise drop. tsconfig files are JSONC (comments, trailing commas): read leniently. `extends`
// is followed one level, for a relative path inside the repository.
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';

export interface PathAlias {
  /** The pattern as written, e.g. `@/*` or `utils`. */
  pattern: string;
  prefix: string;
  /** Text after the `*`; undefined for an exact (star-less) pattern. */
  suffix: string | undefined;
  /** Repository-relative targets with the `*` kept, e.g. `app/src/*`. */
  targets: string[];
}

export interface TsConfig {
  /** Repository-relative path of the tsconfig.json read, if any. */
  file?: string;
  error?: string;
  /** Repository-relative folder bare imports may resolve against. */
  baseUrl?: string;
  paths: PathAlias[];
  /** Repository-relative output folder. */
  outDir?: string;
  /** Repository-relative root of the sources compiled into outDir. */
  rootDir?: string;
  /** tsc keeps every non-type import as written (no import elision). */
  keepsImports: boolean;
}

/** The application folder's tsconfig.json, memoised. */
export function tsconfigOf(ws: Workspace, appDir: string): TsConfig {
  const dir = ws.resolveDir(appDir);
  return ws.memo(`tsconfig:${dir}`, () => {
    const file = join(dir, 'tsconfig.json');
    const own = readConfig(ws, file);
    if (!own) return { paths: [], keepsImports: false };
    if ('error' in own) return { file, error: own.error, paths: [], keepsImports: false };
    let options: Record<string, unknown> = {};
    const optionDirs: Record<string, string> = {};
    // One level of `extends` (a string or, since TS 5, an array): relative files only.
    const extendsList = typeof own.value.extends === 'string' ? [own.value.extends] : Array.isArray(own.value.extends) ? own.value.extends : [];
    for (const ext of extendsList) {
      if (typeof ext !== 'string' || !ext.startsWith('.')) continue;
      let parentFile = join(dir, ext);
      if (!parentFile.endsWith('.json')) parentFile += '.json';
      const parent = readConfig(ws, parentFile);
      if (!parent || 'error' in parent) continue;
      const parentOptions = record(parent.value.compilerOptions);
      const parentDir = path.posix.dirname(parentFile);
      for (const key of Object.keys(parentOptions)) optionDirs[key] = parentDir === '.' ? '' : parentDir;
      options = { ...options, ...parentOptions };
    }
    const ownOptions = record(own.value.compilerOptions);
    for (const key of Object.keys(ownOptions)) optionDirs[key] = dir;
    options = { ...options, ...ownOptions };

    const config: TsConfig = { file, paths: [], keepsImports: false };
    if (typeof options.baseUrl === 'string') config.baseUrl = join(optionDirs.baseUrl ?? dir, options.baseUrl);
    if (typeof options.outDir === 'string') config.outDir = join(optionDirs.outDir ?? dir, options.outDir);
    if (typeof options.rootDir === 'string') config.rootDir = join(optionDirs.rootDir ?? dir, options.rootDir);
    // `paths` resolve against baseUrl, or the folder of the config that defines them.
    const pathsBase = config.baseUrl ?? optionDirs.paths ?? dir;
    for (const [pattern, targets] of Object.entries(record(options.paths))) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      config.paths.push({
        pattern,
        prefix: star === -1 ? pattern : pattern.slice(0, star),
        suffix: star === -1 ? undefined : pattern.slice(star + 1),
        targets: targets.filter((t): t is string => typeof t === 'string').map((t) => join(pathsBase, t)),
      });
    }
    config.keepsImports =
      options.verbatimModuleSyntax === true ||
      options.preserveValueImports === true ||
      options.importsNotUsedAsValues === 'preserve' ||
      options.importsNotUsedAsValues === 'error';
    return config;
  });
}

/** The alias a specifier matches, with the text the `*` stands for. */
export function matchPathAlias(config: TsConfig, specifier: string): { alias: PathAlias; star: string } | undefined {
  let best: { alias: PathAlias; star: string } | undefined;
  for (const alias of config.paths) {
    if (alias.suffix === undefined) {
      if (specifier === alias.pattern) return { alias, star: '' };
      continue;
    }
    if (specifier.length >= alias.prefix.length + alias.suffix.length && specifier.startsWith(alias.prefix) && specifier.endsWith(alias.suffix)) {
      // TypeScript picks the pattern with the longest prefix.
      if (!best || alias.prefix.length > best.alias.prefix.length) {
        best = { alias, star: specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length) };
      }
    }
  }
  return best;
}

function readConfig(ws: Workspace, file: string): { value: Record<string, unknown> } | { error: string } | undefined {
  const text = ws.readText(file);
  if (text === undefined) return undefined;
  try {
    const value = parseJsonc(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: `${file} must hold a JSON object` };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `${file} is not valid JSON with comments: ${(error as Error).message}` };
  }
}

/** Parses JSON with comments and trailing commas (tsconfig's dialect). Throws on anything worse. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  // Trailing commas before `}` or `]` (outside strings: strings were copied verbatim above, and a
  // comma-then-bracket inside a string is left alone by matching only across whitespace).
  return JSON.parse(removeTrailingCommas(out));
}

function removeTrailingCommas(json: string): string {
  let out = '';
  let i = 0;
  while (i < json.length) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < json.length && /\s/.test(json[j]!)) j++;
      if (json[j] === '}' || json[j] === ']') {
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Joins repository-relative paths and normalises; '' is the root. */
function join(dir: string, rel: string): string {
  const joined = path.posix.normalize(path.posix.join(dir === '' ? '.' : dir, rel));
  const trimmed = joined.replace(/\/+$/, '');
  return trimmed === '.' ? '' : trimmed;
}
