// Drives call-scan.wat, the WebAssembly form of the pre-filter's call scan (see prefilter.ts,
// scanCallsInJs, which stays the reference). Non-ASCII texts are left to the JavaScript scan (see
// wasm-text.ts), as are files whose word set would fill up.
import { instantiateWasm, WasmTextMemory } from '../text/wasm-text.js';
import { WASM_BASE64 } from './call-scan-wasm-binary.js';

/** What the call scan finds before the `assignedSomewhere` test, which the caller makes (native searches). */
export interface RawCallFacts {
  plain: Set<string>;
  member: Set<string>;
  unreadable: boolean;
  forIn: boolean;
  recursion: boolean;
  /** Names called (not declared) once, in text order: recursion is possible if one is assigned somewhere. */
  called: string[];
}

// Memory layout: see call-scan.wat.
const NAMES_TABLE = 256;
const NAME_SLOTS = 512;
const NAMES_POOL = 8448;
const NAMES_POOL_BYTES = 8192;
const PLAIN_IDS = 17664;
const MEMBER_IDS = 19712;
const COUNTS = 21760;
const WORD_SET = 32768;
const SENTINEL = 32;
/** Callee ids fit the 512-byte seen arrays; the table stays at most half full. */
const MAX_CALLEES = 511;
const MAX_NAMES = NAME_SLOTS / 2;

const FLAG_UNREADABLE = 1;
const FLAG_FOR_IN = 2;
const FLAG_RECURSION = 4;
const FLAG_FULL = 8;

const WORD = 1;
const SPACE = 2;

type ScanExport = (t: number, n: number, usesThis: number, stamp: number, set: number, mask: number, out: number) => number;

export class WasmCallScan {
  private readonly memory: WasmTextMemory;
  private readonly scanExport: ScanExport;
  private stamp = 0;
  private callees: readonly string[] = [];
  /** False while the names do not fit the module's table: every text then goes to the JavaScript scan. */
  private namesFit = false;

  constructor(private readonly reserved: readonly string[]) {
    const instance = instantiateWasm(WASM_BASE64);
    this.memory = new WasmTextMemory(instance.exports.memory as WebAssembly.Memory);
    this.scanExport = instance.exports.scan as ScanExport;
    const classes = this.memory.bytes;
    for (let c = 0; c < 256; c++) {
      const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 36 || c === 95;
      classes[c] = (word ? WORD : 0) | (c === 32 || (c >= 9 && c <= 13) ? SPACE : 0);
    }
    this.setCallees([]);
  }

  /** The callee names needs ask about (recorded in `plain` and `member`), replacing earlier ones. */
  setCallees(callees: readonly string[]): void {
    this.callees = callees;
    const { bytes, words } = this.memory;
    bytes.fill(0, NAMES_TABLE, NAMES_POOL + NAMES_POOL_BYTES);
    // A name with a character outside [A-Za-z0-9$_] never equals the word before a `(`: not entered.
    const wordName = /^[A-Za-z0-9$_]+$/;
    const values = new Map<string, number>();
    callees.forEach((name, id) => {
      if (wordName.test(name) && !values.has(name)) values.set(name, id + 1);
    });
    for (const name of this.reserved) values.set(name, (values.get(name) ?? 0) | 0x10000);
    this.namesFit = callees.length <= MAX_CALLEES && values.size <= MAX_NAMES;
    if (!this.namesFit) return;
    let pool = NAMES_POOL;
    for (const [name, value] of values) {
      if (pool + name.length > NAMES_POOL + NAMES_POOL_BYTES) {
        this.namesFit = false;
        return;
      }
      bytes.write(name, pool, 'latin1');
      const h = fnv1a(name);
      for (let idx = h; ; idx++) {
        const slot = NAMES_TABLE + (idx & (NAME_SLOTS - 1)) * 16;
        if (words[(slot + 8) >> 2] !== 0) continue;
        words[slot >> 2] = h;
        words[(slot + 4) >> 2] = pool;
        words[(slot + 8) >> 2] = name.length;
        words[(slot + 12) >> 2] = value;
        break;
      }
      pool += name.length;
    }
  }

  /** The call facts of `text`, or undefined when the JavaScript scan must make them (non-ASCII text, a full word set). */
  scan(text: string, usesThis: boolean): RawCallFacts | undefined {
    if (!this.namesFit) return undefined;
    const n = text.length;
    // A file has at most n/2 calls (`f(` is two characters); most have far fewer. The set is sized
    // for one call per 16 characters at half load, and a file with more falls back (FLAG_FULL).
    const capacity = nextPowerOfTwo((n >> 3) + 64);
    const out = WORD_SET + capacity * 16;
    const textAt = out + capacity * 4 + SENTINEL;
    if (!this.memory.writeAscii(text, textAt, SENTINEL)) return undefined;
    if (++this.stamp > 0x7fffffff) {
      this.memory.bytes.fill(0, WORD_SET);
      this.stamp = 1;
    }
    const flags = this.scanExport(textAt, n, usesThis ? 1 : 0, this.stamp, WORD_SET, capacity - 1, out);
    if ((flags & FLAG_FULL) !== 0) return undefined;
    const words = this.memory.words;
    const plain = new Set<string>();
    for (let k = 0, count = words[COUNTS >> 2]!; k < count; k++) plain.add(this.callees[words[(PLAIN_IDS >> 2) + k]!]!);
    const member = new Set<string>();
    for (let k = 0, count = words[(COUNTS + 4) >> 2]!; k < count; k++) member.add(this.callees[words[(MEMBER_IDS >> 2) + k]!]!);
    const recursion = (flags & FLAG_RECURSION) !== 0;
    const unreadable = (flags & FLAG_UNREADABLE) !== 0;
    const called: string[] = [];
    // The called words are wanted only while no recursion is known yet.
    if (!recursion && !unreadable) {
      for (let k = 0, count = words[(COUNTS + 8) >> 2]!, at = out >> 2; k < count; k++, at += 2) {
        const start = words[at]!;
        called.push(text.slice(start, start + words[at + 1]!));
      }
    }
    return { plain, member, unreadable, forIn: (flags & FLAG_FOR_IN) !== 0, recursion, called };
  }
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** FNV-1a over the characters of an ASCII word, as call-scan.wat's $hash (as a signed 32-bit integer). */
function fnv1a(word: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}
