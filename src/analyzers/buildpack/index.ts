// The buildpack analyzer: what Google Cloud's buildpacks would do with each Connect application.
export * from './plan.js';
export * from './lockfiles.js';
export * from './package-json.js';
export * from './runtimes.js';
export { parseJsonWithPositions, locateJsonError, type JsonPosition, type JsonSyntaxError } from './json-source.js';
export { normaliseRepoPath, joinPath } from './files.js';
