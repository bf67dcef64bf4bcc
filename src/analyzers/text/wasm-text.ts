// Texts handed to a WebAssembly scanner as bytes. A text is copied into the module's memory as
// UTF-8: when that takes exactly one byte per character, the text is ASCII and byte offsets are
// string offsets; for any other text the caller uses its JavaScript version instead.
const PAGE = 65_536;

export class WasmTextMemory {
  bytes: Buffer;
  words: Int32Array;
  /** The memory's size, tracked here: reading `memory.buffer` is a call into the engine. */
  private size: number;

  constructor(private readonly memory: WebAssembly.Memory) {
    this.size = memory.buffer.byteLength;
    this.bytes = Buffer.from(memory.buffer);
    this.words = new Int32Array(memory.buffer);
  }

  /**
   * Grows the memory to at least `bytes` (the views are renewed when it grows); false when it cannot
   * grow that far (its maximum, or no memory left): the caller then uses its JavaScript version.
   */
  ensure(bytes: number): boolean {
    if (bytes <= this.size) return true;
    try {
      this.memory.grow(Math.ceil((bytes - this.size) / PAGE));
    } catch {
      return false;
    }
    this.size = this.memory.buffer.byteLength;
    this.bytes = Buffer.from(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
    return true;
  }

  /**
   * Writes `text` at `at`, one byte per character, and says whether it is ASCII (if not, or if the
   * memory cannot hold it, what was written is of no use). Leaves `after` bytes of room past the
   * text for the scanner's own use.
   */
  writeAscii(text: string, at: number, after = 0): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that room the whole text is always written,
    // so the byte count tells ASCII from the rest.
    if (!this.ensure(at + 3 * text.length + after)) return false;
    return this.bytes.write(text, at, this.size - at, 'utf8') === text.length;
  }
}

/** A module compiled from base64 (a generated *-wasm-binary.ts), instantiated without imports. */
export function instantiateWasm(base64: string): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), {});
}

/**
 * One function of a WebAssembly module (from a generated *-wasm-binary.ts) over a text in the
 * module's memory, exported as `(at, length) => number`. The function returned copies the text to
 * `at` (with `after` bytes of room past it) and calls the export; it gives undefined for a non-ASCII
 * text, a text the memory cannot hold, and where WebAssembly (or its SIMD) is unavailable, and the
 * caller then uses its JavaScript version. The module is made on first use.
 */
export function wasmTextFunction(base64: string, exportName: string, at: number, after: number): (text: string) => number | undefined {
  let made: { memory: WasmTextMemory; run: (at: number, length: number) => number } | null | undefined;
  return (text) => {
    if (made === undefined) {
      try {
        const instance = instantiateWasm(base64);
        made = {
          memory: new WasmTextMemory(instance.exports.memory as WebAssembly.Memory),
          run: instance.exports[exportName] as (at: number, length: number) => number,
        };
      } catch {
        made = null;
      }
    }
    if (made === null || !made.memory.writeAscii(text, at, after)) return undefined;
    return made.run(at, text.length);
  };
}
