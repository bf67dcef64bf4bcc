// Reads the indexed files' texts on a worker thread while the main thread loads the checks and
// runs the first ones: on a 10,000-file repository opening, reading and decoding every file costs
// about as much main-thread time as a large check. The worker and the main thread never read the
// same file twice over: each file is claimed once, by whichever gets to it first (a compare-and-swap
// on a shared byte), so a file the checks want before the worker reaches it is read on the spot.
//
// The texts come back in small batches over a MessagePort that the main thread drains synchronously
// (receiveMessageOnPort), because checks read files synchronously. Whatever goes wrong on the worker
// side (an unreadable file, a worker that died) only means the main thread reads that file itself,
// exactly as it would without a prefetch: same text, same error.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { hasBinaryExtension } from '../../analyzers/text/binary-files.js';
import { contentPathOf, type FileIndex } from './file-index.js';

/** Claim states of a file, one byte each in shared memory. */
const FREE = 0;
const WORKER = 1;
const MAIN = 2;

/** Slots of the shared counters: batches posted so far, and whether the worker has finished. */
const POSTED = 0;
const FINISHED = 1;
const STOP = 2;

/**
 * Batch size: small enough that the main thread waits briefly for a file the worker holds, large
 * enough that a batch's string lands in V8's large-object space (over 128 KiB).
 */
const BATCH_FILES = 256;
const BATCH_CHARS = 256 * 1024;
/** Waiting this long for one file means the worker is stuck; the main thread reads it itself. */
const STUCK_AFTER_MS = 5_000;
/** Below this many files a worker's start-up costs more than it saves. */
export const MIN_PREFETCH_FILES = 200;
/** Larger files are read when a check asks: few, and not worth holding if none does. */
export const PREFETCH_MAX_FILE_BYTES = 1024 * 1024;
/** What the prefetch may hold at most (texts not yet taken); later files are read on demand. */
export const PREFETCH_MAX_TOTAL_BYTES = 128 * 1024 * 1024;

// Plain JavaScript run with `eval: true`, so it needs no build step and runs the same from src/ and dist/.
const WORKER_SOURCE = `
const { closeSync, openSync, readFileSync, readSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { paths, sizes, claims, counters, port, batchFiles, batchChars } = workerData;
// As read-text.ts's readListedText: one read of the listed size plus one byte, else readFileSync.
let buffer = Buffer.allocUnsafe(64 * 1024);
function readListedText(path, size) {
  if (size + 1 > buffer.length) buffer = Buffer.allocUnsafe(Math.max(size + 1, buffer.length * 2));
  let fd;
  try {
    fd = openSync(path, 'r');
    if (readSync(fd, buffer, 0, size + 1, 0) === size) return buffer.toString('utf8', 0, size);
  } catch {
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return readFileSync(path, 'utf8');
}
const claim = new Uint8Array(claims);
const counter = new Int32Array(counters);
// A batch travels as one string: on the main thread each file's text is a slice of it, so the
// texts are born in the large-object space instead of being copied out of the young generation.
let numbers = [];
let ends = [];
let texts = [];
let length = 0;
function flush() {
  if (numbers.length === 0) return;
  port.postMessage({ numbers, ends, text: texts.join('') });
  numbers = [];
  ends = [];
  texts = [];
  length = 0;
  Atomics.add(counter, ${POSTED}, 1);
  Atomics.notify(counter, ${POSTED});
}
try {
  for (let i = 0; i < paths.length && Atomics.load(counter, ${STOP}) === 0; i++) {
    if (Atomics.compareExchange(claim, i, ${FREE}, ${WORKER}) !== ${FREE}) continue;
    let text = null; // null: the main thread reads the file itself and meets the error there
    try { text = readListedText(paths[i], sizes[i]); } catch {}
    numbers.push(i);
    if (text === null) ends.push(-1);
    else {
      texts.push(text);
      length += text.length;
      ends.push(length);
    }
    if (numbers.length >= batchFiles || length >= batchChars) flush();
  }
  flush();
} finally {
  Atomics.store(counter, ${FINISHED}, 1);
  Atomics.notify(counter, ${POSTED});
  port.close();
}
`;

export class TextPrefetch {
  private readonly claim: Uint8Array;
  private readonly counter: Int32Array;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  /** Texts posted by the worker and not yet taken; null where the worker could not read the file. */
  private readonly arrived = new Map<number, string | null>();
  private closed = false;
  /** Settles when the worker has stopped: read everything, closed, or failed. */
  readonly stopped: Promise<void>;

  /**
   * Starts reading `absolutePaths` (in that order; `sizes` as the listing saw them) on a worker.
   * `numberOf` maps what `take` is asked for to a position in that list.
   */
  constructor(absolutePaths: readonly string[], sizes: readonly number[], private readonly numberOf: ReadonlyMap<string, number>) {
    this.claim = new Uint8Array(new SharedArrayBuffer(absolutePaths.length));
    this.counter = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        paths: absolutePaths,
        sizes,
        claims: this.claim.buffer,
        counters: this.counter.buffer,
        port: port2,
        batchFiles: BATCH_FILES,
        batchChars: BATCH_CHARS,
      },
      transferList: [port2],
      // The worker only reads files: a small heap, no stdin, its output never mixed into a report.
      resourceLimits: { maxOldGenerationSizeMb: 64 },
      stdin: false,
      stdout: true,
      stderr: true,
    });
    // A worker that fails to start or dies only stops prefetching; the main thread reads on demand.
    this.worker.on('error', () => this.close());
    this.stopped = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.unref();
  }

  /**
   * The text of a file if the worker read it (waiting briefly when the worker holds it), or
   * undefined when the caller must read it itself: not part of the prefetch, claimed now by the
   * caller, unreadable on the worker side, or the worker stuck or gone.
   */
  take(key: string): string | undefined {
    const number = this.numberOf.get(key);
    if (number === undefined || this.closed) return undefined;
    this.drain();
    if (!this.arrived.has(number)) {
      if (Atomics.compareExchange(this.claim, number, FREE, MAIN) !== WORKER) return undefined;
      if (!this.waitFor(number)) return undefined;
    }
    const text = this.arrived.get(number);
    this.arrived.delete(number);
    Atomics.store(this.claim, number, MAIN); // taken: asking again reads the file, never waits
    return text ?? undefined;
  }

  /** Stops the worker (it finishes the file in hand); texts not taken are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.counter, STOP, 1);
    this.arrived.clear();
    this.port.close();
    void this.worker.terminate();
  }

  private waitFor(number: number): boolean {
    const deadline = performance.now() + STUCK_AFTER_MS;
    for (;;) {
      const posted = Atomics.load(this.counter, POSTED);
      this.drain();
      if (this.arrived.has(number)) return true;
      const left = deadline - performance.now();
      if (Atomics.load(this.counter, FINISHED) === 1 || left <= 0) {
        this.drain();
        return this.arrived.has(number);
      }
      Atomics.wait(this.counter, POSTED, posted, left);
    }
  }

  private drain(): void {
    for (let message = receiveMessageOnPort(this.port); message !== undefined; message = receiveMessageOnPort(this.port)) {
      const batch = message.message as { numbers: number[]; ends: number[]; text: string };
      let start = 0;
      for (let i = 0; i < batch.numbers.length; i++) {
        const end = batch.ends[i]!;
        if (end === -1) this.arrived.set(batch.numbers[i]!, null);
        else {
          this.arrived.set(batch.numbers[i]!, batch.text.slice(start, end));
          start = end;
        }
      }
    }
  }
}

/**
 * A prefetch of the indexed files checks read as text, or undefined for repositories too small to
 * gain from one. Texts not taken stay in memory until the run ends, so binary files, files over
 * PREFETCH_MAX_FILE_BYTES and files past PREFETCH_MAX_TOTAL_BYTES are left to be read on demand.
 */
export function prefetchTexts(index: FileIndex): TextPrefetch | undefined {
  if (index.files.length < MIN_PREFETCH_FILES) return undefined;
  const numberOf = new Map<string, number>();
  const paths: string[] = [];
  const sizes: number[] = [];
  let total = 0;
  for (const file of index.files) {
    if (file.size > PREFETCH_MAX_FILE_BYTES || hasBinaryExtension(file.path)) continue;
    if ((total += file.size) > PREFETCH_MAX_TOTAL_BYTES) break;
    numberOf.set(file.path, paths.length);
    paths.push(contentPathOf(index.root, file));
    sizes.push(file.size);
  }
  return new TextPrefetch(paths, sizes, numberOf);
}
