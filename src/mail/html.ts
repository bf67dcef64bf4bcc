// Escaping for the HTML part and cleaning for header values. Every value that reaches an e-mail
// comes from a creator (connector names, keys), a reviewer (reasons) or the engine (messages), so
// all of it is treated as hostile.

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value (quotes escaped too, so it is safe inside `"…"`). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** One line for a header: control characters (CR/LF included) become spaces, length capped. */
export function headerText(value: string, maxLength = 160): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** An http(s) URL, or an error naming the setting: only those become links. */
export function httpUrl(value: string, setting: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${setting}: "${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${setting}: "${value}" must be an http or https URL`);
  return url;
}
