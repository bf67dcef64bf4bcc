// Text of the notice, per language. Pure functions so they run in the browser and in Node's tests.

const MESSAGES = {
  en: (max) => `You can order at most ${max} of each item.`,
  de: (max) => `Sie können höchstens ${max} Stück pro Artikel bestellen.`,
  fr: (max) => `Vous pouvez commander au maximum ${max} exemplaires de chaque article.`,
};

export const DEFAULT_LANGUAGE = 'en';

/** The primary language subtag we have a message for, else the default. */
export function languageOf(locale) {
  const language = String(locale ?? '').toLowerCase().split('-')[0];
  return Object.hasOwn(MESSAGES, language) ? language : DEFAULT_LANGUAGE;
}

/** The notice for `max` units per item, or an empty string when `max` is not a positive integer. */
export function formatLimitMessage(max, locale) {
  if (!Number.isInteger(max) || max < 1) return '';
  return MESSAGES[languageOf(locale)](max);
}
