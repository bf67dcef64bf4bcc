// Drives import-candidate.wat: lastImportCandidate for ASCII texts. Non-ASCII texts (and runtimes
// without WebAssembly) get undefined, and the caller uses the regular expression.
import { instantiateWasm, WasmTextMemory } from '../text/wasm-text.js';
import { WASM_BASE64 } from './import-candidate-wasm-binary.js';

/** The text's place in the module's memory, after the zero bytes the module writes before it. */
const TEXT_AT = 64;
/** Zero bytes the module writes after the text. */
const AFTER_TEXT = 32;

interface CandidateModule {
  memory: WasmTextMemory;
  lastCandidate: (at: number, length: number) => number;
}

/** Made on first use; null where WebAssembly is unavailable. */
let wasmModule: CandidateModule | null | undefined;

/** The offset of the last place an import could start (-1: none), or undefined when the text is not ASCII. */
export function lastImportCandidateInWasm(text: string): number | undefined {
  if (wasmModule === undefined) {
    try {
      const instance = instantiateWasm(WASM_BASE64);
      wasmModule = {
        memory: new WasmTextMemory(instance.exports.memory as WebAssembly.Memory),
        lastCandidate: instance.exports.lastCandidate as (at: number, length: number) => number,
      };
    } catch {
      wasmModule = null; // no WebAssembly (or no SIMD) here: the regular expression does the same work
    }
  }
  if (wasmModule === null || !wasmModule.memory.writeAscii(text, TEXT_AT, AFTER_TEXT)) return undefined;
  return wasmModule.lastCandidate(TEXT_AT, text.length);
}
