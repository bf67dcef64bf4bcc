// CycloneDX SBOM of a connector from its applications' lock files.
export * from './cyclonedx.js';
