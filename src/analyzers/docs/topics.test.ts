import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown.js';
import { sectionsAbout, topicsOfFileName, topicsOfHeading } from './topics.js';

const topics = (heading: string) => [...topicsOfHeading(heading)].sort();

describe('heading topics', () => {
  it.each([
    ['Installation', ['install']],
    ['How to install', ['install']],
    ['🚀 Set-up', ['install']],
    ['Setting up the connector', ['install']],
    ['Deployment', ['install']],
    ['How to deploy', ['install']],
    ['Prerequisites and deployment', ['install']],
    ['Getting Started', ['install', 'usage']],
    ['QUICKSTART', ['install', 'usage']],
    ['Usage', ['usage']],
    ['How to use', ['usage']],
    ['Using the connector', ['usage']],
    ['How it works', ['usage']],
    ['Configuration', ['usage']],
    ['Deployment configuration', ['install', 'usage']],
    ['Examples', ['usage']],
    ['Support', ['contact']],
    ['Contact us', ['contact']],
    ['Getting help', ['contact']],
    ['Maintainers', ['contact']],
    ['Reporting bugs', ['contact']],
  ])('%s → %j', (heading, expected) => {
    expect(topics(heading)).toEqual(expected);
  });

  it.each(['Prerequisites', 'Features', 'Overview', 'Architecture', 'API', 'Endpoints', 'Uninstall', 'Terms of use', 'Known issues', 'Users', 'Helpers', 'Security'])(
    '%s names no topic',
    (heading) => {
      expect(topics(heading)).toEqual([]);
    },
  );

  it('reads topics from guide file names', () => {
    expect([...topicsOfFileName('INSTALL.md')]).toEqual(['install']);
    expect([...topicsOfFileName('docs/usage-guide.md')]).toEqual(['usage']);
    expect([...topicsOfFileName('docs/README.md')]).toEqual([]);
  });
});

describe('sections about a topic', () => {
  it('counts a section with content and flags empty or placeholder ones', () => {
    const doc = parseMarkdown(
      ['# Connector', '## Installation', 'TODO', '## Usage', '', '## Deployment', '```', 'commercetools connect deploy --key x', '```'].join('\n'),
    );
    expect(sectionsAbout(doc, 'install').map((s) => [s.section.heading.text, s.empty])).toEqual([
      ['Installation', true],
      ['Deployment', false],
    ]);
    expect(sectionsAbout(doc, 'usage').map((s) => s.empty)).toEqual([true]);
  });
});
