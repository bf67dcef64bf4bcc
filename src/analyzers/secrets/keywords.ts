// Finding every rule keyword in a file in one pass: an Aho-Corasick automaton compiled to a dense
// transition table, with upper case folded to lower case, so the text is never copied or
// lower-cased. Overlapping and nested keywords (`client_secret=` and `secret`) are all reported.
//
// The pass touches every character of every file, so its table must stay in the CPU's fastest
// cache: characters are mapped to equivalence classes (those that behave alike in every state; all
// characters that occur in no keyword form one class), and keywords are cut to their first
// AUTOMATON_PREFIX characters in the automaton, the rest being compared only where a prefix hits.

/** Keywords longer than this are matched by prefix in the automaton, then compared in full. */
export const AUTOMATON_PREFIX = 6;

export interface KeywordAutomaton {
  keywords: readonly string[];
  /** Character class of each code unit 0..127 (non-ASCII code units use their low 7 bits). */
  classOf: Uint8Array;
  classes: number;
  /**
   * Next state for state * classes + class, with bit 15 set when some prefix ends in the next
   * state (one table read per character).
   */
  delta: Uint16Array;
  /** Keyword ids whose prefix ends in a state: outputs[outStart[s] .. outStart[s + 1]). */
  outStart: Int32Array;
  outputs: Int32Array;
}

/** Bit 15 of a transition: a keyword prefix ends in the state it leads to. */
const ACCEPTS = 0x8000;
const STATE_MASK = 0x7fff;
const ASCII = 128;

export function buildAutomaton(keywords: readonly string[]): KeywordAutomaton {
  for (const k of keywords) {
    if (k === '' || k !== k.toLowerCase() || /[^\x00-\x7f]/.test(k)) throw new Error(`keyword must be non-empty lower-case ASCII: ${JSON.stringify(k)}`);
  }
  // Trie over the prefixes, as full ASCII transitions first.
  const goto: Map<number, number>[] = [new Map()];
  const out: number[][] = [[]];
  keywords.forEach((keyword, id) => {
    let state = 0;
    for (const ch of keyword.slice(0, AUTOMATON_PREFIX)) {
      const code = ch.charCodeAt(0);
      let next = goto[state]!.get(code);
      if (next === undefined) {
        next = goto.length;
        goto.push(new Map());
        out.push([]);
        goto[state]!.set(code, next);
      }
      state = next;
    }
    out[state]!.push(id);
  });
  const states = goto.length;
  if (states > STATE_MASK) throw new Error(`too many keyword states (${states})`);
  // Failure links (breadth first) folded into a complete transition table.
  const full = new Int32Array(states * ASCII);
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < ASCII; c++) {
    const next = goto[0]!.get(c);
    if (next !== undefined) {
      full[c] = next;
      queue.push(next);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    out[state]!.push(...out[fail[state]!]!);
    for (let c = 0; c < ASCII; c++) {
      const next = goto[state]!.get(c);
      if (next !== undefined) {
        fail[next] = full[fail[state]! * ASCII + c]!;
        full[state * ASCII + c] = next;
        queue.push(next);
      } else {
        full[state * ASCII + c] = full[fail[state]! * ASCII + c]!;
      }
    }
  }
  // Case folding: an upper-case letter moves like its lower-case form. A line feed returns to the
  // root (no keyword spans lines).
  for (let s = 0; s < states; s++) {
    for (let c = 65; c <= 90; c++) full[s * ASCII + c] = full[s * ASCII + c + 32]!;
    full[s * ASCII + 10] = 0;
  }
  // Equivalence classes: characters whose columns are identical.
  const classOf = new Uint8Array(ASCII);
  const columns = new Map<string, number>();
  for (let c = 0; c < ASCII; c++) {
    let column = '';
    for (let s = 0; s < states; s++) column += String.fromCharCode(full[s * ASCII + c]!);
    let k = columns.get(column);
    if (k === undefined) {
      k = columns.size;
      columns.set(column, k);
    }
    classOf[c] = k;
  }
  const classes = columns.size;
  const outStart = new Int32Array(states + 1);
  const flat: number[] = [];
  for (let s = 0; s < states; s++) {
    outStart[s] = flat.length;
    flat.push(...new Set(out[s]));
  }
  outStart[states] = flat.length;
  const delta = new Uint16Array(states * classes);
  for (let s = 0; s < states; s++) {
    for (let c = 0; c < ASCII; c++) {
      const next = full[s * ASCII + c]!;
      delta[s * classes + classOf[c]!] = next | (outStart[next + 1]! > outStart[next]! ? ACCEPTS : 0);
    }
  }
  return { keywords, classOf, classes, delta, outStart, outputs: Int32Array.from(flat) };
}

export interface KeywordHits {
  /** Number of hits; the arrays below may be longer (they are reused between calls). */
  count: number;
  /** Keyword id and start offset of each hit, in the order the keywords end in the text. */
  keyword: Int32Array;
  offset: Int32Array;
}

/** Hit buffers reused across files (scanning is synchronous), grown on demand. */
let keywordBuffer: Int32Array = new Int32Array(4096);
let offsetBuffer: Int32Array = new Int32Array(4096);

/**
 * Every occurrence of every keyword in `text`. Characters beyond ASCII are folded into ASCII by
 * their low seven bits: that can only add a spurious prefix hit, which the full comparison or the
 * rule's own expression then rejects. The returned arrays are only valid until the next call.
 */
export function findKeywords(automaton: KeywordAutomaton, text: string): KeywordHits {
  const wasm = wasmScannerOf(automaton);
  if (wasm) {
    const hits = wasm.run(text);
    if (hits) return hits;
  }
  return findKeywordsInJs(automaton, text);
}

/** The same pass in plain JavaScript: used where WebAssembly is unavailable, and in tests. */
export function findKeywordsInJs(automaton: KeywordAutomaton, text: string): KeywordHits {
  const { delta, classOf, classes } = automaton;
  const hits = startHits();
  let state = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const next = delta[state * classes + classOf[text.charCodeAt(i) & 127]!]!;
    state = next & STATE_MASK;
    if (next > STATE_MASK) emit(automaton, text, i, state, hits);
  }
  return hits;
}

function startHits(): KeywordHits {
  return { count: 0, keyword: keywordBuffer, offset: offsetBuffer };
}

/** Records the keywords whose prefix ends at `end` in `state`, comparing long keywords in full. */
function emit(automaton: KeywordAutomaton, text: string, end: number, state: number, hits: KeywordHits): void {
  const { outStart, outputs, keywords } = automaton;
  for (let o = outStart[state]!, to = outStart[state + 1]!; o < to; o++) {
    const id = outputs[o]!;
    const word = keywords[id]!;
    const start = end - Math.min(word.length, AUTOMATON_PREFIX) + 1;
    if (word.length > AUTOMATON_PREFIX && !matchesAt(text, start, word)) continue;
    if (hits.count === hits.keyword.length) {
      hits.keyword = keywordBuffer = grow(hits.keyword);
      hits.offset = offsetBuffer = grow(hits.offset);
    }
    hits.keyword[hits.count] = id;
    hits.offset[hits.count] = start;
    hits.count++;
  }
}

// ── the same automaton in WebAssembly ──────────────────────────────────────────────────────────
//
// The pass visits every character of every file, and a JavaScript loop over `charCodeAt` costs
// several times what reading the file costs. The loop below, hand-assembled into a 200-byte
// WebAssembly module (no toolchain, no dependency), runs about three times faster. The text is
// copied into the module's memory one byte per UTF-16 code unit (`latin1` encoding, native), so
// offsets stay those of the string. Each transition is a 4-byte cell: the absolute address of the
// next state's row (16 bits) and an accept flag (8 bits). Per character:
//   cell = base + class4[byte]           (base = tablePtr + state × classes × 4; class4 = class × 4)
//   base = u16[cell]; if (u8[cell + 2]) record (offset, base)
// so the loop-carried chain is one add and one load (the flag is read off that chain).
// The JavaScript side turns each recorded (offset, base) back into keywords, as `emit` does.

/** Hits recorded per call before falling back to the JavaScript pass (a file full of keywords). */
const WASM_MAX_RECORDS = 1 << 16;
const WASM_PAGE = 65_536;

interface WasmScanner {
  run(text: string): KeywordHits | null;
}

const wasmScanners = new WeakMap<KeywordAutomaton, WasmScanner | null>();

function wasmScannerOf(automaton: KeywordAutomaton): WasmScanner | null {
  let scanner = wasmScanners.get(automaton);
  if (scanner === undefined) {
    try {
      scanner = createWasmScanner(automaton);
    } catch {
      scanner = null; // no WebAssembly here: the JavaScript pass does the same work
    }
    wasmScanners.set(automaton, scanner);
  }
  return scanner;
}

function createWasmScanner(automaton: KeywordAutomaton): WasmScanner | null {
  const { classes, delta, classOf } = automaton;
  const stride = classes * 4;
  const states = delta.length / classes;
  const tablePtr = 256;
  if (tablePtr + states * stride > 0xffff || (classes - 1) * 4 > 255) return null; // addresses and class offsets must fit 16 and 8 bits
  const instance = new WebAssembly.Instance(new WebAssembly.Module(KEYWORD_SCAN_WASM as Uint8Array<ArrayBuffer>), {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  const scan = instance.exports.scan as (textPtr: number, len: number, tablePtr: number, classPtr: number, outPtr: number, outCap: number) => number;
  const classPtr = 0;
  const outPtr = tablePtr + delta.length * 4 + 8;
  const textPtr = outPtr + WASM_MAX_RECORDS * 8;
  const ensure = (bytes: number): void => {
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / WASM_PAGE));
  };
  ensure(textPtr + WASM_PAGE);
  const class4 = new Uint8Array(memory.buffer, classPtr, 256);
  for (let c = 0; c < 256; c++) class4[c] = classOf[c & 127]! * 4;
  const table = new Uint16Array(memory.buffer, tablePtr, delta.length * 2);
  for (let k = 0; k < delta.length; k++) {
    const entry = delta[k]!;
    table[2 * k] = tablePtr + (entry & STATE_MASK) * stride;
    table[2 * k + 1] = entry > STATE_MASK ? 1 : 0; // little-endian: the low byte is u8[cell + 2]
  }
  let bytes = Buffer.from(memory.buffer);
  let records = new Int32Array(memory.buffer, outPtr, WASM_MAX_RECORDS * 2);
  return {
    run(text: string): KeywordHits | null {
      ensure(textPtr + text.length);
      if (bytes.buffer !== memory.buffer) {
        bytes = Buffer.from(memory.buffer);
        records = new Int32Array(memory.buffer, outPtr, WASM_MAX_RECORDS * 2);
      }
      bytes.write(text, textPtr, text.length, 'latin1');
      const recorded = scan(textPtr, text.length, tablePtr, classPtr, outPtr, WASM_MAX_RECORDS);
      if (recorded >= WASM_MAX_RECORDS) return null;
      const hits = startHits();
      for (let r = 0; r < recorded; r++) emit(automaton, text, records[2 * r]!, (records[2 * r + 1]! - tablePtr) / stride, hits);
      return hits;
    },
  };
}

/** WebAssembly binary of `scan(textPtr, len, tablePtr, classPtr, outPtr, outCap) → records`. */
const KEYWORD_SCAN_WASM = assembleKeywordScan();

function assembleKeywordScan(): Uint8Array {
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      out.push(b);
    } while (n !== 0);
    return out;
  };
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
  const I32 = 0x7f;
  // Opcodes used.
  const [GET, SET, TEE] = [0x20, 0x21, 0x22];
  const [BLOCK, LOOP, IF, END, BR, BR_IF, VOID] = [0x02, 0x03, 0x04, 0x0b, 0x0c, 0x0d, 0x40];
  const [CONST, ADD, SUB, SHL, GE_U, LT_U] = [0x41, 0x6a, 0x6b, 0x74, 0x4f, 0x49];
  const LOAD8_U = [0x2d, 0, 0];
  const LOAD16_U = [0x2f, 1, 0];
  const store32 = (offset: number): number[] => [0x36, 2, offset];
  // Parameters 0 textPtr, 1 len, 2 tablePtr, 3 classPtr, 4 outPtr, 5 outCap; locals 6 i, 7 base, 8 count, 9 cell, 10 end.
  const [textPtr, len, tablePtr, classPtr, outPtr, outCap, i, base, count, cell, end] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const LOAD8_U_AT2 = [0x2d, 0, 2];
  const recordAddress = [GET, outPtr, GET, count, CONST, 3, SHL, ADD];
  const body = [
    GET, textPtr, GET, len, ADD, SET, end,
    GET, textPtr, SET, i,
    GET, tablePtr, SET, base, // the root state's row
    BLOCK, VOID,
    LOOP, VOID,
    GET, i, GET, end, GE_U, BR_IF, 1,
    // cell = base + class4[text[i]]; base = u16[cell]; if (u8[cell + 2]) record
    GET, base,
    GET, classPtr, GET, i, ...LOAD8_U, ADD, ...LOAD8_U,
    ADD, TEE, cell, ...LOAD16_U, SET, base,
    GET, cell, ...LOAD8_U_AT2,
    IF, VOID,
    GET, count, GET, outCap, LT_U,
    IF, VOID,
    ...recordAddress, GET, i, GET, textPtr, SUB, ...store32(0),
    ...recordAddress, GET, base, ...store32(4),
    GET, count, CONST, 1, ADD, SET, count,
    END,
    END,
    GET, i, CONST, 1, ADD, SET, i,
    BR, 0,
    END,
    END,
    GET, count,
    END,
  ];
  const locals = [...uleb(1), ...uleb(5), I32];
  const func = [...locals, ...body];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...uleb(6), ...Array<number>(6).fill(I32), 1, I32]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0x00, ...uleb(1)]])),
    ...section(7, vector([[...name('memory'), 0x02, 0], [...name('scan'), 0x00, 0]])),
    ...section(10, vector([[...uleb(func.length), ...func]])),
  ]);
}

/** `word` (lower case) occurs at `start` in `text`, ignoring ASCII case. */
function matchesAt(text: string, start: number, word: string): boolean {
  if (start + word.length > text.length) return false;
  for (let j = AUTOMATON_PREFIX; j < word.length; j++) {
    let c = text.charCodeAt(start + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(j)) return false;
  }
  return true;
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
