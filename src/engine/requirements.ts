// The certification page's rules as stable codes (docs/requirements.md). Every finding names one;
// the text report is grouped by them in this order, so a creator can read it beside the page.

export type RequirementLevel = 'MUST' | 'SHOULD' | 'MANUAL';

export interface Requirement {
  code: string;
  level: RequirementLevel;
  group: string;
  title: string;
}

export const REQUIREMENTS = [
  { code: 'FUNC-TESTS', level: 'MUST', group: 'Functional completeness', title: 'Unit tests and self-contained integration tests' },
  { code: 'FUNC-BUILD', level: 'MUST', group: 'Functional completeness', title: 'The application builds as Connect builds it' },
  { code: 'FUNC-RUN', level: 'MUST', group: 'Functional completeness', title: 'The application starts and answers on its endpoint' },
  { code: 'FUNC-TDD', level: 'SHOULD', group: 'Functional completeness', title: 'Test-driven development' },
  { code: 'DEPLOY-SPEC', level: 'MUST', group: 'Deployment compatibility', title: 'A valid connect.yaml at the root' },
  { code: 'DEPLOY-LAYOUT', level: 'MUST', group: 'Deployment compatibility', title: 'One folder per application, named like it' },
  { code: 'DEPLOY-BUILDPACK', level: 'MUST', group: 'Deployment compatibility', title: 'Buildpack-compatible language configuration' },
  { code: 'DEPLOY-SELF-CONTAINED', level: 'MUST', group: 'Deployment compatibility', title: 'Self-contained dependencies declared in package.json' },
  { code: 'DEPLOY-STATELESS', level: 'MUST', group: 'Deployment compatibility', title: 'Stateless, no in-memory session information' },
  { code: 'DEPLOY-LIGHTWEIGHT', level: 'SHOULD', group: 'Deployment compatibility', title: 'Lightweight: no excessive memory or CPU' },
  { code: 'DEPLOY-OSS-LIBS', level: 'MUST', group: 'Deployment compatibility', title: 'Open-source dependency licences' },
  { code: 'REPO-TAG', level: 'MUST', group: 'Repository', title: 'A Git tag that stays the same during certification' },
  { code: 'REPO-ACCESS', level: 'MUST', group: 'Repository', title: 'A reachable HTTPS or SSH repository' },
  { code: 'REPO-SOURCE', level: 'MUST', group: 'Repository', title: 'Source code of the applications' },
  { code: 'DOC-INSTALL', level: 'MUST', group: 'Repository', title: 'Installation guide' },
  { code: 'DOC-USAGE', level: 'MUST', group: 'Repository', title: 'Usage instructions and documented configuration' },
  { code: 'LICENSE-FILE', level: 'MUST', group: 'Repository', title: 'Licence files' },
  { code: 'CREATOR-INFO', level: 'MUST', group: 'Repository', title: 'Creator information and contact details' },
  { code: 'PROC-PAPERWORK', level: 'MANUAL', group: 'Repository', title: 'Certification paperwork from the Partnership Manager' },
  { code: 'SEC-SECRETS', level: 'MUST', group: 'Security', title: 'No hardcoded tokens, credentials or passwords' },
  { code: 'SEC-URLS', level: 'MUST', group: 'Security', title: 'No hardcoded URLs' },
  { code: 'SEC-VULN-DEPS', level: 'MUST', group: 'Security', title: 'No insecure dependencies' },
  { code: 'SEC-OUTDATED-DEPS', level: 'MUST', group: 'Security', title: 'No outdated dependencies' },
  { code: 'SEC-CODE', level: 'MUST', group: 'Security', title: 'No security vulnerabilities in code' },
  { code: 'SEC-NONPROD', level: 'SHOULD', group: 'Security', title: 'No logs or code not meant for production' },
  { code: 'SEC-TRADEMARK', level: 'MANUAL', group: 'Security', title: 'No protected third-party trademarks or code' },
  { code: 'SLA-ACK', level: 'MUST', group: 'After listing', title: 'Acknowledge vulnerabilities within 1 business day' },
  { code: 'SLA-FIX', level: 'MUST', group: 'After listing', title: 'Fix critical in 15, high in 30 business days' },
  { code: 'RECERT', level: 'MUST', group: 'After listing', title: 'Re-certify every change before it goes live' },
] as const satisfies readonly Requirement[];

export type RequirementCode = (typeof REQUIREMENTS)[number]['code'];

const byCode = new Map<string, Requirement>(REQUIREMENTS.map((r) => [r.code, r]));

export function requirementOf(code: string): Requirement {
  const found = byCode.get(code);
  if (!found) throw new Error(`unknown requirement code ${code}`);
  return found;
}

export function isRequirementCode(code: string): code is RequirementCode {
  return byCode.has(code);
}
