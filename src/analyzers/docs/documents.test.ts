import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from '../../engine/testing.js';
import { documentationOf, primaryDocument, realPathOf } from './documents.js';

const connectYaml = 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n  - name: events\n    applicationType: event\n    endpoint: /events\n';

describe('documentation files', () => {
  it('collects the root README, root guides, docs/ Markdown and application READMEs', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': connectYaml,
      'README.md': '# Connector\n',
      'INSTALL.md': '# Install\n',
      'CONTRIBUTING.md': '## Setup\n',
      'CHANGELOG.md': '# 1.0\n',
      'docs/README.md': '# Docs\n',
      'docs/guides/usage.md': '# Usage\n',
      'docs/diagram.png': 'png',
      'processor/README.md': '# Processor\n',
      'processor/src/README.md': '# not an app README\n',
      'other/README.md': '# not an application\n',
    });
    const docs = documentationOf(ws);
    expect(docs.files.map((f) => [f.path, f.role, f.application ?? null])).toEqual([
      ['README.md', 'entry', null],
      ['INSTALL.md', 'guide', null],
      ['docs/README.md', 'entry', null],
      ['docs/guides/usage.md', 'guide', null],
      ['processor/README.md', 'application', 'processor'],
    ]);
    expect(primaryDocument(docs.files)?.path).toBe('README.md');
  });

  it('follows symlinked application folders', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': connectYaml,
      'processor/README.md': '# Processor\n',
      events: { symlink: 'processor' },
    });
    expect(documentationOf(ws).files.map((f) => f.path)).toEqual(['processor/README.md']);
    expect(realPathOf(ws, 'events/README.md')).toBe('processor/README.md');
  });

  it('is empty for a repository without documentation', () => {
    expect(documentationOf(workspaceFromFiles({ 'connect.yaml': connectYaml })).files).toEqual([]);
  });
});
