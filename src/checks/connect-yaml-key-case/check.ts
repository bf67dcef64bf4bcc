// Configuration keys become environment variables; Connect's CLI writes them in upper case.
import { defineCheck } from '../../engine/types.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { configurationEntriesOf, fieldOf, locate, ownerOf } from '../../analyzers/connect-spec/locate.js';

/** Keys the schema accepts (^[a-zA-Z0-9_]+$); only these are judged here, the schema check reports the rest. */
const SCHEMA_KEY_CHARS = /^[A-Za-z0-9_]+$/;
const LOWER_CASE = /[a-z]/;

export default defineCheck({
  id: 'connect-yaml/key-case',
  requirement: 'DEPLOY-SPEC',
  title: 'Configuration keys are upper case',
  rationale:
    "Connect's schema accepts lower-case configuration keys, but the CLI's `application add` prompt demands ^[A-Z0-9_]+$ " +
    'and the keys become environment variables, which are conventionally upper case; a lower-case key is easy to mistype ' +
    'in the deployment (keys are case-sensitive).',
  remediation: 'Rename the key to upper case (and the environment variable the application reads).',
  run(ctx) {
    const parse = connectSpecOf(ctx.workspace);
    for (const located of configurationEntriesOf(parse)) {
      const { key, path } = located.entry;
      if (!SCHEMA_KEY_CHARS.test(key) || !LOWER_CASE.test(key)) continue;
      ctx.report({
        severity: 'warning',
        message: `${parse.file} ${fieldOf([...path, 'key'])}: configuration key "${key}" of ${ownerOf(located)} has lower-case letters; use "${key.toUpperCase()}"`,
        ...locate(parse, [...path, 'key']),
        ...(located.application?.name ? { application: located.application.name } : {}),
      });
    }
  },
});
