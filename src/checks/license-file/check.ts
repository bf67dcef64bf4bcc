// LICENSE-FILE: a licence file at the root whose text is a licence the reviewers can name.
import { IDENTIFIED_SIMILARITY, spdxLicense } from '../../analyzers/licenses/identify.js';
import { repositoryLicensesOf } from '../../analyzers/licenses/files.js';
import { licenseWords } from '../../analyzers/licenses/normalize.js';
import { defineCheck } from '../../engine/types.js';

/** A licence text shorter than this (normalised words) is a stub: 0BSD, the shortest common licence, has ~100. */
export const MIN_LICENSE_WORDS = 30;
/** Words any licence grant or disclaimer uses; a file with none of them is not a licence at all. */
const LICENSE_VOCABULARY = /\b(?:licen[cs]e[ds]?|permission|permitted|warrant(?:y|ies)|copyright|liab(?:le|ility)|rights|terms|conditions|redistribut\w*)\b/i;

export default defineCheck({
  id: 'license/file',
  requirement: 'LICENSE-FILE',
  title: 'A licence file at the repository root, identified as an SPDX licence',
  rationale:
    'The certification page requires "license files" in the repository. The check looks for LICENSE, LICENCE ' +
    'or COPYING (any case, any extension or suffix such as LICENSE-MIT) at the root, or a REUSE LICENSES/ ' +
    'folder, and identifies each text against the SPDX licence list (normalised as the SPDX matching ' +
    `guidelines describe; Dice similarity over word pairs, identified at ${Math.round(IDENTIFIED_SIMILARITY * 100)} % or more). ` +
    'No licence file, an empty or stub file ("MIT" and a copyright line), or a file that is not a licence ' +
    'at all are errors. A real licence text that matches no SPDX licence (a modified MIT, a commercial ' +
    'licence) is a MANUAL item rather than an error: it is still a licence file, and whether its terms are ' +
    'acceptable for the marketplace is a legal judgement a reviewer makes, not something text matching can ' +
    'decide; passing it silently would hide an altered licence.',
  remediation:
    'Add a LICENSE file at the repository root containing the full, unmodified text of the licence (for example ' +
    'from https://spdx.org/licenses/), with your own copyright line, and declare the same SPDX id in each ' +
    'application\'s package.json "license" field.',
  run(ctx) {
    const { files } = repositoryLicensesOf(ctx.workspace);
    if (files.length === 0) {
      ctx.report({
        severity: 'error',
        message: 'No licence file at the repository root (looked for LICENSE, LICENCE and COPYING in any case and with any extension)',
      });
      return;
    }
    const identified: { file: string; id: string; name: string; osiApproved: boolean; similarity: number; sameText: string[] }[] = [];
    for (const file of files) {
      if (file.unread !== undefined || file.text === undefined || !file.identification) {
        ctx.report({ severity: 'error', message: `The licence file ${file.path} was not read (${file.unread ?? 'unreadable'})`, file: file.path });
        continue;
      }
      const result = file.identification;
      if (result.id) {
        identified.push({
          file: file.path,
          id: result.id,
          name: spdxLicense(result.id)?.name ?? result.id,
          osiApproved: spdxLicense(result.id)?.osiApproved ?? false,
          similarity: result.similarity,
          sameText: result.sameText,
        });
        continue;
      }
      const words = licenseWords(file.text).length;
      const closest = result.closest ? `closest SPDX licence: ${result.closest} at ${percent(result.similarity)}` : 'no SPDX licence is close';
      if (words < MIN_LICENSE_WORDS) {
        ctx.report({
          severity: 'error',
          message: `The licence file ${file.path} holds only ${words} ${words === 1 ? 'word' : 'words'} besides copyright lines: it names or starts a licence but does not contain its text (${closest})`,
          file: file.path,
          line: 1,
          evidence: excerpt(file.text),
        });
      } else if (!LICENSE_VOCABULARY.test(file.text)) {
        ctx.report({
          severity: 'error',
          message: `The licence file ${file.path} does not read as a licence: no grant, permission, warranty or liability terms (${closest})`,
          file: file.path,
          line: 1,
          evidence: excerpt(file.text),
        });
      } else {
        ctx.report({
          severity: 'warning',
          manual: true,
          message: `The licence file ${file.path} is not a standard SPDX licence text (${closest}, below the ${percent(IDENTIFIED_SIMILARITY)} needed): a reviewer must confirm its terms are acceptable for the marketplace`,
          file: file.path,
          line: 1,
          remediation:
            'If the licence is meant to be a standard one, replace the file with its unmodified text; if the changes ' +
            'are intended, explain them to the Connect team, who decide whether the terms are acceptable.',
          data: { closest: result.closest ?? null, similarity: result.similarity },
        });
      }
    }
    ctx.attach('repositoryLicense', { files: identified });
  },
});

function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}
