// Unit tests: the notice text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LANGUAGE, formatLimitMessage, languageOf } from '../../src/format.js';

describe('formatLimitMessage', () => {
  it('renders the limit in the requested language', () => {
    assert.equal(formatLimitMessage(10, 'en-GB'), 'You can order at most 10 of each item.');
    assert.equal(formatLimitMessage(3, 'de'), 'Sie können höchstens 3 Stück pro Artikel bestellen.');
  });

  it('falls back to English for languages it does not know', () => {
    assert.equal(languageOf('pt-BR'), DEFAULT_LANGUAGE);
    assert.equal(languageOf('constructor'), DEFAULT_LANGUAGE);
    assert.equal(languageOf(undefined), DEFAULT_LANGUAGE);
  });

  it('renders nothing for a limit that is not a positive integer', () => {
    for (const max of [0, -1, 2.5, Number.NaN]) assert.equal(formatLimitMessage(max, 'en'), '');
  });
});
