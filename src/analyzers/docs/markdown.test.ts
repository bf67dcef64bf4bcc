import { describe, expect, it } from 'vitest';
import { parseMarkdown, plainText, proseWords, sectionsOf, wordsIn } from './markdown.js';

const headingsOf = (text: string) => parseMarkdown(text).headings.map((h) => [h.level, h.text, h.line]);

describe('markdown headings', () => {
  it('reads ATX headings, with closing hashes, up to three spaces of indent', () => {
    expect(headingsOf('# Title\n\n## Install ##\n   ### Deep\n    #### code, not a heading\n#nospace\n####### seven')).toEqual([
      [1, 'Title', 1],
      [2, 'Install', 3],
      [3, 'Deep', 4],
    ]);
  });

  it('reads setext headings, multi-line ones included, but not list items or thematic breaks', () => {
    const text = ['Installation', '============', '', 'How to', 'use it', '---', '', '- item', '---', '', '***'].join('\n');
    expect(headingsOf(text)).toEqual([
      [1, 'Installation', 1],
      [2, 'How to use it', 4],
    ]);
  });

  it('ignores headings inside fenced code blocks (backticks, tildes, longer fences)', () => {
    const text = ['```bash', '# Install', '```', '~~~~', '## Usage', '```', 'still code', '~~~~', '````md', '```', '# nested', '````', '# Real'].join('\n');
    expect(headingsOf(text)).toEqual([[1, 'Real', 13]]);
  });

  it('reads fences nested in list items at any indentation', () => {
    const text = ['1. Install:', '', '    ```bash', '# not a heading', '    ```', '', '## After'].join('\n');
    expect(headingsOf(text)).toEqual([[2, 'After', 7]]);
  });

  it('treats a long opening rule as a rule, not as front matter', () => {
    const text = ['---', ...Array.from({ length: 150 }, () => 'text'), '---', '# Title'].join('\n');
    expect(headingsOf(text).map((h) => h[1])).toContain('Title');
  });

  it('treats an unclosed fence as code to the end of the file', () => {
    expect(headingsOf('# A\n```\n# B\n')).toEqual([[1, 'A', 1]]);
  });

  it('ignores front matter and HTML comments, reads single-line HTML headings', () => {
    const text = ['---', 'title: x', '---', '<!-- # Hidden -->', '<!--', '## Also hidden', '-->', '<h2 align="center">Setup <b>guide</b></h2>', '# Shown'].join('\n');
    expect(headingsOf(text)).toEqual([
      [2, 'Setup guide', 8],
      [1, 'Shown', 9],
    ]);
  });

  it('reduces markup in heading text', () => {
    expect(headingsOf('## 🚀 [Getting **started**](#x) with `npm`')).toEqual([[2, '🚀 Getting started with npm', 1]]);
    expect(plainText('Set CTP_CLIENT_ID and _emphasis_')).toBe('Set CTP_CLIENT_ID and emphasis');
  });
});

describe('markdown sections and words', () => {
  it('runs a section to the next heading of the same or higher level', () => {
    const doc = parseMarkdown('# A\none\n## B\ntwo\n### C\nthree\n## D\nfour\n# E\n');
    const sections = sectionsOf(doc).map((s) => [s.heading.text, s.bodyStart, s.bodyEnd]);
    expect(sections).toEqual([
      ['A', 2, 8],
      ['B', 4, 6],
      ['C', 6, 6],
      ['D', 8, 8],
      ['E', 10, 10],
    ]);
  });

  it('counts code in a section, but only prose in the document total', () => {
    const doc = parseMarkdown('# Install\n```bash\nnpm install my-connector --save\n```\nThen deploy it.\n');
    expect(wordsIn(doc, 2, 5)).toEqual(['npm', 'install', 'my-connector', '--save', 'Then', 'deploy', 'it.']);
    expect(proseWords(doc)).toBe(3);
  });
});

describe('markdown links', () => {
  const linksOf = (text: string) => parseMarkdown(text).links.map((l) => [l.target, l.line, l.column, l.image]);

  it('reads inline links, images, nested badge links and titles', () => {
    expect(linksOf('See [guide](docs/setup.md "Setup") and ![shot](img/a.png).\n[![badge](b.svg)](https://ci)')).toEqual([
      ['docs/setup.md', 1, 13, false],
      ['img/a.png', 1, 48, true],
      ['b.svg', 2, 11, true],
      ['https://ci', 2, 19, false],
    ]);
  });

  it('reads angle-bracket destinations, balanced parentheses, reference definitions and HTML', () => {
    expect(linksOf('[a](<my file.md>) [b](x_(1).md)\n[ref]: ./ref.md\n<img src="logo.png" width="10"> <a href=\'doc.md\'>d</a>')).toEqual([
      ['my file.md', 1, 6, false],
      ['x_(1).md', 1, 23, false],
      ['./ref.md', 2, 8, false],
      ['logo.png', 3, 11, true],
      ['doc.md', 3, 42, false],
    ]);
  });

  it('ignores links in code spans and code blocks', () => {
    expect(linksOf('`[a](b.md)` ``[c](d.md)``\n```\n[e](f.md)\n```\n')).toEqual([]);
  });

  it('stays linear on hostile input', () => {
    const hostile = `${'[a]('.repeat(20_000)}\n${'<a '.repeat(20_000)}\n${'`'.repeat(20_000)}`;
    expect(() => parseMarkdown(hostile)).not.toThrow();
  });
});
