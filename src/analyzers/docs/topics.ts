// What a documentation section is about, judged from its heading (English, case-insensitive) or,
// for whole guide files (INSTALL.md, docs/usage.md), from the file name. The word lists are the
// contract of DOC-INSTALL / DOC-USAGE and CREATOR-INFO; they are deliberately about instructions,
// not descriptions:
//  - install: install/installation/installing, setup/set up/setting up, getting started,
//    quick start, deploy/deploying/deployment. "Prerequisites" alone is not a guide (it lists
//    what you need, not what to do); "Prerequisites and deployment" counts through "deployment".
//  - usage: usage, use/using/how to use, how it works, user guide/manual, tutorial, walkthrough,
//    example(s), configuration/configuring/configure, getting started, quick start. "Features"
//    alone is not usage (it says what the connector does, not how to use it); "API" and
//    "Endpoints" are not either (a reference, not instructions).
//  - contact: support, contact, help, maintainer(s), author(s), questions, feedback, reporting
//    bugs/issues, bug reports. "Known issues" and "Security" (as a feature section) are not.
import type { DocumentationFile } from './documents.js';
import { sectionsOf, wordsIn, type MarkdownDocument, type MarkdownSection } from './markdown.js';

export type Topic = 'install' | 'usage' | 'contact';

const TOPIC_PATTERNS: Readonly<Record<Topic, RegExp>> = {
  install:
    /\b(?:install(?:s|ation|ations|ing)?|set ?up|setting up|get(?:ting)? started|quick ?start|deploy(?:s|ing|ment|ments)?)\b/,
  usage:
    /\b(?:usage|uses?|using|how it works|user (?:guide|manual)|tutorials?|walk ?through|examples?|configur(?:e|es|ing|ation|ations)|get(?:ting)? started|quick ?start)\b/,
  contact:
    /\b(?:support|contacts?|contact us|help|getting help|maintainers?|maintained by|authors?|questions?|feedback|bug reports?|report(?:ing)? (?:a )?(?:bugs?|issues?|problems?))\b/,
};

/** Headings that match a pattern but are not that topic. */
const TOPIC_EXCLUSIONS: Readonly<Record<Topic, RegExp | undefined>> = {
  install: /\buninstall/,
  usage: /\b(?:terms of use|fair use|acceptable use|license)\b/,
  contact: undefined,
};

/**
 * A section needs this many words of content (prose or code, subsections included) to count:
 * "## Installation" followed by "TODO" is a heading, not a guide.
 */
export const MIN_SECTION_WORDS = 5;
const PLACEHOLDER = /^(?:todo|tbd|tba|wip|coming soon|to be (?:done|defined|added|written)|n\/?a|lorem ipsum.*|\.\.\.|…)$/i;

/** The topics a heading (or a file name turned into words) names. */
export function topicsOfHeading(heading: string): Set<Topic> {
  const normalised = ` ${heading.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const found = new Set<Topic>();
  for (const topic of Object.keys(TOPIC_PATTERNS) as Topic[]) {
    if (!TOPIC_PATTERNS[topic].test(normalised)) continue;
    const exclusion = TOPIC_EXCLUSIONS[topic];
    // "Installation and uninstall" still counts: exclude only when nothing else matches.
    if (exclusion && exclusion.test(normalised) && !TOPIC_PATTERNS[topic].test(normalised.replace(exclusion, ' '))) continue;
    found.add(topic);
  }
  return found;
}

export interface TopicSection {
  section: MarkdownSection;
  words: number;
  /** True when the body is empty or only a placeholder such as "TODO". */
  empty: boolean;
}

/** Sections of a document whose heading names `topic`, with how much they hold. */
export function sectionsAbout(doc: MarkdownDocument, topic: Topic): TopicSection[] {
  const out: TopicSection[] = [];
  for (const section of sectionsOf(doc)) {
    if (!topicsOfHeading(section.heading.text).has(topic)) continue;
    const words = wordsIn(doc, section.bodyStart, section.bodyEnd);
    const joined = words.join(' ').trim();
    const empty = words.length < MIN_SECTION_WORDS || PLACEHOLDER.test(joined);
    out.push({ section, words: words.length, empty });
  }
  return out;
}

/** Topics a guide file's name announces: `INSTALL.md`, `docs/deployment.md`, `docs/usage-guide.md`. */
export function topicsOfFileName(filePath: string): Set<Topic> {
  const base = filePath.split('/').pop() ?? filePath;
  const stem = base.replace(/\.[^.]+$/, '').replace(/[-_.]+/g, ' ');
  if (/^readme$|^index$/i.test(stem)) return new Set();
  return topicsOfHeading(stem);
}

export interface TopicPlace {
  path: string;
  application?: string;
  /** Heading text, or the file name when the file as a whole is the guide. */
  heading: string;
  line: number;
  words: number;
}

export interface TopicEvidence {
  /** Sections (or guide files) about the topic with real content. */
  found: TopicPlace[];
  /** Sections about the topic that are empty or a placeholder. */
  empty: TopicPlace[];
}

/** Every place in the documentation that covers `topic`, by heading or by file name. */
export function topicEvidence(files: readonly DocumentationFile[], topic: Topic): TopicEvidence {
  const found: TopicPlace[] = [];
  const empty: TopicPlace[] = [];
  for (const file of files) {
    const base = file.application === undefined ? { path: file.path } : { path: file.path, application: file.application };
    if (file.role === 'guide' && topicsOfFileName(file.path).has(topic)) {
      const words = wordsIn(file.doc, 1, file.doc.lines.length).length;
      (words >= MIN_SECTION_WORDS ? found : empty).push({ ...base, heading: file.path.split('/').pop()!, line: 1, words });
    }
    for (const s of sectionsAbout(file.doc, topic)) {
      const place = { ...base, heading: s.section.heading.text, line: s.section.heading.line, words: s.words };
      (s.empty ? empty : found).push(place);
    }
  }
  return { found, empty };
}
