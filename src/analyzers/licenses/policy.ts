// The dependency licence policy for DEPLOY-OSS-LIBS, as data (reviewable without reading the
// evaluator): which licence families are copyleft, which non-OSI licences are still open (public
// domain dedications, attribution-only content licences), and what each category means for a
// package that ships in the runtime image and for one that is only a devDependency.
//
// Categories, from most to least acceptable (an OR expression takes its best operand, AND its worst):
//   osi             OSI-approved and not copyleft (MIT, Apache-2.0, ISC, BSD-*, BlueOak-1.0.0, …)
//   open            not on OSI's list but free of conditions beyond attribution (CC0-1.0, CC-BY-4.0,
//                   WTFPL, public domain): open source in substance, but not by the letter of the page
//   weak-copyleft   file- or library-level copyleft (LGPL, MPL, EPL, CDDL): obligations only when
//                   the library itself is modified and distributed; using it from a service is fine
//   strong-copyleft GPL, AGPL (network copyleft), EUPL, OSL, …: a reviewer decides (MANUAL)
//   not-osi         a known licence that is not open source (BUSL, SSPL, Elastic, CC-BY-NC, JSON, …)
//   custom          terms in a file or a LicenseRef (SEE LICENSE IN …): nobody has checked them
//   proprietary     UNLICENSED ("not licensed for use by others")
//   unknown         no licence, or text that is no licence expression
import type { Severity } from '../../engine/types.js';

export const LICENSE_CATEGORIES = ['osi', 'open', 'weak-copyleft', 'strong-copyleft', 'not-osi', 'custom', 'proprietary', 'unknown'] as const;
export type LicenseCategory = (typeof LICENSE_CATEGORIES)[number];

/** Rank for combining expressions: lower is more acceptable. */
export const CATEGORY_RANK: Readonly<Record<LicenseCategory, number>> = Object.fromEntries(LICENSE_CATEGORIES.map((c, i) => [c, i])) as Record<LicenseCategory, number>;

/** Licence families (ids without -only / -or-later / +) whose copyleft covers the whole program. */
export const STRONG_COPYLEFT_FAMILIES: ReadonlySet<string> = new Set([
  'GPL-1.0', 'GPL-2.0', 'GPL-3.0', 'AGPL-1.0', 'AGPL-3.0', 'EUPL-1.0', 'EUPL-1.1', 'EUPL-1.2',
  'OSL-1.0', 'OSL-1.1', 'OSL-2.0', 'OSL-2.1', 'OSL-3.0', 'RPL-1.1', 'RPL-1.5', 'CPAL-1.0', 'Sleepycat',
  'CECILL-1.0', 'CECILL-1.1', 'CECILL-2.0', 'CECILL-2.1', 'QPL-1.0', 'NPOSL-3.0', 'Parity-7.0.0', 'RPSL-1.0',
]);

/** Families whose copyleft stops at the library's own files. */
export const WEAK_COPYLEFT_FAMILIES: ReadonlySet<string> = new Set([
  'LGPL-2.0', 'LGPL-2.1', 'LGPL-3.0', 'LGPLLR', 'MPL-1.0', 'MPL-1.1', 'MPL-2.0', 'MPL-2.0-no-copyleft-exception',
  'EPL-1.0', 'EPL-2.0', 'CDDL-1.0', 'CDDL-1.1', 'CPL-1.0', 'IPL-1.0', 'MS-RL', 'APSL-1.0', 'APSL-1.1', 'APSL-1.2',
  'APSL-2.0', 'CECILL-C', 'ErlPL-1.1', 'SPL-1.0', 'NPL-1.0', 'NPL-1.1', 'Motosoto', 'SISSL',
]);

/** Exceptions that let a strong-copyleft licence be linked without the program becoming copyleft. */
export const LINKING_EXCEPTIONS: ReadonlySet<string> = new Set([
  'Classpath-exception-2.0', 'GCC-exception-2.0', 'GCC-exception-3.1', 'LLVM-exception', 'Font-exception-2.0',
  'Autoconf-exception-2.0', 'Autoconf-exception-3.0', 'Bison-exception-2.2', 'Libtool-exception',
  'Linux-syscall-note', 'OCaml-LGPL-linking-exception', 'Universal-FOSS-exception-1.0', 'WxWindows-exception-3.1',
  'eCos-exception-2.0', 'mif-exception', 'openvpn-openssl-exception', 'Qt-LGPL-exception-1.1',
]);

/**
 * Licences that are not OSI-approved but put no condition beyond attribution on the user: public
 * domain dedications and permissive content licences. `caniuse-lite` (CC-BY-4.0) is in most
 * browser builds.
 */
export const OPEN_NON_OSI: ReadonlySet<string> = new Set([
  'CC0-1.0', 'CC-PDDC', 'PDDL-1.0', 'WTFPL', 'CC-BY-1.0', 'CC-BY-2.0', 'CC-BY-2.5', 'CC-BY-3.0',
  'CC-BY-4.0', 'ODC-By-1.0', 'X11', 'curl', 'Libpng', 'libpng-2.0', 'BSD-3-Clause-Clear', 'BSD-Source-Code', 'PSF-2.0',
  'Beerware', 'MIT-CMU', 'ICU', 'Unicode-DFS-2015', 'Unicode-DFS-2016', 'Unicode-3.0', 'W3C', 'W3C-20150513',
  'BSD-2-Clause-Views', 'MIT-Modern-Variant', 'Python-2.0.1', 'OFL-1.0', 'SGI-B-2.0', 'Ruby',
]);

/** Non-SPDX ways package.json files say "public domain" (spdx-correct has no id for them). */
export const PUBLIC_DOMAIN_TEXT = /^(?:public[\s_-]*domain|pd)$/i;

/**
 * What a category means for one package. `runtime`: the package ships (reachable without
 * devDependencies); `devOnly`: reachable only through devDependencies, so `npm prune --production`
 * removes it from the image before it runs, but it is still code the build executes.
 */
export interface CategoryPolicy {
  runtime: { severity: Severity; manual?: boolean } | null;
  devOnly: { severity: Severity; manual?: boolean } | null;
  /** Plain words for messages and the summary table. */
  label: string;
}

export const LICENSE_POLICY: Readonly<Record<LicenseCategory, CategoryPolicy>> = {
  osi: { runtime: null, devOnly: null, label: 'OSI-approved' },
  open: { runtime: { severity: 'warning' }, devOnly: null, label: 'open but not OSI-approved' },
  'weak-copyleft': { runtime: { severity: 'info' }, devOnly: null, label: 'weak copyleft' },
  'strong-copyleft': { runtime: { severity: 'warning', manual: true }, devOnly: { severity: 'warning' }, label: 'strong copyleft' },
  'not-osi': { runtime: { severity: 'error' }, devOnly: { severity: 'warning' }, label: 'not open source' },
  custom: { runtime: { severity: 'error' }, devOnly: { severity: 'warning' }, label: 'custom licence terms' },
  proprietary: { runtime: { severity: 'error' }, devOnly: { severity: 'warning' }, label: 'proprietary' },
  unknown: { runtime: { severity: 'error' }, devOnly: { severity: 'warning' }, label: 'no valid licence' },
};
