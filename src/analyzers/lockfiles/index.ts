// Lock files → dependency graph (see graph.ts), and where a package sits in its lock file.
export * from './graph.js';
export { jsonKeyPosition, entryKeyPosition, packageEntryPosition, lineColumnAt } from './positions.js';
export { isYarnBerryText } from './yarn.js';
