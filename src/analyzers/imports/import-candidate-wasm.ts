// Drives import-candidate.wat: lastImportCandidate for ASCII texts. Non-ASCII texts (and runtimes
// without WebAssembly) get undefined, and the caller uses the regular expression.
import { wasmTextFunction } from '../text/wasm-text.js';
import { WASM_BASE64 } from './import-candidate-wasm-binary.js';

/**
 * The offset of the last place an import could start (-1: none), or undefined when the text is not
 * ASCII. The text lies at 64, after the 32 zero bytes the module writes before it; 32 more follow it.
 */
export const lastImportCandidateInWasm = wasmTextFunction(WASM_BASE64, 'lastCandidate', 64, 32);
