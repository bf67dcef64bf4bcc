import { describe, expect, it } from 'vitest';
import { commandsOfCommandLine, commandsOfScript, packageNameOfSpec, parseScript } from './scripts.js';

const programs = (text: string, scripts: string[] = []): string[] => parseScript(text, new Set(scripts)).commands.map((c) => (c.runner ? `${c.runner}:${c.program}` : c.program));

describe('parseScript', () => {
  it('splits on &&, ||, ;, | and & and drops environment assignments and redirections', () => {
    expect(programs('rimraf ./build && tsc')).toEqual(['rimraf', 'tsc']);
    expect(programs('FOO=bar NODE_ENV=test jest --ci || echo failed; cat x | grep y & wait')).toEqual(['jest', 'echo', 'cat', 'grep', 'wait']);
    expect(programs('tsc > out.log 2>&1 && node build/index.js 2> err.log')).toEqual(['tsc', 'node']);
    expect(parseScript('node build/index.js > out.log').commands[0]!.args).toEqual(['build/index.js']);
  });

  it('keeps quoted arguments together', () => {
    const cmd = parseScript(`prettier --write "**/**/*.{ts,js,json}" && eslint 'src' "a \\"b\\""`).commands;
    expect(cmd.map((c) => c.args)).toEqual([['--write', '**/**/*.{ts,js,json}'], ['src', 'a "b"']]);
  });

  it('reads package runners: npx, npm exec, yarn, pnpm, node_modules/.bin paths', () => {
    expect(programs('npx tsc -p tsconfig.json')).toEqual(['npx:tsc']);
    expect(programs('npx -y rimraf dist')).toEqual(['npx:rimraf']);
    expect(programs('npm exec -- eslint .')).toEqual(['npm', 'npm-exec:eslint']);
    expect(programs('yarn tsc', ['build'])).toEqual(['yarn', 'yarn:tsc']);
    expect(programs('pnpm exec vitest run')).toEqual(['pnpm', 'pnpm:vitest']);
    expect(programs('node_modules/.bin/nodemon -q dist/main.js')).toEqual(['bin-path:nodemon']);
    const npxScoped = parseScript('npx @commercetools/cli connect validate').commands[0]!;
    expect(npxScoped).toMatchObject({ program: '@commercetools/cli', runner: 'npx', packages: ['@commercetools/cli'] });
    expect(parseScript('npx -p typescript@5 tsc').commands[0]).toMatchObject({ program: 'tsc', packages: ['typescript'] });
    expect(parseScript('npx --package=@scope/tool@1 tool --x').commands[0]).toMatchObject({ program: 'tool', packages: ['@scope/tool'] });
  });

  it('collects references to other scripts', () => {
    expect(parseScript('npm run build && npm test && npm start').scriptRefs).toEqual(['build', 'test', 'start']);
    expect(parseScript('yarn build && yarn run lint', new Set(['build', 'lint'])).scriptRefs).toEqual(['build', 'lint']);
    expect(parseScript('run-s clean build:*', new Set(['clean', 'build:a', 'build:b', 'test'])).scriptRefs).toEqual(['clean', 'build:a', 'build:b']);
    expect(parseScript('npm run build -- --watch').scriptRefs).toEqual(['build']);
  });

  it('looks into wrappers: cross-env, dotenv, concurrently, nodemon --exec, sh -c, nyc', () => {
    expect(programs('cross-env NODE_ENV=production mc-scripts build')).toEqual(['cross-env', 'mc-scripts']);
    expect(programs('dotenv -e .env.test -- jest')).toEqual(['dotenv', 'jest']);
    expect(programs(`concurrently -k -n VITE,TSC "tsc --watch" "nodemon -q build/index.js"`)).toEqual(['concurrently', 'tsc', 'nodemon']);
    expect(parseScript('concurrently "npm:watch-*"', new Set(['watch-a', 'watch-b'])).scriptRefs).toEqual(['watch-a', 'watch-b']);
    expect(programs(`nodemon --watch "src/**" --ext "ts,json" --exec "ts-node src/main.ts"`)).toEqual(['nodemon', 'ts-node']);
    expect(programs(`sh -c 'rimraf dist && tsc'`)).toEqual(['sh', 'rimraf', 'tsc']);
    expect(programs('nyc --reporter lcov mocha test/**/*.js')).toEqual(['nyc', 'mocha']);
    expect(programs('env NODE_ENV=test jest')).toEqual(['env', 'jest']);
  });

  it('marks repository files run as programs and ignores what cannot be known', () => {
    expect(parseScript('./scripts/deploy.sh prod').commands[0]).toMatchObject({ program: './scripts/deploy.sh', isPath: true });
    expect(programs('$CMD --x')).toEqual([]);
    expect(programs('-run-func ./build/main/setup.js')).toEqual([]);
    expect(programs('')).toEqual([]);
  });

  it('strips versions from package specs', () => {
    expect(['pkg', 'pkg@1.2.3', '@scope/pkg', '@scope/pkg@^1'].map(packageNameOfSpec)).toEqual(['pkg', 'pkg', '@scope/pkg', '@scope/pkg']);
  });
});

describe('commandsOfScript', () => {
  it('follows npm run chains and pre/post hooks, each script once', () => {
    const scripts = { prebuild: 'rimraf build', build: 'tsc && npm run copy', copy: 'copyfiles -u 1 src/**/*.json build', postbuild: 'echo done', loop: 'npm run loop' };
    expect(commandsOfScript(scripts, 'build').map((s) => `${s.script}:${s.command.program}`)).toEqual([
      'prebuild:rimraf',
      'build:tsc',
      'build:npm',
      'copy:copyfiles',
      'postbuild:echo',
    ]);
    expect(commandsOfScript(scripts, 'loop').map((s) => s.script)).toEqual(['loop']);
    expect(commandsOfScript(scripts, 'missing')).toEqual([]);
  });

  it('follows a connect.yaml command line into package.json scripts', () => {
    const scripts = { 'connector:post-deploy': 'node build/connector/post-deploy.js' };
    expect(commandsOfCommandLine(scripts, 'npm install && npm run connector:post-deploy').map((s) => `${s.script ?? '-'}:${s.command.program}`)).toEqual([
      '-:npm',
      '-:npm',
      'connector:post-deploy:node',
    ]);
  });
});
