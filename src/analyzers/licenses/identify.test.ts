import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalLicenseId, IDENTIFIED_SIMILARITY, identifyLicenseText, licenseSimilarity, referenceBigramCounts, referenceCompactLengths, spdxLicense } from './identify.js';
import { licenseWords, normaliseLicenseText } from './normalize.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const reference = (id: string) =>
  (createRequire(import.meta.url)('spdx-license-list/full') as Record<string, { licenseText: string }>)[id]!.licenseText;

describe('licence text normalisation', () => {
  it('drops copyright lines but keeps terms that start with "copyright" or "(c)"', () => {
    const words = normaliseLicenseText(
      [
        'Copyright (c) 2024 Acme GmbH',
        '© 2023 Jane Doe',
        '(c) 2022 Someone',
        'All rights reserved.',
        'copyright notice and this permission notice appear in all copies.',
        '(c) You must retain all notices;',
      ].join('\n'),
    );
    expect(words).toBe('copyright notice and this permission notice appear in all copies you must retain all notices');
  });

  it('treats case, punctuation, line breaks, hyphenation and British spelling as equal', () => {
    const a = 'THE SOFTWARE IS PROVIDED “AS IS”, WITHOUT\nWARRANTY; NON-INFRINGEMENT. Licence, sub-\nlicense.';
    const b = 'The software is provided "as is" without warranty noninfringement license sublicense';
    expect(normaliseLicenseText(a)).toBe(normaliseLicenseText(b));
  });

  it('drops one-character list markers and the text after END OF TERMS AND CONDITIONS', () => {
    expect(licenseWords('1. Definitions.\na) first\nEND OF TERMS AND CONDITIONS\nAPPENDIX: how to apply')).toEqual([
      'definitions',
      'first',
      'end',
      'of',
      'terms',
      'and',
      'conditions',
    ]);
  });
});

describe('licence identification', () => {
  it('identifies a hand-typed, reflowed MIT licence with real copyright lines', () => {
    const result = identifyLicenseText(fixture('mit-reflowed.txt'));
    expect(result.id).toBe('MIT');
    expect(result.similarity).toBeGreaterThanOrEqual(IDENTIFIED_SIMILARITY);
  });

  it('identifies a hand-typed Apache-2.0 with its appendix and an indented layout', () => {
    const result = identifyLicenseText(fixture('apache-2.0.txt'));
    expect(result.id).toBe('Apache-2.0');
    expect(result.similarity).toBeGreaterThan(0.95);
  });

  it('identifies Apache-2.0 without the optional appendix', () => {
    const terms = fixture('apache-2.0.txt').split('APPENDIX')[0]!;
    expect(identifyLicenseText(terms).id).toBe('Apache-2.0');
  });

  it('identifies ISC as ISC, not as 0BSD (which lacks the notice condition)', () => {
    const result = identifyLicenseText(fixture('isc.txt'));
    expect(result.id).toBe('ISC');
  });

  it('identifies BSD-3-Clause and does not confuse it with BSD-2-Clause', () => {
    expect(identifyLicenseText(fixture('bsd-3-clause.txt')).id).toBe('BSD-3-Clause');
    const twoClause = fixture('bsd-3-clause.txt').replace(/3\. Neither[\s\S]*?permission\.\n/, '');
    expect(identifyLicenseText(twoClause).id).toBe('BSD-2-Clause');
  });

  it('tells MIT-0 from MIT', () => {
    expect(identifyLicenseText(reference('MIT-0')).id).toBe('MIT-0');
  });

  it('does not identify an MIT licence with an added condition, but names MIT as the closest', () => {
    const result = identifyLicenseText(fixture('mit-modified.txt'));
    expect(result.id).toBeUndefined();
    expect(result.closest).toBe('MIT');
    expect(result.similarity).toBeLessThan(IDENTIFIED_SIMILARITY);
    expect(result.similarity).toBeGreaterThan(0.6);
  });

  it('leaves a text that is not a licence unidentified with a low similarity', () => {
    const result = identifyLicenseText(fixture('not-a-license.txt'));
    expect(result.id).toBeUndefined();
    expect(result.similarity).toBeLessThan(0.2);
  });

  it('returns nothing for an empty text', () => {
    expect(identifyLicenseText('')).toEqual({ sameText: [], similarity: 0, words: 0 });
    expect(identifyLicenseText('Copyright (c) 2024 Acme')).toMatchObject({ similarity: 0, words: 0 });
  });

  it('prefers the current id over deprecated ids with the same text and lists the others', () => {
    const result = identifyLicenseText(reference('GPL-3.0-only'));
    expect(result.id).toBe('GPL-3.0-only');
    expect(result.sameText).toEqual(expect.arrayContaining(['GPL-3.0-or-later', 'GPL-3.0']));
    expect(result.sameText.indexOf('GPL-3.0-or-later')).toBeLessThan(result.sameText.indexOf('GPL-3.0'));
  });

  it('compares only the start of a huge file and still answers', () => {
    const huge = `${fixture('mit-reflowed.txt')}\n${'lorem ipsum dolor sit amet '.repeat(40_000)}`;
    const result = identifyLicenseText(huge);
    expect(result.id).toBeUndefined();
    expect(result.words).toBeLessThan(30_000);
  });

  it('is a similarity: 1 for the same text, symmetric, 0 for unrelated texts', () => {
    const mit = fixture('mit-reflowed.txt');
    const isc = fixture('isc.txt');
    expect(licenseSimilarity(mit, mit)).toBe(1);
    expect(licenseSimilarity(mit, isc)).toBeCloseTo(licenseSimilarity(isc, mit));
    expect(licenseSimilarity(mit, 'alpha beta gamma delta')).toBe(0);
  });
});

describe('SPDX licence metadata', () => {
  it('knows OSI approval and canonical spelling', () => {
    expect(spdxLicense('MIT')?.osiApproved).toBe(true);
    expect(spdxLicense('CC-BY-4.0')?.osiApproved).toBe(false);
    expect(spdxLicense('GPL-2.0')?.deprecated).toBe(true);
    expect(canonicalLicenseId('apache-2.0')).toBe('Apache-2.0');
    expect(canonicalLicenseId('not-a-licence')).toBeUndefined();
  });
});

describe('reference sizes (data/reference-sizes.json)', () => {
  // identify.ts picks and orders candidates by these sizes without loading the corpus; they must be the
  // installed list's. After upgrading spdx-license-list: UPDATE_LICENSE_SIZES=1 npx vitest run src/analyzers/licenses/identify.test.ts
  const file = fileURLToPath(new URL('./data/reference-sizes.json', import.meta.url));
  const installed = createRequire(import.meta.url)('spdx-license-list/package.json') as { version: string };

  it('are those of the installed SPDX licence list, every licence with its own text file', () => {
    const expected = { spdxLicenseList: installed.version, compactLengths: referenceCompactLengths(), bigramCounts: referenceBigramCounts() };
    if (process.env.UPDATE_LICENSE_SIZES) writeFileSync(file, `${JSON.stringify(expected)}\n`);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as typeof expected;
    expect(stored.spdxLicenseList).toBe(installed.version);
    expect(Object.keys(stored.compactLengths)).toEqual(Object.keys(expected.compactLengths));
    expect(stored.compactLengths).toEqual(expected.compactLengths);
    // The similarity bound that decides which licences are compared at all.
    expect(stored.bigramCounts).toEqual(expected.bigramCounts);
    for (const id of Object.keys(stored.compactLengths)) {
      expect(existsSync(createRequire(import.meta.url).resolve(`spdx-license-list/licenses/${id}.json`)), id).toBe(true);
    }
  });
});
