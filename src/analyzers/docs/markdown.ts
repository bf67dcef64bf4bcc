// A small, line-based Markdown reader for what the documentation checks need: headings (ATX `#`,
// setext underlines, single-line HTML <h1>–<h6>), the line range of each section, links and
// images (inline, reference definitions, HTML href/src), and which lines are prose. Fenced code
// blocks, YAML front matter and HTML comments are never read as headings or links. Hand-written
// scanning (no backtracking regexes over whole lines) keeps it linear on hostile input.

/** Lines longer than this are scanned for links only up to this length (minified blobs, data URIs). */
export const MAX_SCANNED_LINE_CHARS = 4_000;

/** YAML front matter longer than this is not front matter but a document that opens with a rule. */
export const MAX_FRONT_MATTER_LINES = 100;

export type LineKind = 'blank' | 'prose' | 'heading' | 'code' | 'meta';

export interface MarkdownHeading {
  level: number;
  /** Plain text: emphasis, links, images, code spans and HTML tags reduced to their words. */
  text: string;
  /** 1-based line of the heading text (for setext headings, its first line). */
  line: number;
  /** Last line that belongs to the heading (the underline of a setext heading). */
  endLine: number;
}

export interface MarkdownLink {
  target: string;
  line: number;
  column: number;
  image: boolean;
}

export interface MarkdownSection {
  heading: MarkdownHeading;
  /** First and last body line (1-based, inclusive); body is empty when start > end. */
  bodyStart: number;
  bodyEnd: number;
}

export interface MarkdownDocument {
  lines: string[];
  /** Kind of each line, index = line - 1. */
  kinds: LineKind[];
  headings: MarkdownHeading[];
  links: MarkdownLink[];
}

/**
 * Fences are accepted at any indentation: READMEs nest them in numbered steps ("1. Install:" then a
 * fence indented four spaces), where CommonMark's three-space rule would read their content as text.
 */
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const HTML_HEADING = /<h([1-6])(?:\s[^>]*)?>(.*?)<\/h\1\s*>/i;
const REFERENCE_DEFINITION = /^ {0,3}\[([^\]]{1,999})\]:[ \t]*(<[^>]*>|\S+)/;

export function parseMarkdown(text: string): MarkdownDocument {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const frontMatterEnd = lines[0] === '---' ? lines.slice(1, MAX_FRONT_MATTER_LINES).findIndex((l) => l === '---' || l === '...') : -1;
  const kinds: LineKind[] = new Array<LineKind>(lines.length).fill('prose');
  const headings: MarkdownHeading[] = [];
  const links: MarkdownLink[] = [];

  let i = 0;
  // YAML front matter: `---` on the first line up to the next `---` or `...`.
  if (frontMatterEnd >= 0) {
    const close = frontMatterEnd + 1;
    for (let k = 0; k <= close; k++) kinds[k] = 'meta';
    i = close + 1;
  }

  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  for (; i < lines.length; i++) {
    let line = lines[i]!;
    if (fence) {
      kinds[i] = 'code';
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (inComment) {
      kinds[i] = 'meta';
      const end = line.indexOf('-->');
      if (end < 0) continue;
      inComment = false;
      line = line.slice(end + 3);
      if (line.trim() === '') continue;
      kinds[i] = 'prose';
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      kinds[i] = 'code';
      continue;
    }
    // HTML comments: drop closed ones on the line, start a block at an unclosed one.
    line = stripClosedComments(line);
    const commentStart = line.indexOf('<!--');
    if (commentStart >= 0) {
      inComment = true;
      line = line.slice(0, commentStart);
    }
    if (line.trim() === '') {
      if (kinds[i] !== 'meta') kinds[i] = inComment && commentStart === 0 ? 'meta' : 'blank';
      continue;
    }
    const scanned = line.length > MAX_SCANNED_LINE_CHARS ? line.slice(0, MAX_SCANNED_LINE_CHARS) : line;

    const atx = atxHeading(scanned);
    if (atx) {
      kinds[i] = 'heading';
      headings.push({ level: atx.level, text: plainText(atx.text), line: i + 1, endLine: i + 1 });
      collectLinks(scanned, i + 1, links);
      continue;
    }
    // A setext underline turns the paragraph above it into a heading (it wins over a thematic break).
    const underline = SETEXT_UNDERLINE.exec(scanned);
    if (underline && i > 0 && kinds[i - 1] === 'prose' && isParagraphLine(lines[i - 1]!)) {
      let first = i - 1;
      while (first > 0 && kinds[first - 1] === 'prose' && isParagraphLine(lines[first - 1]!)) first--;
      const textLines = lines.slice(first, i).map((l) => l.trim());
      for (let k = first; k <= i; k++) kinds[k] = 'heading';
      headings.push({ level: underline[1]![0] === '=' ? 1 : 2, text: plainText(textLines.join(' ')), line: first + 1, endLine: i + 1 });
      continue;
    }
    if (THEMATIC_BREAK.test(scanned)) {
      kinds[i] = 'blank';
      continue;
    }
    const html = HTML_HEADING.exec(scanned);
    if (html && scanned.trimStart().startsWith('<')) {
      kinds[i] = 'heading';
      headings.push({ level: Number(html[1]), text: plainText(html[2]!), line: i + 1, endLine: i + 1 });
      collectLinks(scanned, i + 1, links);
      continue;
    }
    const definition = REFERENCE_DEFINITION.exec(scanned);
    if (definition) {
      const raw = definition[2]!;
      const target = raw.startsWith('<') ? raw.slice(1, -1) : raw;
      links.push({ target, line: i + 1, column: scanned.indexOf(raw) + 1, image: false });
      kinds[i] = 'meta';
      continue;
    }
    kinds[i] = 'prose';
    collectLinks(scanned, i + 1, links);
  }
  return { lines, kinds, headings, links };
}

/** Sections: each heading's body runs to the next heading of the same or a higher level. */
export function sectionsOf(doc: MarkdownDocument): MarkdownSection[] {
  return doc.headings.map((heading, index) => {
    let bodyEnd = doc.lines.length;
    for (let k = index + 1; k < doc.headings.length; k++) {
      const next = doc.headings[k]!;
      if (next.level <= heading.level) {
        bodyEnd = next.line - 1;
        break;
      }
    }
    return { heading, bodyStart: heading.endLine + 1, bodyEnd };
  });
}

/** Words in a line range, prose and code alike (a section holding only a command block is not empty). */
export function wordsIn(doc: MarkdownDocument, fromLine: number, toLine: number, kinds: readonly LineKind[] = ['prose', 'code', 'heading']): string[] {
  const words: string[] = [];
  for (let line = Math.max(1, fromLine); line <= Math.min(toLine, doc.lines.length); line++) {
    const kind = doc.kinds[line - 1]!;
    if (!kinds.includes(kind)) continue;
    const raw = doc.lines[line - 1]!;
    const isFenceLine = kind === 'code' && /^[ \t]*(?:`{3,}|~{3,})/.test(raw);
    if (isFenceLine) continue;
    const text = kind === 'code' ? raw : plainText(raw);
    for (const word of text.split(/[^\p{L}\p{N}_@.'-]+/u)) if (/[\p{L}\p{N}]/u.test(word)) words.push(word);
  }
  return words;
}

/** Prose words of the whole document: paragraphs and lists, not headings, code, HTML or URLs. */
export function proseWords(doc: MarkdownDocument): number {
  return wordsIn(doc, 1, doc.lines.length, ['prose']).length;
}

function isParagraphLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (/^ {0,3}(?:>|#{1,6}(?:[ \t]|$)|<\/?[a-zA-Z]|\|)/.test(line)) return false;
  if (LIST_ITEM.test(line)) return false;
  if (THEMATIC_BREAK.test(line)) return false;
  if (/^(?: {4}|\t)/.test(line)) return false;
  return true;
}

function atxHeading(line: string): { level: number; text: string } | undefined {
  let k = 0;
  while (k < 3 && line[k] === ' ') k++;
  let level = 0;
  while (line[k + level] === '#') level++;
  if (level < 1 || level > 6) return undefined;
  const rest = line.slice(k + level);
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') return undefined;
  // Drop an optional closing sequence of #s (only when separated by a space).
  let text = rest.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0) text = '';
  else if (end < text.length && (text[end - 1] === ' ' || text[end - 1] === '\t')) text = text.slice(0, end).trimEnd();
  return { level, text };
}

function stripClosedComments(line: string): string {
  let out = line;
  for (let guard = 0; guard < 100; guard++) {
    const start = out.indexOf('<!--');
    if (start < 0) break;
    const end = out.indexOf('-->', start + 4);
    if (end < 0) break;
    out = out.slice(0, start) + ' '.repeat(end + 3 - start) + out.slice(end + 3);
  }
  return out;
}

/** Replaces code spans with spaces (same length, so columns stay right). */
function blankCodeSpans(line: string): string {
  if (!line.includes('`')) return line;
  const chars = line.split('');
  let i = 0;
  while (i < chars.length) {
    if (chars[i] !== '`') {
      i++;
      continue;
    }
    let run = 0;
    while (chars[i + run] === '`') run++;
    // Find a closing run of exactly the same length.
    let j = i + run;
    let closeAt = -1;
    while (j < chars.length) {
      if (chars[j] === '`') {
        let r = 0;
        while (chars[j + r] === '`') r++;
        if (r === run) {
          closeAt = j;
          break;
        }
        j += r;
      } else j++;
    }
    if (closeAt < 0) {
      i += run;
      continue;
    }
    for (let k = i; k < closeAt + run; k++) chars[k] = ' ';
    i = closeAt + run;
  }
  return chars.join('');
}

function collectLinks(rawLine: string, lineNumber: number, out: MarkdownLink[]): void {
  const line = blankCodeSpans(rawLine);
  // Inline links and images: every "](" starts a destination.
  let from = 0;
  for (;;) {
    const at = line.indexOf('](', from);
    if (at < 0) break;
    from = at + 2;
    const destination = readDestination(line, at + 2);
    if (!destination) continue;
    const image = openingBracketIsImage(line, at);
    out.push({ target: destination.target, line: lineNumber, column: destination.start + 1, image });
  }
  // HTML <a href>, <img src>, <source srcset> (first candidate).
  const lower = line.toLowerCase();
  let tagFrom = 0;
  for (;;) {
    const lt = lower.indexOf('<', tagFrom);
    if (lt < 0) break;
    tagFrom = lt + 1;
    const nameMatch = /^<(a|img|source)\s/.exec(lower.slice(lt, lt + 8));
    if (!nameMatch) continue;
    const gt = line.indexOf('>', lt);
    const tag = line.slice(lt, gt < 0 ? line.length : gt);
    const attr = /\s(href|src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag);
    if (!attr) continue;
    let target = (attr[2] ?? attr[3] ?? attr[4] ?? '').trim();
    if (attr[1]!.toLowerCase() === 'srcset') target = target.split(/\s+/)[0] ?? '';
    const column = lt + attr.index + attr[0].indexOf(target) + 1;
    out.push({ target, line: lineNumber, column, image: nameMatch[1] !== 'a' });
  }
}

/** Reads `<dest>` or a bare destination with balanced parentheses, followed by an optional title. */
function readDestination(line: string, start: number): { target: string; start: number } | undefined {
  let k = start;
  while (line[k] === ' ' || line[k] === '\t') k++;
  if (line[k] === '<') {
    const close = line.indexOf('>', k + 1);
    if (close < 0) return undefined;
    return { target: line.slice(k + 1, close), start: k + 1 };
  }
  const begin = k;
  let depth = 0;
  while (k < line.length) {
    const c = line[k]!;
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === ' ' || c === '\t') break;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
    k++;
  }
  // No closing parenthesis on this line: not a link we can read.
  if (k >= line.length) return undefined;
  return { target: line.slice(begin, k), start: begin };
}

/** Walks back from the `]` at `closeAt` to its `[` and tells whether a `!` precedes it. */
function openingBracketIsImage(line: string, closeAt: number): boolean {
  let depth = 0;
  for (let k = closeAt; k >= 0; k--) {
    const c = line[k];
    if (c === ']') depth++;
    else if (c === '[') {
      depth--;
      if (depth === 0) return k > 0 && line[k - 1] === '!';
    }
  }
  return false;
}

/** Heading or prose text without Markdown/HTML markup: `[text](url)` → text, `**x**` → x. */
export function plainText(text: string): string {
  let out = text;
  // Images and links keep their text; HTML tags, code-span ticks and emphasis marks go.
  out = out.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  out = out.replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  out = out.replace(/<[^>]{0,500}>/g, ' ');
  out = out.replace(/https?:\/\/\S+/g, ' ');
  out = out.replace(/[`*~]+/g, '');
  // Underscores are emphasis only at a word's edge; CTP_CLIENT_ID keeps its own.
  out = out.replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1');
  out = out.replace(/&[a-z]+;|&#\d+;/gi, ' ');
  return out.replace(/\s+/g, ' ').trim();
}
