// Types for scripts/wasm-source.js (plain JavaScript, run by Node without a build), for the test
// that checks committed WebAssembly binaries against their .wat sources.
export function assembleWat(fileName: string, source: string): Promise<Uint8Array>;
export function binaryModuleSource(watName: string, binary: Uint8Array): string;
