// LICENSE-FILE: each application's package.json declares the licence the repository's LICENSE holds.
import path from 'node:path';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { expressionIsOsiApproved, expressionMentions, parseDeclaredLicense } from '../../analyzers/licenses/expression.js';
import { repositoryLicensesOf } from '../../analyzers/licenses/files.js';
import { spdxLicense } from '../../analyzers/licenses/identify.js';
import { packageJsonOf } from '../../analyzers/packages/package-json.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'license/package-json',
  requirement: 'LICENSE-FILE',
  title: 'Applications declare the repository\'s licence in package.json',
  rationale:
    'npm, SBOM generators and licence scanners (including the Connect team\'s) read the "license" field of ' +
    'package.json, not the LICENSE file; when the two disagree (LICENSE is MIT, package.json says ISC, as ' +
    'npm init and the payment template leave it) or the field is missing, the connector\'s licence is ambiguous. ' +
    'The field is parsed as npm parses it (SPDX expression, UNLICENSED, or SEE LICENSE IN <file>) and compared ' +
    'with the licence identified in the root licence file: an expression is consistent when it names that ' +
    'licence (GPL-2.0-only, GPL-2.0-or-later and GPL-2.0+ share a text, so any of them matches it). ' +
    'UNLICENSED ("not licensed for use by others") contradicts an OSI-approved repository licence. A warning: ' +
    'the LICENSE file is what binds, but the metadata should not contradict it.',
  remediation:
    'Set "license" in each application\'s package.json to the SPDX id of the root LICENSE file (e.g. "MIT"), or ' +
    '"SEE LICENSE IN ../LICENSE" for a licence that has no SPDX id.',
  run(ctx) {
    const ws = ctx.workspace;
    const parsed = connectSpecOf(ws);
    if (!parsed.present || parsed.fatal) {
      ctx.skip('connect.yaml is missing or unreadable; the DEPLOY-SPEC checks report it');
      return;
    }
    const repository = repositoryLicensesOf(ws);
    const repoIds = repository.identifiedIds;
    const identifiedFiles = repository.files.filter((f) => f.identification?.id);
    const repoDescription =
      identifiedFiles.length === 0
        ? undefined
        : identifiedFiles.map((f) => `${f.path} is ${f.identification!.id}`).join(' and ');
    const repoIsOsi = repoIds.some((id) => spdxLicense(id)?.osiApproved === true);
    const seen = new Set<string>();

    for (const app of parsed.spec.applications) {
      if (app.name === '' || app.name.includes('..')) continue;
      const manifest = packageJsonOf(ws, app.name);
      if (seen.has(manifest.file)) continue;
      seen.add(manifest.file);
      // Missing or broken package.json: the buildpack checks report it.
      if (!manifest.present || !manifest.value) continue;
      const { file, dir, value: json } = manifest;
      const application = app.name;
      const shown = `${app.name}/package.json`;
      const where = { file, application, ...manifest.positionOf(['license']) };

      const declared = json.license;
      if (declared === undefined) {
        const legacy = json.licenses;
        ctx.report({
          severity: 'warning',
          message: `${shown} has no "license" field${Array.isArray(legacy) ? ' (only the deprecated "licenses" array, which npm ignores)' : ''}${repoDescription ? `; ${repoDescription}, so add "license": "${repoIds[0]}"` : ''}`,
          file,
          application,
          ...(Array.isArray(legacy) ? manifest.positionOf(['licenses']) : {}),
        });
        continue;
      }
      if (typeof declared !== 'string') {
        ctx.report({ severity: 'warning', message: `${shown}: "license" must be a string (an SPDX expression), not ${describeType(declared)}`, ...where });
        continue;
      }
      const result = parseDeclaredLicense(declared);
      switch (result.kind) {
        case 'invalid':
          ctx.report({
            severity: 'warning',
            message: `${shown}: "license": "${result.value}" ${result.reason}${result.suggestion ? `; did you mean "${result.suggestion}"?` : ''}`,
            ...where,
          });
          break;
        case 'unlicensed':
          if (repoIsOsi) {
            ctx.report({
              severity: 'warning',
              message: `${shown} says "UNLICENSED" (not licensed for use by others), but ${repoDescription}, an OSI-approved licence`,
              ...where,
            });
          }
          break;
        case 'see-file': {
          // npm resolves the file against the package folder.
          const target = path.posix.normalize(path.posix.join(dir, result.file.replace(/\\/g, '/')));
          const outside = target === '..' || target.startsWith('../');
          if (outside || !ws.has(target)) {
            ctx.report({
              severity: 'warning',
              message: `${shown} says "${declared}", but ${outside ? `${result.file} is outside the repository` : `${target} does not exist`}`,
              ...where,
            });
          }
          break;
        }
        case 'expression':
          if (repoIds.length > 0 && !expressionMentions(result.tree, repoIds)) {
            ctx.report({
              severity: 'warning',
              message: `${shown} declares "${result.expression}", but ${repoDescription}`,
              ...where,
              data: { declared: result.expression, repository: repoIds, declaredIsOsi: expressionIsOsiApproved(result.tree) },
            });
          }
          break;
      }
    }
  },
});

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
