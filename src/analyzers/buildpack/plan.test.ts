import { describe, expect, it } from 'vitest';
import { workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import { buildpackPlansOf, globToRegExp, javaMajor, parseStartScript, projectTomlEnv, scriptInvocation, summarisePlan, type BuildpackPlan } from './plan.js';

const connect = (type = 'service', ...names: string[]): string =>
  `deployAs:\n${(names.length > 0 ? names : ['app']).map((n) => `  - name: ${n}\n    applicationType: ${type}\n    endpoint: /x\n`).join('')}`;
const pkg = (json: object): string => JSON.stringify(json, null, 2);

function planOf(files: FixtureFiles, type = 'service'): BuildpackPlan {
  const plans = buildpackPlansOf(workspaceFromFiles({ 'connect.yaml': connect(type), ...files }));
  return plans[0]!;
}
const node = (plan: BuildpackPlan) => {
  if (!plan.node) throw new Error(`no Node.js plan (${plan.language})`);
  return plan.node;
};

describe('package manager and install', () => {
  it('defaults to npm; package-lock.json gives npm ci, none generates a lock first', () => {
    expect(node(planOf({ 'app/package.json': '{}', 'app/package-lock.json': '{"lockfileVersion":3,"packages":{}}' }))).toMatchObject({ packageManager: 'npm', install: 'npm ci' });
    const noLock = planOf({ 'app/package.json': '{}' });
    expect(node(noLock)).toMatchObject({ packageManager: 'npm', install: 'npm install --package-lock-only && npm ci' });
    expect(noLock.notes.join(' ')).toContain('no lock file');
  });

  it('follows the buildpack order: yarn.lock beats pnpm-lock.yaml, bun.lock and package-lock.json', () => {
    const plan = node(planOf({ 'app/package.json': '{}', 'app/yarn.lock': '# yarn lockfile v1\n', 'app/package-lock.json': '{}', 'app/pnpm-lock.yaml': '' }));
    expect(plan.packageManager).toBe('yarn');
    expect(plan.lockFilesInFolder.map((l) => l.file)).toEqual(['yarn.lock', 'pnpm-lock.yaml', 'package-lock.json']);
    expect(node(planOf({ 'app/package.json': '{}', 'app/pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }))).toMatchObject({ packageManager: 'pnpm', install: 'pnpm install --frozen-lockfile' });
    expect(node(planOf({ 'app/package.json': '{}', 'app/bun.lock': '{}' }))).toMatchObject({ packageManager: 'bun', install: 'bun install --frozen-lockfile' });
  });

  it('tells Yarn 1 from Yarn 2+ by the lock file', () => {
    const v1 = node(planOf({ 'app/package.json': pkg({ scripts: { 'gcp-build': 'tsc' } }), 'app/yarn.lock': '# yarn lockfile v1\n' }));
    expect(v1).toMatchObject({ yarnBerry: false, install: 'yarn install --non-interactive --prefer-offline --frozen-lockfile --production=false', installNodeEnv: 'development' });
    const berry = node(planOf({ 'app/package.json': '{}', 'app/yarn.lock': '__metadata:\n  version: 8\n' }));
    expect(berry).toMatchObject({ yarnBerry: true, install: 'yarn install --immutable' });
    expect(summarisePlan(planOf({ 'app/package.json': '{}', 'app/yarn.lock': '__metadata:\n  version: 8\n' })).packageManager).toBe('yarn (2+)');
  });

  it('reads the packageManager field and notes a conflict', () => {
    const plan = node(planOf({ 'app/package.json': pkg({ packageManager: 'yarn@1.22.22+sha512.abc' }), 'app/package-lock.json': '{}' }));
    expect(plan.packageManagerField).toMatchObject({ name: 'yarn', version: '1.22.22' });
    expect(plan.packageManagerField?.conflict).toContain('npm');
    expect(node(planOf({ 'app/package.json': pkg({ packageManager: 'yarn' }) })).packageManagerField?.malformed).toBe(true);
  });

  it('uses the lock file of a workspace root that includes the application', () => {
    const plan = planOf({
      'package.json': pkg({ private: true, workspaces: ['app', 'packages/*'] }),
      'package-lock.json': '{"lockfileVersion":3,"packages":{}}',
      'app/package.json': '{}',
    });
    expect(node(plan).lockFile).toEqual({ path: 'package-lock.json', manager: 'npm', scope: 'workspace-root', importer: 'app' });
    expect(plan.notes.join(' ')).toContain('workspace root');
    const notMember = planOf({ 'package.json': pkg({ workspaces: ['packages/*'] }), 'yarn.lock': '', 'app/package.json': '{}' });
    expect(node(notMember).lockFile).toBeUndefined();
    const pnpmWorkspace = planOf({ 'pnpm-workspace.yaml': "packages:\n  - 'app'\n", 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'app/package.json': '{}' });
    expect(node(pnpmWorkspace).lockFile).toMatchObject({ manager: 'pnpm', scope: 'workspace-root' });
  });

  it('matches workspace globs like npm does', () => {
    expect(globToRegExp('packages/*').test('packages/a')).toBe(true);
    expect(globToRegExp('packages/*').test('packages/a/b')).toBe(false);
    expect(globToRegExp('./apps/**').test('apps/x/y')).toBe(true);
  });
});

describe('build step', () => {
  it('npm runs gcp-build first, then build; an empty gcp-build runs nothing', () => {
    expect(node(planOf({ 'app/package.json': pkg({ scripts: { 'gcp-build': 'tsc', build: 'x' } }) })).build).toEqual({ script: 'gcp-build', command: 'npm run gcp-build' });
    expect(node(planOf({ 'app/package.json': pkg({ scripts: { build: 'tsc' } }) })).build).toEqual({ script: 'build', command: 'npm run build' });
    expect(node(planOf({ 'app/package.json': pkg({ scripts: { 'gcp-build': '', build: 'tsc' } }) })).build.skipped).toContain('gcp-build is empty');
    const none = node(planOf({ 'app/package.json': pkg({ scripts: {} }) }));
    expect(none.build.skipped).toBe('no gcp-build or build script');
    expect(none.installNodeEnv).toBe('production');
  });

  it('Yarn runs only gcp-build and ignores build', () => {
    const plan = node(planOf({ 'app/package.json': pkg({ scripts: { build: 'tsc' } }), 'app/yarn.lock': '' }));
    expect(plan.build).toEqual({ skipped: 'Yarn runs only gcp-build; the build script is ignored', ignoredBuildScript: true });
    expect(node(planOf({ 'app/package.json': pkg({ scripts: { 'gcp-build': 'tsc' } }), 'app/yarn.lock': '' })).build.command).toBe('yarn run gcp-build');
  });
});

describe('start command', () => {
  it('npm: start script, then server.js, then main, then index.js', () => {
    const script = node(planOf({ 'app/package.json': pkg({ scripts: { start: 'node build/index.js' } }) })).start;
    expect(script).toMatchObject({ command: 'npm run start', source: 'scripts.start', binary: 'node', entry: { file: 'app/build/index.js', written: 'build/index.js', exists: false, inOutputDir: true } });
    expect(node(planOf({ 'app/package.json': '{"main":"lib/app.js"}', 'app/server.js': '' })).start).toMatchObject({ source: 'server.js', entry: { exists: true } });
    expect(node(planOf({ 'app/package.json': '{"main":"lib/app.js"}' })).start).toMatchObject({ command: 'node lib/app.js', source: 'main', entry: { exists: false } });
    expect(node(planOf({ 'app/package.json': '{}', 'app/index.js': '' })).start).toMatchObject({ command: 'node index.js', source: 'index.js', entry: { exists: true } });
  });

  it('Yarn always runs yarn run start', () => {
    expect(node(planOf({ 'app/package.json': '{}', 'app/yarn.lock': '', 'app/server.js': '' })).start.problem).toContain('no "start" script');
    expect(node(planOf({ 'app/package.json': pkg({ scripts: { start: 'node server.js' } }), 'app/yarn.lock': '' })).start.command).toBe('yarn run start');
  });

  it('a Procfile web process overrides, and one without web is a problem', () => {
    const plan = node(planOf({ 'app/package.json': pkg({ scripts: { start: 'node dist/main.js' } }), 'app/Procfile': 'web: npm run start\n' }));
    expect(plan.start).toMatchObject({ command: 'npm run start', source: 'Procfile', script: 'node dist/main.js', entry: { written: 'dist/main.js' } });
    expect(node(planOf({ 'app/package.json': '{}', 'app/Procfile': 'worker: node x.js\n' })).start.problem).toContain('no "web:" process');
  });

  it('reads what a start script finally runs', () => {
    expect(parseStartScript('NODE_ENV=production node --enable-source-maps -r dotenv/config dist/main.js')).toEqual({ binary: 'node', entry: 'dist/main.js', compiles: false });
    expect(parseStartScript('tsc && node build/index.js')).toEqual({ binary: 'node', entry: 'build/index.js', compiles: true });
    expect(parseStartScript('npx ts-node src/index.ts')).toEqual({ binary: 'ts-node', compiles: false });
    expect(parseStartScript('npm run serve')).toMatchObject({ binary: 'npm', runsScript: 'serve' });
    const followed = node(planOf({ 'app/package.json': pkg({ scripts: { start: 'npm run serve', serve: 'node out/server.js' } }) })).start;
    expect(followed.entry).toMatchObject({ written: 'out/server.js', inOutputDir: true });
  });

  it('knows which package.json script a command runs', () => {
    expect(scriptInvocation(['npm', 'run', 'connector:post-deploy'])).toBe('connector:post-deploy');
    expect(scriptInvocation(['npm', 'start'])).toBe('start');
    expect(scriptInvocation(['npm', 'install'])).toBeUndefined();
    expect(scriptInvocation(['yarn', 'build'])).toBe('build');
    expect(scriptInvocation(['yarn', 'install'])).toBeUndefined();
    expect(scriptInvocation(['yarn', 'run', 'x'])).toBe('x');
    expect(scriptInvocation(['pnpm', 'run', 'x'])).toBe('x');
  });
});

describe('Node.js version', () => {
  it('picks the newest supported major the range admits', () => {
    expect(node(planOf({ 'app/package.json': pkg({ engines: { node: '>=20 <25' } }) })).nodeVersion).toMatchObject({ major: 24, supported: true, admittedSupported: [22, 24] });
    expect(node(planOf({ 'app/package.json': pkg({ engines: { node: '22.x' } }) })).nodeVersion).toMatchObject({ major: 22, supported: true });
  });

  it('marks a range without supported majors, and what the buildpack would install instead', () => {
    const mollie = node(planOf({ 'app/package.json': pkg({ engines: { node: '>=18.0.0 <=20.9.0' } }) })).nodeVersion;
    expect(mollie).toMatchObject({ supported: false, major: 20, admittedSupported: [] });
    expect(node(planOf({ 'app/package.json': pkg({ engines: { node: 'latest' } }) })).nodeVersion.invalid).toContain('not a valid semver range');
  });

  it('defaults to the newest supported major without engines.node and reads .nvmrc', () => {
    const plan = planOf({ 'app/package.json': '{}', 'app/.nvmrc': 'v20.9.0\n' });
    expect(node(plan).nodeVersion).toMatchObject({ major: 24, supported: true, nvmrc: { file: 'app/.nvmrc', major: 20, supported: false } });
    expect(plan.notes.join(' ')).toContain('no engines.node');
    const rootNvmrc = node(planOf({ 'app/package.json': pkg({ engines: { node: '22.x' } }), '.nvmrc': '24' })).nodeVersion.nvmrc;
    expect(rootNvmrc).toMatchObject({ file: '.nvmrc', major: 24, agrees: false });
  });
});

describe('TypeScript and common modules', () => {
  it('collects TypeScript evidence', () => {
    const ts = node(planOf({ 'app/package.json': pkg({ devDependencies: { typescript: '^5' }, scripts: { start: 'node build/index.js' } }), 'app/tsconfig.json': '{}', 'app/src/index.ts': '', 'app/src/types.d.ts': '' })).typescript;
    expect(ts.detected).toBe(true);
    expect(ts.evidence).toHaveLength(4);
    expect(ts.evidence[1]).toContain('1 TypeScript source file(s)');
    expect(node(planOf({ 'app/package.json': pkg({ scripts: { start: 'node src/index.js' } }), 'app/src/index.js': '' })).typescript.detected).toBe(false);
  });

  it('adds tsconfig outDir to the output folders', () => {
    expect(node(planOf({ 'app/package.json': '{}', 'app/tsconfig.json': '{ "compilerOptions": { "outDir": "./compiled" } }' })).outputDirs).toContain('compiled');
  });

  it('lists common modules and whether they exist', () => {
    const plan = node(
      planOf({
        'app/package.json': pkg({ dependencies: { shared: 'file:../shared', gone: 'file:../gone', bare: 'file:../bare', escape: 'file:../../elsewhere' } }),
        'shared/package.json': '{}',
        'bare/index.js': '',
      }),
    );
    expect(plan.commonModules.map((m) => [m.name, m.path, m.exists, m.hasPackageJson, m.outsideRepository])).toEqual([
      ['shared', 'shared', true, true, false],
      ['gone', 'gone', false, false, false],
      ['bare', 'bare', true, false, false],
      ['escape', undefined, false, false, true],
    ]);
  });
});

describe('languages', () => {
  it('plans Java from pom.xml and project.toml', () => {
    const plan = planOf({
      'app/pom.xml': '<project><properties><java.version>17</java.version></properties></project>',
      'app/project.toml': '[[build.env]]\nname = "GOOGLE_RUNTIME_VERSION"\nvalue = "17"\n',
    });
    expect(plan.language).toBe('java');
    expect(plan.java).toEqual({ pom: 'app/pom.xml', pomValid: true, javaVersion: { value: '17', property: 'java.version' }, runtimeVersion: { value: '17', file: 'app/project.toml' } });
    expect(projectTomlEnv('[[build.env]]\nvalue = "21"\nname = "GOOGLE_RUNTIME_VERSION"\n', 'GOOGLE_RUNTIME_VERSION')).toBe('21');
    expect(javaMajor('1.8')).toBe(8);
    expect(planOf({ 'app/build.gradle': '' })).toMatchObject({ language: 'java', java: { gradleFile: 'app/build.gradle', pomValid: false } });
  });

  it('recognises other languages and empty folders', () => {
    expect(planOf({ 'app/requirements.txt': 'flask' })).toMatchObject({ language: 'unsupported', otherLanguage: { language: 'Python', marker: 'app/requirements.txt' } });
    expect(planOf({ 'app/index.js': '' }).language).toBe('none');
    expect(planOf({ 'other/package.json': '{}' })).toMatchObject({ folderExists: false, language: 'none' });
  });

  it('plans a symlinked application folder from its real folder', () => {
    const plans = buildpackPlansOf(
      workspaceFromFiles({ 'connect.yaml': connect('service', 'integration', 'integration_jobs'), 'integration/package.json': '{}', integration_jobs: { symlink: 'integration' } }),
    );
    expect(plans.map((p) => [p.folder, p.realFolder, p.language])).toEqual([
      ['integration', 'integration', 'nodejs'],
      ['integration_jobs', 'integration', 'nodejs'],
    ]);
    expect(summarisePlan(plans[1]!).folder).toBe('integration_jobs → integration');
  });
});
