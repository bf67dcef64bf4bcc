// Step output, size-limited and redacted. A step's stdout and stderr are interleaved in arrival
// order; past the limit the middle is dropped (the head shows how it started, the tail why it
// ended). Secrets (the placeholder configuration's secured values) are replaced before anything is
// written or returned, so neither the log file nor a finding ever carries them.
import { writeFileSync } from 'node:fs';

/** Bytes kept from the start of a step's output. */
export const LOG_HEAD_BYTES = 256 * 1024;
/** Bytes kept from the end of a step's output; head + tail is a log file's maximum size. */
export const LOG_TAIL_BYTES = 768 * 1024;
/** Lines of the log's end quoted in a finding. */
export const LOG_TAIL_LINES = 30;
/** Characters of the log's end quoted in a finding, whatever the line count. */
export const LOG_TAIL_CHARS = 4_000;
/** Secrets shorter than this are not redacted: replacing "1" everywhere would garble the log. */
export const MIN_REDACTED_LENGTH = 6;

export interface LogSummary {
  /** Absolute path of the log file on the host. */
  path: string;
  /** Bytes the step wrote in total. */
  bytes: number;
  /** True when the middle of the output was dropped. */
  truncated: boolean;
}

/** Collects output up to a fixed size: the first LOG_HEAD_BYTES and the last LOG_TAIL_BYTES. */
export class LogCapture {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(
    private readonly headLimit = LOG_HEAD_BYTES,
    private readonly tailLimit = LOG_TAIL_BYTES,
  ) {}

  get bytes(): number {
    return this.total;
  }

  write(chunk: Buffer | string): void {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.total += data.length;
    if (this.headBytes < this.headLimit) {
      const take = Math.min(this.headLimit - this.headBytes, data.length);
      this.head.push(data.subarray(0, take));
      this.headBytes += take;
      data = data.subarray(take);
    }
    if (data.length === 0) return;
    this.tail.push(data);
    this.tailBytes += data.length;
    // Drop whole chunks from the front while the rest still covers the tail limit.
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= this.tailLimit) {
      this.tailBytes -= this.tail.shift()!.length;
    }
  }

  /** The kept text with `secrets` redacted; a marker line stands where the middle was dropped. */
  text(secrets: readonly string[] = []): { text: string; truncated: boolean } {
    const head = Buffer.concat(this.head).toString('utf8');
    let tail = Buffer.concat(this.tail);
    if (tail.length > this.tailLimit) tail = tail.subarray(tail.length - this.tailLimit);
    const dropped = this.total - this.headBytes - tail.length;
    const text = dropped > 0 ? `${head}\n[… ${dropped} bytes of output omitted …]\n${tail.toString('utf8')}` : `${head}${tail.toString('utf8')}`;
    return { text: redactSecrets(text, secrets), truncated: dropped > 0 };
  }

  /** Writes the kept, redacted text to `file`. */
  save(file: string, secrets: readonly string[] = []): LogSummary {
    const { text, truncated } = this.text(secrets);
    writeFileSync(file, text, { mode: 0o600 });
    return { path: file, bytes: this.total, truncated };
  }
}

/** Replaces every occurrence of each secret (longest first, so overlapping values stay hidden). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  const ordered = [...new Set(secrets)].filter((s) => s.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of ordered) out = out.split(secret).join('[redacted]');
  return out;
}

/** The end of a log for a finding: the last LOG_TAIL_LINES non-empty lines, at most LOG_TAIL_CHARS. */
export function tailOf(text: string, lines = LOG_TAIL_LINES, chars = LOG_TAIL_CHARS): string {
  // Strip ANSI colour codes: findings are read in plain text, HTML and SARIF.
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r(?!\n)/g, '\n');
  const kept = plain.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-lines).join('\n');
  return kept.length > chars ? `…${kept.slice(kept.length - chars)}` : kept;
}
