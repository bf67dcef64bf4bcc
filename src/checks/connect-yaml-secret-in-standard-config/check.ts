// Secret-looking configuration keys must be declared in securedConfiguration.
import { defineCheck } from '../../engine/types.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { configurationEntriesOf, fieldOf, locate, ownerOf } from '../../analyzers/connect-spec/locate.js';
import { secretMarkerOf } from './secret-names.js';

export default defineCheck({
  id: 'connect-yaml/secret-in-standard-config',
  requirement: 'SEC-SECRETS',
  title: 'Secrets are declared in securedConfiguration',
  rationale:
    'Values of standardConfiguration are stored and shown in plain text (in the deployment, the Merchant Center and API ' +
    'responses); only securedConfiguration values are kept encrypted and never returned. A key whose name says it holds a ' +
    'credential (…SECRET, PASSWORD, PASSWD, PWD, PASS, TOKEN, API_KEY/APIKEY, PRIVATE_KEY, ACCESS_KEY, SECRET_KEY, ' +
    'CREDENTIALS, CONNECTION_STRING, BASIC_AUTH …, optionally followed by VALUE/BASE64/LIVE/TEST …) in standardConfiguration ' +
    '(of an application or of inheritAs) is an error. The credential word must end the key: keys that describe or configure ' +
    'a credential (TOKEN_URL, SECRET_MANAGER_URL, API_KEY_HEADER, PASSWORD_MIN_LENGTH, NETWORK_TOKEN_MULTI_MID) are not ' +
    'findings; PWD is exempt. The word lists are data in secret-names.ts.',
  remediation:
    'Move the entry to securedConfiguration (and drop its default: secured entries cannot have one, and a committed default ' +
    'would be a hard-coded secret).',
  run(ctx) {
    const parse = connectSpecOf(ctx.workspace);
    for (const located of configurationEntriesOf(parse)) {
      const { entry } = located;
      if (entry.secured) continue;
      const marker = secretMarkerOf(entry.key);
      if (!marker) continue;
      const withDefault = entry.default !== undefined ? ', and it has a default value committed in the file' : '';
      ctx.report({
        severity: 'error',
        message:
          `${parse.file} ${fieldOf([...entry.path, 'key'])}: "${entry.key}" of ${ownerOf(located)} looks like a secret ` +
          `(${marker}) but is in standardConfiguration${withDefault}; declare it in securedConfiguration`,
        ...locate(parse, [...entry.path, 'key']),
        ...(located.application?.name ? { application: located.application.name } : {}),
      });
    }
  },
});
