// The MANUAL part of certification: what a reviewer works through before approving. A fixed list
// (what no check can decide: trademarks and copied code, the paperwork, how good the documentation
// is, copyleft dependencies) plus one item per finding the engine marked for review. Each item gets
// a state and a note from the reviewer; approval needs every item answered and none a problem.
import type { Report } from '../engine/types.js';
import { locationOf } from '../report/model.js';

export type ManualItemState = 'ok' | 'problem' | 'not-applicable';
export const MANUAL_ITEM_STATES: readonly ManualItemState[] = ['ok', 'problem', 'not-applicable'];

export interface ManualItem {
  /** Stable within a run: `std:{name}` for the fixed list, `finding:{n}` for the report's review items. */
  id: string;
  requirement: string;
  title: string;
  description: string;
  source: 'standard' | 'finding';
  check?: string;
  location?: string;
}

/** Data: the items every certification reviews, whatever the report says. */
export const STANDARD_MANUAL_ITEMS: readonly Omit<ManualItem, 'source'>[] = [
  {
    id: 'std:trademarks',
    requirement: 'SEC-TRADEMARK',
    title: 'No protected third-party trademarks or copied code',
    description: 'Names, logos and texts do not use third-party trademarks without permission; no code was copied from sources whose licence forbids it.',
  },
  {
    id: 'std:paperwork',
    requirement: 'PROC-PAPERWORK',
    title: 'Certification paperwork is complete',
    description: 'The creator has the signed certification paperwork from their commercetools Partnership Manager.',
  },
  {
    id: 'std:documentation',
    requirement: 'DOC-USAGE',
    title: 'Documentation quality',
    description: 'The installation guide and usage instructions are accurate and complete enough for a merchant to install and configure the connector unaided.',
  },
  {
    id: 'std:copyleft',
    requirement: 'DEPLOY-OSS-LIBS',
    title: 'Copyleft dependencies',
    description: 'No runtime dependency under a copyleft licence (GPL, AGPL, …) whose terms conflict with how the connector is distributed.',
  },
];

export function manualItemsOf(report: Report | undefined): ManualItem[] {
  const items: ManualItem[] = STANDARD_MANUAL_ITEMS.map((item) => ({ ...item, source: 'standard' }));
  if (!report) return items;
  let n = 0;
  for (const finding of report.findings) {
    if (finding.suppressed || !finding.manual) continue;
    n++;
    const location = locationOf(finding);
    items.push({
      id: `finding:${n}`,
      requirement: finding.requirement,
      title: finding.message,
      description: finding.remediation,
      source: 'finding',
      check: finding.check,
      ...(location ? { location } : {}),
    });
  }
  return items;
}
