import { describe, expect, it } from 'vitest';
import { publishedOn } from './registry-licenses.js';

describe('publishedOn: which locked packages the registry is asked about', () => {
  const npm = 'https://registry.npmjs.org';
  it.each([
    [{ version: '2.6.9' }, npm, true], // pnpm and Yarn 2+ record no tarball URL for registry packages
    [{ version: '2.6.9', resolved: 'https://registry.npmjs.org/debug/-/debug-2.6.9.tgz' }, npm, true],
    [{ version: '2.6.9', resolved: 'https://registry.yarnpkg.com/debug/-/debug-2.6.9.tgz#5d128515' }, npm, true],
    [{ version: '1.0.0', resolved: 'https://npm.acme.example/@acme/lib/-/lib-1.0.0.tgz' }, npm, false], // another registry
    [{ version: '1.0.0', resolved: 'https://npm.acme.example/@acme/lib/-/lib-1.0.0.tgz' }, 'https://npm.acme.example', true],
    [{ version: '2.6.9', resolved: 'https://registry.npmjs.org/debug/-/debug-2.6.9.tgz' }, 'http://127.0.0.1:4873', false],
    [{ version: '1.0.0', resolved: 'git+ssh://git@github.com/acme/forked.git#5f2b1c3' }, npm, false],
    [{ version: '1.0.0', resolved: 'https://codeload.github.com/acme/forked/tar.gz/5f2b1c3' }, npm, false], // a plain tarball URL
    [{ version: '1.0.0', resolved: 'file:../vendor/lib-1.0.0.tgz' }, npm, false],
    [{ version: 'file:../shared' }, npm, false],
  ])('%o against %s → %s', (node, registry, expected) => {
    expect(publishedOn(node, registry)).toBe(expected);
  });
});
