import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = (type = 'service', name = 'processor'): string =>
  `deployAs:\n  - name: ${name}\n    applicationType: ${type}\n${type === 'assets' ? '' : '    endpoint: /svc\n'}`;
const pkg = '{"name":"processor","scripts":{"start":"node dist/index.js"}}';

async function findingsFor(files: FixtureFiles) {
  return (await runCheck(check, workspaceFromFiles(files))).findings;
}

describe('layout/source-present', () => {
  it('accepts a folder with src/', async () => {
    expect(await findingsFor({ 'connect.yaml': connect(), 'processor/package.json': pkg, 'processor/src/index.ts': 'export const a = 1;\n', 'processor/dist/index.js': 'x' })).toEqual([]);
  });

  it('accepts hand-written JavaScript at the folder root and in lib/', async () => {
    expect(await findingsFor({ 'connect.yaml': connect(), 'processor/package.json': pkg, 'processor/server.js': "const http = require('http');\nhttp.createServer().listen(8080);\n" })).toEqual([]);
    expect(await findingsFor({ 'connect.yaml': connect(), 'processor/package.json': pkg, 'processor/lib/handler.js': 'module.exports = () => 1;\n' })).toEqual([]);
  });

  it('reports a folder holding only dist/ and package.json', async () => {
    const findings = await findingsFor({
      'connect.yaml': connect(),
      'processor/package.json': pkg,
      'processor/dist/index.js': '"use strict";\n',
      'processor/dist/index.js.map': '{}',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'REPO-SOURCE', application: 'processor', file: 'processor/package.json' });
    expect(findings[0]!.message).toContain('holds only build output dist/ (2 files)');
  });

  it('reports a folder with no code at all', async () => {
    const findings = await findingsFor({ 'connect.yaml': connect(), 'processor/package.json': pkg, 'processor/README.md': '# hi' });
    expect(findings[0]!.message).toContain('holds no source files (only README.md, package.json)');
  });

  it('treats source-mapped, tsc-compiled and minified JavaScript as build output', async () => {
    const mapped = await findingsFor({ 'connect.yaml': connect(), 'processor/package.json': pkg, 'processor/lib/index.js': 'exports.a = 1;\n//# sourceMappingURL=index.js.map\n' });
    expect(mapped[0]!.message).toContain('compiled or minified files such as lib/index.js');
    const tsc = await findingsFor({
      'connect.yaml': connect(),
      'processor/package.json': pkg,
      'processor/index.js': '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.a = 1;\n',
    });
    expect(tsc).toHaveLength(1);
    const minified = await findingsFor({ 'connect.yaml': connect(), 'processor/package.json': pkg, 'processor/app.js': `var a=1;${'a+=1;'.repeat(400)}\n` });
    expect(minified).toHaveLength(1);
    const bundle = await findingsFor({ 'connect.yaml': connect(), 'processor/package.json': pkg, 'processor/vendor.min.js': 'x' });
    expect(bundle).toHaveLength(1);
  });

  it('does not count tests, configuration files or type declarations as application source', async () => {
    const findings = await findingsFor({
      'connect.yaml': connect(),
      'processor/package.json': pkg,
      'processor/tests/app.test.ts': 'it("x", () => {});\n',
      'processor/jest.config.js': 'module.exports = {};\n',
      'processor/types/index.d.ts': 'export {};\n',
      'processor/dist/index.js': 'x',
    });
    expect(findings).toHaveLength(1);
  });

  it('accepts an assets app with index.html and src/, and rejects one with only public/', async () => {
    expect(await findingsFor({ 'connect.yaml': connect('assets', 'enabler'), 'enabler/package.json': '{}', 'enabler/index.html': '<html></html>', 'enabler/public/main.js': 'x' })).toEqual([]);
    const findings = await findingsFor({ 'connect.yaml': connect('assets', 'enabler'), 'enabler/package.json': '{}', 'enabler/public/connector-enabler.es.js': 'x', 'enabler/public/index.html': '<html></html>' });
    expect(findings[0]!.message).toContain('public/ (2 files)');
    expect(findings[0]!.message).toContain('index.html and src/');
  });

  it('needs Java sources beside pom.xml', async () => {
    const pom = '<project><modelVersion>4.0.0</modelVersion></project>';
    expect(await findingsFor({ 'connect.yaml': connect(), 'processor/pom.xml': pom, 'processor/src/main/java/App.java': 'class App {}' })).toEqual([]);
    const findings = await findingsFor({ 'connect.yaml': connect(), 'processor/pom.xml': pom, 'processor/target/app.jar': 'PK' });
    expect(findings[0]).toMatchObject({ file: 'processor/pom.xml' });
    expect(findings[0]!.message).toContain('Java sources under src/main/java');
  });

  it('follows folder symlinks and leaves missing folders to layout/app-folders', async () => {
    expect(
      await findingsFor({
        'connect.yaml': `${connect('service', 'integration')}  - name: integration_events\n    applicationType: event\n    endpoint: /e\n`,
        'integration/package.json': pkg,
        'integration/src/index.ts': 'export {};\n',
        integration_events: { symlink: 'integration' },
      }),
    ).toEqual([]);
    expect(await findingsFor({ 'connect.yaml': connect(), 'other/package.json': pkg })).toEqual([]);
  });
});
