// The text copy every WebAssembly scanner uses: ASCII texts are written one byte per character,
// other texts and texts the memory cannot hold are refused, so that the caller uses JavaScript.
import { describe, expect, it } from 'vitest';
import { WasmTextMemory } from './wasm-text.js';

describe('WasmTextMemory', () => {
  it('writes an ASCII text byte for byte, growing the memory as needed', () => {
    const memory = new WasmTextMemory(new WebAssembly.Memory({ initial: 1 }));
    const text = 'const a = 1;\n'.repeat(20_000); // 260,000 characters: more than the first 64 KiB page
    expect(memory.writeAscii(text, 128, 32)).toBe(true);
    expect(memory.bytes.toString('latin1', 128, 128 + text.length)).toBe(text);
  });

  it('refuses a text with any character outside ASCII', () => {
    const memory = new WasmTextMemory(new WebAssembly.Memory({ initial: 1 }));
    expect(memory.writeAscii('const é = 1;', 0)).toBe(false);
    expect(memory.writeAscii('\u{1F680}', 0)).toBe(false);
    expect(memory.writeAscii('\ud800', 0)).toBe(false); // a lone surrogate
  });

  it('refuses a text the memory cannot grow to hold', () => {
    const memory = new WasmTextMemory(new WebAssembly.Memory({ initial: 1, maximum: 2 }));
    expect(memory.writeAscii('x'.repeat(30_000), 0)).toBe(true); // 3 bytes of room per character: 90,000 bytes
    expect(memory.writeAscii('x'.repeat(50_000), 0)).toBe(false); // 150,000 bytes: more than 2 pages
  });
});
