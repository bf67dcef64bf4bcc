// DOC-USAGE: every configuration key a merchant is asked for at deployment is explained somewhere
// in the documentation.
import { connectSpecOf, type PathSegment } from '../../analyzers/connect-spec/parse.js';
import { documentationOf, listDocumentationFiles } from '../../analyzers/docs/documents.js';
import { defineCheck } from '../../engine/types.js';

interface KeyOccurrence {
  /** Application name, or undefined for inheritAs (connector-wide) configuration. */
  application?: string;
  secured: boolean;
  path: PathSegment[];
}

export default defineCheck({
  id: 'docs/config-keys',
  requirement: 'DOC-USAGE',
  title: 'Every connect.yaml configuration key is documented',
  rationale:
    'When a merchant deploys the Connector, the Merchant Center asks for every standardConfiguration and ' +
    'securedConfiguration value of every application (and inheritAs configuration shared by all of them). ' +
    'The requirements ask that each of these keys be documented; a key the documentation never names is a ' +
    'value the merchant has to guess. A key counts as documented when any documentation file (README, docs/, ' +
    'application READMEs, code blocks included: a commented connect.yaml excerpt documents its keys) contains ' +
    'it as a whole word, in any letter case. The description field in connect.yaml does not count: it is a ' +
    'one-line hint, not documentation.',
  remediation:
    'Document each key in the README (a table of key, meaning, where to get the value, whether it is required ' +
    'and its default works well), using the key exactly as connect.yaml spells it.',
  run(ctx) {
    const parsed = connectSpecOf(ctx.workspace);
    if (!parsed.present || parsed.fatal) {
      ctx.skip('connect.yaml is missing or unreadable; the DEPLOY-SPEC checks report it');
      return;
    }
    const byKey = new Map<string, KeyOccurrence[]>();
    const add = (key: string, occurrence: KeyOccurrence) => {
      const list = byKey.get(key) ?? [];
      list.push(occurrence);
      byKey.set(key, list);
    };
    for (const app of parsed.spec.applications) {
      for (const entry of app.configuration) {
        const occurrence: KeyOccurrence = { secured: entry.secured, path: entry.path };
        // An unnamed application is still an application; connect.yaml checks report the name.
        occurrence.application = app.name === '' ? `#${app.index + 1}` : app.name;
        add(entry.key, occurrence);
      }
    }
    for (const entry of parsed.spec.globalConfiguration) add(entry.key, { secured: entry.secured, path: entry.path });
    if (byKey.size === 0) return;

    const docs = documentationOf(ctx.workspace);
    if (docs.files.length === 0) {
      ctx.skip('no documentation to search; docs/usage reports the missing documentation');
      return;
    }
    const haystack = docs.files.map((f) => f.text.toLowerCase()).join('\n');
    const read = listDocumentationFiles(docs.files);

    for (const [key, occurrences] of byKey) {
      if (key.trim() === '' || mentionsWord(haystack, key.toLowerCase())) continue;
      const first = occurrences[0]!;
      const position = parsed.positionOf([...first.path, 'key']);
      const where = occurrences.map(describeOccurrence);
      const apps = [...new Set(occurrences.map((o) => o.application).filter((a): a is string => a !== undefined))];
      ctx.report({
        severity: 'error',
        message: `Configuration key "${key}" (${[...new Set(where)].join('; ')}) is not mentioned anywhere in the documentation (read ${read})`,
        file: parsed.file,
        line: position.line,
        column: position.column,
        ...(apps.length === 1 && occurrences.every((o) => o.application === apps[0]) ? { application: apps[0] } : {}),
        data: {
          key,
          occurrences: occurrences.map((o) => ({
            application: o.application ?? null,
            secured: o.secured,
            line: parsed.positionOf([...o.path, 'key']).line,
          })),
        },
      });
    }
  },
});

function describeOccurrence(o: KeyOccurrence): string {
  const field = o.secured ? 'securedConfiguration' : 'standardConfiguration';
  return o.application === undefined ? `inheritAs ${field}` : `${field} of application "${o.application}"`;
}

/** Whole-word occurrence: the characters around the match are not letters, digits or underscores. */
export function mentionsWord(haystack: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(word, from);
    if (at < 0) return false;
    const before = at > 0 ? haystack[at - 1]! : ' ';
    const after = at + word.length < haystack.length ? haystack[at + word.length]! : ' ';
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}

function isWordChar(c: string): boolean {
  return /[\p{L}\p{N}_]/u.test(c);
}
