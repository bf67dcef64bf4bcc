// Shared by the secret scanner (rule keywords) and the code rules' pre-filter (strings rules need).
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
  // A state's row is its failure state's row (complete: it lies nearer the root, so earlier in
  // breadth-first order) with the state's own trie edges written over it.
  const full = new Int32Array(states * ASCII);
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (const [c, next] of goto[0]!) {
    full[c] = next;
    queue.push(next);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const failRow = fail[state]! * ASCII;
    out[state]!.push(...out[fail[state]!]!);
    full.copyWithin(state * ASCII, failRow, failRow + ASCII);
    for (const [c, next] of goto[state]!) {
      fail[next] = full[failRow + c]!;
      full[state * ASCII + c] = next;
      queue.push(next);
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
  /** A character of each class: the table is filled from its column. */
  const firstOfClass: number[] = [];
  for (let c = 0; c < ASCII; c++) {
    let column = '';
    for (let s = 0; s < states; s++) column += String.fromCharCode(full[s * ASCII + c]!);
    let k = columns.get(column);
    if (k === undefined) {
      k = columns.size;
      columns.set(column, k);
      firstOfClass.push(c);
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
    for (let k = 0; k < classes; k++) {
      const next = full[s * ASCII + firstOfClass[k]!]!; // every character of the class moves alike
      delta[s * classes + k] = next | (outStart[next + 1]! > outStart[next]! ? ACCEPTS : 0);
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

/** Whether `findKeywords` runs the WebAssembly pass for this automaton (for tests: the fallback is silent). */
export function usesWebAssembly(automaton: KeywordAutomaton): boolean {
  return wasmScannerOf(automaton) !== null;
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
// several times what reading the file costs. The loop below, hand-assembled into a small
// WebAssembly module (no toolchain, no dependency), runs several times faster. The text is copied
// into the module's memory one byte per UTF-16 code unit (`latin1` encoding, native), so offsets
// stay those of the string. Each transition is a 2-byte cell: the absolute address of the next
// state's row. States where a keyword prefix ends have the highest rows. Per character:
//   base = u16[base + class2[byte]]      (base = tablePtr + row × classes × 2; class2 = class × 2)
//   if (base >= acceptFrom) record (offset, base)
// The loop-carried chain is one add and one load, so one walk is bound by load latency. The text is
// therefore cut into WASM_STREAMS segments walked together, in one loop (independent chains overlap
// in the CPU). The automaton's state depends only on the last AUTOMATON_PREFIX characters, so each
// walk starts that many characters before its segment (zero bytes, which lead to the root, stand
// before the text and after it) and records only hits ending inside its segment: each stream's
// records are in text order, and the streams' records one after the other are all hits in order.
// The JavaScript side turns each recorded (offset, base) back into keywords, as `emit` does.

/** Hits recorded per call before falling back to the JavaScript pass (a file full of keywords). */
const WASM_MAX_RECORDS = 1 << 16;
/** Walks interleaved in the WebAssembly loop. */
const WASM_STREAMS = 2;
const WASM_RECORDS_PER_STREAM = Math.floor(WASM_MAX_RECORDS / WASM_STREAMS);
/** Zero bytes kept before the text: at least AUTOMATON_PREFIX (the first walk's warm-up). */
const WASM_LEAD = 16;
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
  const { classes, delta, classOf, outStart, outputs, keywords } = automaton;
  const stride = classes * 2;
  const states = delta.length / classes;
  const tablePtr = 256;
  if (tablePtr + states * stride > 0xffff || (classes - 1) * 2 > 255) return null; // addresses and class offsets must fit 16 and 8 bits
  // Rows are renumbered so that the states where a keyword prefix ends come last: "the next state
  // accepts" is then "its row lies at or above acceptFrom", a comparison instead of a table read.
  const order: number[] = [];
  for (let s = 0; s < states; s++) if (outStart[s + 1]! === outStart[s]!) order.push(s); // the root (0) first
  const firstAccepting = order.length;
  for (let s = 0; s < states; s++) if (outStart[s + 1]! > outStart[s]!) order.push(s);
  const rowOf = new Int32Array(states);
  order.forEach((state, row) => (rowOf[state] = row));
  const stateOfRow = Int32Array.from(order);
  const acceptFrom = tablePtr + firstAccepting * stride;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(KEYWORD_SCAN_WASM as Uint8Array<ArrayBuffer>), {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  const scan = instance.exports.scan as (textPtr: number, segment: number, rootRow: number, acceptFrom: number, outPtr: number, outCap: number, countsPtr: number) => void;
  const classPtr = 0; // the loop relies on it: it reads class2[byte] at address byte
  const outPtr = (tablePtr + delta.length * 2 + 15) & ~7; // the records are read as 32-bit integers: aligned
  const countsPtr = outPtr + WASM_MAX_RECORDS * 8;
  const textPtr = countsPtr + WASM_STREAMS * 4 + WASM_LEAD; // the lead bytes are never written: zero
  // The memory's size is tracked here: reading `memory.buffer` costs a call into the engine.
  let size = memory.buffer.byteLength;
  const ensure = (bytes: number): boolean => {
    if (bytes <= size) return false;
    memory.grow(Math.ceil((bytes - size) / WASM_PAGE));
    size = memory.buffer.byteLength;
    return true;
  };
  ensure(textPtr + WASM_PAGE);
  const class2 = new Uint8Array(memory.buffer, classPtr, 256);
  for (let c = 0; c < 256; c++) class2[c] = classOf[c & 127]! * 2;
  const table = new Uint16Array(memory.buffer, tablePtr, delta.length);
  for (let row = 0; row < states; row++) {
    const state = order[row]!;
    for (let c = 0; c < classes; c++) table[row * classes + c] = tablePtr + rowOf[delta[state * classes + c]! & STATE_MASK]! * stride;
  }
  const prefixLength = Int32Array.from(keywords, (word) => Math.min(word.length, AUTOMATON_PREFIX));
  const comparedInFull = Uint8Array.from(keywords, (word) => (word.length > AUTOMATON_PREFIX ? 1 : 0));
  let bytes = Buffer.from(memory.buffer);
  let records = new Int32Array(memory.buffer, outPtr, WASM_MAX_RECORDS * 2);
  let counts = new Int32Array(memory.buffer, countsPtr, WASM_STREAMS);
  return {
    run(text: string): KeywordHits | null {
      const length = text.length;
      const segment = Math.ceil(length / WASM_STREAMS);
      const padded = segment * WASM_STREAMS;
      if (ensure(textPtr + padded)) {
        bytes = Buffer.from(memory.buffer);
        records = new Int32Array(memory.buffer, outPtr, WASM_MAX_RECORDS * 2);
        counts = new Int32Array(memory.buffer, countsPtr, WASM_STREAMS);
      }
      bytes.write(text, textPtr, length, 'latin1');
      if (padded > length) bytes.fill(0, textPtr + length, textPtr + padded); // the last segment's tail: zero, like the lead
      scan(textPtr, segment, tablePtr + rowOf[0]! * stride, acceptFrom, outPtr, WASM_RECORDS_PER_STREAM, countsPtr);
      for (let k = 0; k < WASM_STREAMS; k++) if (counts[k]! >= WASM_RECORDS_PER_STREAM) return null;
      // `emit` for every record, with the per-keyword facts looked up in typed arrays and the hit
      // buffers in locals (this runs for every hit of every file).
      const hits = startHits();
      let keywordIds = hits.keyword;
      let offsets = hits.offset;
      let n = 0;
      for (let k = 0; k < WASM_STREAMS; k++) {
        const first = k * WASM_RECORDS_PER_STREAM * 2;
        for (let r = first, last = first + 2 * counts[k]!; r < last; r += 2) {
          const end = records[r]!;
          const state = stateOfRow[(records[r + 1]! - tablePtr) / stride]!;
          for (let o = outStart[state]!, to = outStart[state + 1]!; o < to; o++) {
            const id = outputs[o]!;
            const start = end - prefixLength[id]! + 1;
            if (comparedInFull[id] === 1 && !matchesAt(text, start, keywords[id]!)) continue;
            if (n === keywordIds.length) {
              keywordIds = keywordBuffer = grow(keywordIds);
              offsets = offsetBuffer = grow(offsets);
            }
            keywordIds[n] = id;
            offsets[n] = start;
            n++;
          }
        }
      }
      hits.keyword = keywordIds;
      hits.offset = offsets;
      hits.count = n;
      return hits;
    },
  };
}

/** WebAssembly binary of `scan(textPtr, segment, rootRow, acceptFrom, outPtr, outCap, countsPtr)`. */
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
  const [CONST, ADD, SUB, AND, SHL, GE_U, LT_U] = [0x41, 0x6a, 0x6b, 0x71, 0x74, 0x4f, 0x49];
  const LOAD8_U = [0x2d, 0, 0];
  const LOAD16_U = [0x2f, 1, 0];
  const store32 = (offset: number): number[] => [0x36, 2, offset];
  const PARAMS = 7;
  // Parameters 0 textPtr, 1 segment, 2 rootRow, 3 acceptFrom, 4 outPtr, 5 outCap, 6 countsPtr;
  // local 7 end, then per stream k: p, base, count, out.
  const [textPtr, segment, rootRow, acceptFrom, outPtr, outCap, countsPtr, end] = [0, 1, 2, 3, 4, 5, 6, 7];
  const p = (k: number): number => 8 + 4 * k;
  const base = (k: number): number => 9 + 4 * k;
  const count = (k: number): number => 10 + 4 * k;
  const out = (k: number): number => 11 + 4 * k;
  const streams = Array.from({ length: WASM_STREAMS }, (_, k) => k);
  const recordAddress = (k: number): number[] => [GET, out(k), GET, count(k), CONST, 3, SHL, ADD];
  const body = [
    // end = textPtr + segment (where the first walk stops); p0 = textPtr - lead; p(k) = p(k-1) + segment
    GET, textPtr, GET, segment, ADD, SET, end,
    GET, textPtr, CONST, AUTOMATON_PREFIX, SUB, SET, p(0),
    ...streams.slice(1).flatMap((k) => [GET, p(k - 1), GET, segment, ADD, SET, p(k)]),
    ...streams.flatMap((k) => [GET, rootRow, SET, base(k)]),
    GET, outPtr, SET, out(0),
    ...streams.slice(1).flatMap((k) => [GET, out(k - 1), GET, outCap, CONST, 3, SHL, ADD, SET, out(k)]),
    BLOCK, VOID,
    LOOP, VOID,
    GET, p(0), GET, end, GE_U, BR_IF, 1,
    ...streams.flatMap((k) => [
      // base = u16[base + class2[text[p]]] (class2 lies at address 0: the byte is its address)
      GET, base(k),
      GET, p(k), ...LOAD8_U, ...LOAD8_U,
      ADD, ...LOAD16_U, TEE, base(k),
      // if (base >= acceptFrom && p0 >= textPtr (past the warm-up) && count < outCap) record
      GET, acceptFrom, GE_U,
      IF, VOID,
      GET, p(0), GET, textPtr, GE_U, GET, count(k), GET, outCap, LT_U, AND,
      IF, VOID,
      ...recordAddress(k), GET, p(k), GET, textPtr, SUB, ...store32(0),
      ...recordAddress(k), GET, base(k), ...store32(4),
      GET, count(k), CONST, 1, ADD, SET, count(k),
      END,
      END,
    ]),
    // after every walk's step: the warm-up test above reads p(0)
    ...streams.flatMap((k) => [GET, p(k), CONST, 1, ADD, SET, p(k)]),
    BR, 0,
    END,
    END,
    ...streams.flatMap((k) => [GET, countsPtr, GET, count(k), ...store32(4 * k)]),
    END,
  ];
  const locals = [...uleb(1), ...uleb(1 + 4 * WASM_STREAMS), I32];
  const func = [...locals, ...body];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...uleb(PARAMS), ...Array<number>(PARAMS).fill(I32), 0]])),
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
