// Sentences that only appear in the READMEs of commercetools' starter templates
// (commercetools/connect-application-kit `application-templates/*`, and
// commercetools/connect-payment-integration-template). A connector README that still carries one
// describes the template, not the connector. Each marker is a whole template sentence, so a README
// that was rewritten around a leftover title (e.g. "# connect-payment-integration-template") does
// not match; only the template's own opening sentences do.

export interface TemplateMarker {
  /** Which template the sentence comes from, for the message. */
  template: string;
  /** Matched against the normalised text: lower case, markup removed, non-alphanumerics as spaces. */
  pattern: RegExp;
}

export const TEMPLATE_MARKERS: readonly TemplateMarker[] = [
  {
    template: 'connect-application-kit starter',
    pattern: /\bthis is the (?:starter|starter typescript|starter javascript|typescript|javascript) template to develop (?:connect applications|integrations)\b/,
  },
  {
    template: 'connect-application-kit starter',
    pattern: /\bconnect application starter in (?:typescript|javascript)\b/,
  },
  {
    template: 'connect-application-kit starter',
    pattern: /\barchitecture principles for building an? (?:connect application|integration)\b/,
  },
  {
    template: 'connect-application-kit (docs/README.md)',
    pattern: /\bthis connector has sample service event job\b/,
  },
  {
    template: 'connect-payment-integration-template',
    pattern: /\bthis repository provides a connect template for payment integration connector\b/,
  },
  {
    template: 'connect-payment-integration-template',
    pattern: /\bthis boilerplate code acts as a starting point for integration with external payment service provider\b/,
  },
];

export interface TemplateMatch {
  template: string;
  /** 1-based line where the sentence starts. */
  line: number;
  excerpt: string;
}

/**
 * Finds the first template sentence in a README. Lines are normalised one by one and joined with
 * their neighbour, so a sentence wrapped over two lines still matches.
 */
export function findTemplateSentence(text: string): TemplateMatch | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const normalised = lines.map(normaliseForMarkers);
  for (let i = 0; i < lines.length; i++) {
    const window = `${normalised[i]} ${normalised[i + 1] ?? ''}`;
    for (const marker of TEMPLATE_MARKERS) {
      const m = marker.pattern.exec(window);
      // Attribute a match that starts on the next line to that line (it is found there too).
      if (m && m.index < normalised[i]!.length) {
        return { template: marker.template, line: i + 1, excerpt: lines[i]!.trim().slice(0, 160) };
      }
    }
  }
  return undefined;
}

function normaliseForMarkers(line: string): string {
  return line
    .toLowerCase()
    .replace(/\]\([^)]*\)/g, ' ') // [text](url) → text
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
