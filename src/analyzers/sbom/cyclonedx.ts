// A CycloneDX 1.5 SBOM of the connector, from its lock files (no install, no network): the
// connector is the BOM's subject, each Connect application a component depending on its direct
// dependencies, and every locked package a library component (bom-ref = its package URL) with
// version, scope (`optional` for packages only devDependencies reach, which the runtime image
// does not contain), integrity hashes, licences where known, and its own dependencies. The Connect
// runtime installs from the lock file, so a lock-file SBOM is what ships (peers.md §7).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Workspace } from '../../engine/workspace.js';
import { connectSpecOf } from '../connect-spec/parse.js';
import { declaredLicenseText, toExpression } from '../licenses/dependency-license.js';
import { packageLicensesOf, type PackageLicense } from '../licenses/package-licenses.js';
import type { DependencyGraph, DependencyNode } from '../lockfiles/graph.js';
import { compareCodeUnits } from '../text/compare.js';

const require = createRequire(import.meta.url);

export const CYCLONEDX_SPEC_VERSION = '1.5';
export const CONNECTOR_BOM_REF = 'connector';
const TOOL_NAME = 'connect-certify';

/** Subresource-integrity algorithm → CycloneDX hash algorithm. */
const HASH_ALGORITHMS: Readonly<Record<string, string>> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

export interface CdxHash {
  alg: string;
  content: string;
}

export type CdxLicenseChoice = { license: { id: string } | { name: string } } | { expression: string };

export interface CdxComponent {
  type: 'application' | 'library';
  'bom-ref': string;
  group?: string;
  name: string;
  version?: string;
  description?: string;
  scope?: 'required' | 'optional';
  hashes?: CdxHash[];
  licenses?: CdxLicenseChoice[];
  purl?: string;
  externalReferences?: { type: string; url: string }[];
  properties?: { name: string; value: string }[];
}

export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: string;
  serialNumber: string;
  version: number;
  metadata: {
    timestamp: string;
    tools: { components: CdxComponent[] };
    component: CdxComponent;
  };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

export interface SbomOptions {
  /** The tool's version for metadata.tools (the check passes the running release). */
  toolVersion?: string;
  /** Clock and serial number (tests and reproducible output). */
  now?: Date;
  serialNumber?: string;
  /** Licences per graph; defaults to what the lock file and an installed node_modules record. */
  licensesOf?: (graph: DependencyGraph) => Map<string, PackageLicense>;
}

/** The CycloneDX document for the applications' dependency graphs. */
export function buildCycloneDxSbom(ws: Workspace, graphs: readonly DependencyGraph[], options: SbomOptions = {}): CycloneDxBom {
  const licensesOf = options.licensesOf ?? ((graph: DependencyGraph) => packageLicensesOf(ws, graph));
  const applications: CdxComponent[] = [];
  const libraries = new Map<string, { node: DependencyNode; runtime: boolean; required: boolean; licence?: unknown; children: Set<string> }>();
  const dependencies: { ref: string; dependsOn: string[] }[] = [];
  const types = new Map(connectSpecOf(ws).spec.applications.map((a) => [a.name, a.applicationType]));

  for (const graph of graphs) {
    const appRef = `application:${graph.application}`;
    const app: CdxComponent = { type: 'application', 'bom-ref': appRef, name: graph.application, description: `Connect application (${types.get(graph.application) ?? 'unknown type'})` };
    const properties = [{ name: 'connect-certify:applicationType', value: types.get(graph.application) ?? 'unknown' }];
    if (graph.lockFile) properties.push({ name: 'connect-certify:lockFile', value: graph.lockFile });
    app.properties = properties;
    applications.push(app);
    const licenses = licensesOf(graph);
    for (const node of graph.nodes.values()) {
      let entry = libraries.get(node.id);
      if (!entry) libraries.set(node.id, (entry = { node, runtime: false, required: false, children: new Set() }));
      entry.runtime ||= !node.dev;
      entry.required ||= !node.dev && !node.optional;
      if (entry.licence === undefined) {
        const found = licenses.get(node.id)?.found;
        if (found?.value !== undefined) entry.licence = found.value;
      }
      for (const child of graph.dependencies.get(node.id) ?? []) entry.children.add(child);
    }
    dependencies.push({ ref: appRef, dependsOn: unique((graph.dependencies.get('') ?? []).map((id) => purlOfId(graph, id))) });
  }

  const components: CdxComponent[] = [...applications];
  const libraryComponents: CdxComponent[] = [];
  const libraryDependencies: { ref: string; dependsOn: string[] }[] = [];
  const purlById = new Map<string, string>();
  for (const [id, { node }] of libraries) purlById.set(id, npmPurl(node.name, node.version));
  for (const [id, entry] of libraries) {
    const { node } = entry;
    const purl = purlById.get(id)!;
    const { group, name } = splitScope(node.name);
    const component: CdxComponent = { type: 'library', 'bom-ref': purl, ...(group ? { group } : {}), name, version: node.version, scope: entry.required ? 'required' : 'optional' };
    const hashes = integrityToHashes(node.integrity);
    if (hashes.length > 0) component.hashes = hashes;
    const licenses = cyclonedxLicenses(entry.licence);
    if (licenses) component.licenses = licenses;
    component.purl = purl;
    if (node.resolved && /^https?:\/\//.test(node.resolved)) component.externalReferences = [{ type: 'distribution', url: node.resolved }];
    // cyclonedx-npm's property for packages only devDependencies reach.
    if (!entry.runtime) component.properties = [{ name: 'cdx:npm:package:development', value: 'true' }];
    libraryComponents.push(component);
    libraryDependencies.push({ ref: purl, dependsOn: unique([...entry.children].map((c) => purlById.get(c)).filter((p): p is string => p !== undefined)).sort() });
  }
  const byRef = (a: { 'bom-ref'?: string; ref?: string }, b: { 'bom-ref'?: string; ref?: string }): number => compareCodeUnits(a['bom-ref'] ?? a.ref ?? '', b['bom-ref'] ?? b.ref ?? '');
  components.push(...libraryComponents.sort(byRef));
  dependencies.unshift({ ref: CONNECTOR_BOM_REF, dependsOn: applications.map((a) => a['bom-ref']) });
  dependencies.push(...libraryDependencies.sort(byRef));

  return {
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    serialNumber: options.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: (options.now ?? new Date()).toISOString(),
      tools: { components: [{ type: 'application', 'bom-ref': 'tool:connect-certify', name: TOOL_NAME, ...(options.toolVersion ? { version: options.toolVersion } : {}) }] },
      component: connectorComponent(ws),
    },
    components,
    dependencies,
  };
}

function connectorComponent(ws: Workspace): CdxComponent {
  const repository = ws.repository;
  const fromUrl = repository?.url.replace(/\.git$/, '').split(/[/:]/).pop();
  const name = fromUrl || ws.root.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || 'connector';
  const component: CdxComponent = { type: 'application', 'bom-ref': CONNECTOR_BOM_REF, name, description: 'commercetools Connect connector' };
  if (repository?.tag) component.version = repository.tag;
  if (repository?.url && /^https:\/\//.test(repository.url)) component.externalReferences = [{ type: 'vcs', url: repository.url }];
  if (repository?.commit) component.properties = [{ name: 'connect-certify:commit', value: repository.commit }];
  return component;
}

function purlOfId(graph: DependencyGraph, id: string): string {
  const node = graph.nodes.get(id)!;
  return npmPurl(node.name, node.version);
}

// ---------------------------------------------------------------------------------------------
// Package URLs

/**
 * `pkg:npm/%40scope/name@version` (purl-spec, npm type): the scope is the namespace with its `@`
 * percent-encoded, namespace and name are lower-cased, every component percent-encoded except
 * the unreserved characters (and `:`).
 */
export function npmPurl(name: string, version: string): string {
  const { group, name: bare } = splitScope(name);
  const namespace = group ? `${encodePurlComponent(group.toLowerCase())}/` : '';
  return `pkg:npm/${namespace}${encodePurlComponent(bare.toLowerCase())}@${encodePurlComponent(version)}`;
}

export function encodePurlComponent(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/gi, ':');
}

function splitScope(name: string): { group?: string; name: string } {
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    if (slash > 1) return { group: name.slice(0, slash), name: name.slice(slash + 1) };
  }
  return { name };
}

// ---------------------------------------------------------------------------------------------
// Hashes and licences

/** `sha512-<base64>` (several, space-separated) → CycloneDX hashes with hex content. */
export function integrityToHashes(integrity: string | undefined): CdxHash[] {
  if (!integrity) return [];
  const out: CdxHash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const match = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(part);
    if (!match) continue;
    const content = Buffer.from(match[2]!, 'base64').toString('hex');
    const expectedBytes = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[match[1] as 'sha1'];
    if (content.length !== expectedBytes * 2) continue;
    const alg = HASH_ALGORITHMS[match[1]!]!;
    if (!out.some((h) => h.alg === alg)) out.push({ alg, content });
  }
  return out;
}

let currentSpdxIds: Set<string> | undefined;

/** A declared licence as CycloneDX: one SPDX id as `license.id`, an expression as `expression`, anything else by name. */
export function cyclonedxLicenses(value: unknown): CdxLicenseChoice[] | undefined {
  const declared = declaredLicenseText(value)?.trim();
  if (!declared) return undefined;
  const found = /^UNLICENSED$|^SEE LICEN[CS]E IN /i.test(declared) ? undefined : toExpression(declared);
  if (!found) return [{ license: { name: declared } }];
  currentSpdxIds ??= new Set(require('spdx-license-ids') as string[]);
  const tree = found.tree;
  // CycloneDX's id enum is the current SPDX list; deprecated ids and `+` go into an expression.
  if ('license' in tree && !tree.plus && tree.exception === undefined && currentSpdxIds.has(tree.license)) return [{ license: { id: tree.license } }];
  return [{ expression: found.expression }];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
