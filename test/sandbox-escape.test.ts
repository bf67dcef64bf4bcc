// The sandbox against a connector that attacks the machine certifying it (test/fixtures/hostile-connector).
// Its install script (npm's preinstall), build, tests and server each try to read host files and the
// host's environment, write outside the workspace, connect to the host and the internet, and leave
// processes behind; its tests also fork-bomb. Every attempt is printed by the connector and asserted
// here one by one, together with what the host sees afterwards. Then the limits (wall time, CPU
// time, memory, processes) are exercised directly on a sandbox session.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUN_LIMITS, runFunctionalPhase, type FunctionalRun } from '../src/analyzers/functional/index.js';
import { detectSandbox, META_INSIDE, processWithMarker, SandboxSession, type SandboxLimits } from '../src/analyzers/sandbox/index.js';
import { FIXTURE_DIR_PREFIX, workspaceFromFiles, workspaceFromFolder } from '../src/engine/testing.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hostile-connector');
const sandbox = detectSandbox();
if (!sandbox.available) {
  process.stderr.write(`sandbox-escape: skipped, no usable bubblewrap: ${sandbox.reason ?? ''}\n`);
}
/** The whole hostile run: four steps, a fork bomb, two starts. */
const RUN_TIMEOUT_MS = 5 * 60_000;
/** Spawn attempts of the fork bomb: far above the sandbox's task limit. */
const FORK_ATTEMPTS = 3_000;
const STEPS = ['install', 'build', 'test', 'start'] as const;

const marker = `connect-certify-hostile-${process.pid}-${Date.now()}`;
const hostDir = mkdtempSync(path.join(os.tmpdir(), `${FIXTURE_DIR_PREFIX}escape-host-`));
const repoDir = mkdtempSync(path.join(os.tmpdir(), `${FIXTURE_DIR_PREFIX}escape-repo-`));
const runsDir = path.join(hostDir, 'runs');
const secretValue = `host-secret-${marker}`;
const secretFile = path.join(hostDir, 'host-secret.txt');
const envCanaryName = 'CONNECT_CERTIFY_ESCAPE_CANARY';
const envCanaryValue = `env-canary-${marker}`;
const home = os.homedir();

/** Host paths the connector must not read (ENOENT/EACCES inside). */
const HIDDEN_READS: Record<string, string> = {
  'a secret in the host\'s temporary folder': secretFile,
  'the host\'s home folder': home,
  'the host\'s SSH keys folder': path.join(home, '.ssh'),
  'an SSH private key': path.join(home, '.ssh', 'id_rsa'),
  'the host\'s npm credentials': path.join(home, '.npmrc'),
  'the host\'s shell history': path.join(home, '.bash_history'),
  'the project the tool runs from': process.cwd(),
  'the project\'s package.json': path.join(process.cwd(), 'package.json'),
  'the repository\'s original folder': repoDir,
  '/root': '/root',
};
/** Host paths the connector must not write to (checked on the host afterwards). */
const WRITES: Record<string, string> = {
  'the host\'s temporary folder': path.join(hostDir, 'written-by-sandbox'),
  'the repository\'s original folder': path.join(repoDir, 'written-by-sandbox'),
  'the host\'s home folder': path.join(home, `written-by-sandbox-${marker}`),
  'the project the tool runs from': path.join(process.cwd(), `written-by-sandbox-${marker}`),
  '/etc': `/etc/written-by-sandbox-${marker}`,
  '/usr/local': `/usr/local/written-by-sandbox-${marker}`,
  'the file-system root': `/written-by-sandbox-${marker}`,
};
const SUPERVISOR_INSIDE = `${META_INSIDE}/supervisor.mjs`;

interface Attempt {
  step: string;
  attempt: string;
  [field: string]: unknown;
}

let run: FunctionalRun;
let attempts: Attempt[] = [];
let logs = '';
const received: string[] = [];
let server: Server;
let hostTicks = 0;
let repoBefore: string[] = [];

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

function attemptsOf(step: string, kind: string): Attempt[] {
  return attempts.filter((a) => a.step === step && a.attempt === kind);
}

describe.skipIf(!sandbox.available)('sandbox escape: a hostile connector', () => {
  beforeAll(async () => {
    writeFileSync(secretFile, `${secretValue}\n`);
    cpSync(FIXTURE, repoDir, { recursive: true });
    server = createServer((socket) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => received.push(text.trim()));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const hostPort = typeof address === 'object' && address ? address.port : 0;
    writeFileSync(
      path.join(repoDir, 'service', 'canary.json'),
      JSON.stringify({
        marker,
        hostPort,
        externalHost: 'registry.npmjs.org',
        forkAttempts: FORK_ATTEMPTS,
        bombSeconds: 3,
        readPaths: [...Object.values(HIDDEN_READS), '/etc/shadow', '/home', '/var/log', `/proc/${process.pid}/environ`],
        writePaths: [...Object.values(WRITES), SUPERVISOR_INSIDE],
      }),
    );
    repoBefore = listTree(repoDir);
    process.env[envCanaryName] = envCanaryValue;
    const ticker = setInterval(() => hostTicks++, 100);
    try {
      run = await runFunctionalPhase(workspaceFromFolder(repoDir), { runsDir });
    } finally {
      clearInterval(ticker);
      delete process.env[envCanaryName];
    }
    for (const file of readdirSync(run.logDir!)) {
      const text = readFileSync(path.join(run.logDir!, file), 'utf8');
      logs += text;
      for (const line of text.split('\n')) {
        if (line.startsWith('HOSTILE ')) attempts.push(JSON.parse(line.slice('HOSTILE '.length)) as Attempt);
      }
    }
  }, RUN_TIMEOUT_MS);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    for (const target of Object.values(WRITES)) rmSync(target, { force: true });
    rmSync(hostDir, { recursive: true, force: true });
    rmSync(repoDir, { recursive: true, force: true });
  });

  it('runs every lifecycle step of the hostile connector in the sandbox', () => {
    expect(run.status).toBe('ran');
    expect(run.sandbox?.mode).toBe('bwrap');
    const service = run.applications[0]!;
    for (const step of ['install', 'build', 'test', 'start'] as const) {
      const report = service.steps[step];
      const log = report.log && existsSync(report.log) ? readFileSync(report.log, 'utf8').slice(-3000) : '';
      expect(report.status, `${step}: ${report.reason ?? ''}\n${log}`).toBe('passed');
    }
    for (const step of STEPS) expect(attemptsOf(step, 'read').length, `${step} attempts`).toBeGreaterThan(0);
  });

  describe('reading host files', () => {
    for (const step of STEPS) {
      for (const [what, target] of Object.entries(HIDDEN_READS)) {
        it(`${step}: cannot read ${what}`, () => {
          const seen = attemptsOf(step, 'read').filter((a) => a.path === target);
          expect(seen.length).toBeGreaterThan(0);
          // A second start of the server sees what the first one wrote into its private /tmp, never the host's files.
          for (const attempt of seen) {
            const ownWrites = Array.isArray(attempt.entries) && (attempt.entries as string[]).every((e) => e.startsWith('written-by-sandbox'));
            expect(attempt.ok === false || ownWrites, JSON.stringify(attempt)).toBe(true);
          }
        });
      }
      it(`${step}: /etc/shadow is unreadable or empty`, () => {
        const seen = attemptsOf(step, 'read').filter((a) => a.path === '/etc/shadow');
        expect(seen.length).toBeGreaterThan(0);
        for (const attempt of seen) expect(attempt.ok === false || attempt.bytes === 0, JSON.stringify(attempt)).toBe(true);
      });
      it(`${step}: /home shows only the sandbox's own home, /var/log is empty`, () => {
        for (const attempt of attemptsOf(step, 'read').filter((a) => a.path === '/home')) expect(attempt.entries).toEqual(['connect']);
        for (const attempt of attemptsOf(step, 'read').filter((a) => a.path === '/var/log')) expect(attempt.entries).toEqual([]);
      });
    }
    it('no log contains the planted host secret', () => {
      expect(logs).not.toContain(secretValue);
    });
  });

  describe('reading the host\'s environment', () => {
    for (const step of STEPS) {
      it(`${step}: the parent's canary variable is not in the environment`, () => {
        const envs = attemptsOf(step, 'env');
        expect(envs.length).toBeGreaterThan(0);
        for (const attempt of envs) expect(Object.keys(attempt.env as object)).not.toContain(envCanaryName);
      });
      it(`${step}: no readable /proc/*/environ carries it either`, () => {
        const dumps = attemptsOf(step, 'proc-environ');
        expect(dumps.length).toBeGreaterThan(0);
        for (const dump of dumps) expect(JSON.stringify(dump)).not.toContain(envCanaryValue);
      });
    }
    it('no log contains the canary value', () => {
      expect(logs).not.toContain(envCanaryValue);
    });
    it('only the allowed variables come from the host environment', () => {
      // Values equal to the host's, except those the sandbox sets itself or passes on purpose (CA bundles for the install).
      const allowed = new Set(['PATH', 'HOME', 'NODE_ENV', 'PORT', 'CI', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'PWD', 'SHLVL', '_', 'OLDPWD', 'INIT_CWD', 'NODE', 'COLOR', 'EDITOR']);
      for (const attempt of attempts.filter((a) => a.attempt === 'env')) {
        const env = attempt.env as Record<string, string>;
        const leaked = Object.keys(env).filter((key) => !allowed.has(key) && process.env[key] !== undefined && process.env[key] === env[key] && !/^(npm_|COREPACK_|YARN_)/.test(key));
        expect(leaked, `${attempt.step}: ${leaked.join(', ')}`).toEqual([]);
      }
    });
  });

  describe('writing outside the workspace', () => {
    for (const [what, target] of Object.entries(WRITES)) {
      it(`nothing reaches ${what} on the host`, () => {
        expect(attempts.filter((a) => a.attempt === 'write' && a.path === target).length).toBe(STEPS.length + 1);
        expect(existsSync(target)).toBe(false);
      });
    }
    it('system folders and the root are read-only inside', () => {
      for (const target of [WRITES['/etc']!, WRITES['/usr/local']!, WRITES['the file-system root']!]) {
        for (const attempt of attempts.filter((a) => a.attempt === 'write' && a.path === target)) expect(attempt).toMatchObject({ ok: false, error: 'EROFS' });
      }
    });
    it('the supervisor script cannot be replaced', () => {
      const seen = attempts.filter((a) => a.attempt === 'write' && a.path === SUPERVISOR_INSIDE);
      expect(seen.length).toBe(STEPS.length + 1);
      for (const attempt of seen) expect(attempt).toMatchObject({ ok: false, error: 'EROFS' });
    });
    it('the repository\'s original folder is unchanged (the steps worked on a copy)', () => {
      expect(listTree(repoDir)).toEqual(repoBefore);
    });
  });

  describe('network', () => {
    it('install: reaches the package registry through the sandbox\'s proxy, and nothing else', () => {
      expect(attemptsOf('install', 'tunnel-registry')[0]).toMatchObject({ ok: true, status: 200 });
      expect(attemptsOf('install', 'tunnel-host')[0]).toMatchObject({ ok: false, status: 403 });
      expect(attemptsOf('install', 'tunnel-elsewhere')[0]).toMatchObject({ ok: false, status: 403 });
      const installLog = readFileSync(path.join(run.logDir!, 'service-install.log'), 'utf8');
      expect(installLog).toContain('# sandbox: refused a connection to example.com:443');
    });
    for (const step of ['build', 'test', 'start'] as const) {
      it(`${step}: is offered no proxy at all`, () => {
        expect(attemptsOf(step, 'tunnel-registry')[0]).toMatchObject({ ok: false, error: 'no proxy offered' });
      });
    }
    for (const step of ['install', 'build', 'test', 'start'] as const) {
      it(`${step}: cannot reach a server on the host's loopback`, () => {
        const seen = attemptsOf(step, 'connect-host');
        expect(seen.length).toBeGreaterThan(0);
        for (const attempt of seen) expect(attempt).toMatchObject({ ok: false });
        expect(received).not.toContain(step);
      });
      it(`${step}: cannot reach the internet`, () => {
        const seen = attemptsOf(step, 'connect-internet');
        expect(seen.length).toBeGreaterThan(0);
        for (const attempt of seen) expect(attempt).toMatchObject({ ok: false });
      });
    }
    it('the host server heard from no step', () => {
      expect(received).toEqual([]);
    });
  });

  describe('fork bomb', () => {
    it('is bounded by the task limit', () => {
      const bomb = attemptsOf('test', 'fork-bomb')[0]!;
      expect(bomb.started as number).toBeGreaterThan(0);
      expect(bomb.started as number).toBeLessThan(DEFAULT_RUN_LIMITS.test.maxTasks);
      expect(bomb.error).toBe('EAGAIN');
    });
    it('the shell fork bomb ran and the step still finished', () => {
      expect(attemptsOf('test', 'shell-bomb')[0]).toMatchObject({ started: true });
      expect(run.applications[0]!.steps.test.status).toBe('passed');
    });
    it('never held more tasks than the limit', () => {
      expect(run.applications[0]!.steps.test.peakTasks!).toBeLessThanOrEqual(DEFAULT_RUN_LIMITS.test.maxTasks);
    });
    it('the host stayed responsive: its timers ran and it can still start processes', () => {
      expect(hostTicks).toBeGreaterThan(0);
      expect(spawnSync('true').status).toBe(0);
    });
  });

  describe('processes meant to outlive the run', () => {
    for (const step of STEPS) {
      it(`${step}: started its daemons`, () => {
        expect(attemptsOf(step, 'daemon')[0]).toMatchObject({ ok: true });
      });
    }
    it('none of them is running on the host afterwards', () => {
      expect(processWithMarker(marker)).toBeUndefined();
    });
  });

  it('redacts the secured placeholder value the server prints', () => {
    const secrets = attemptsOf('start', 'secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const attempt of secrets) expect(attempt.token).toBe('[redacted]');
  });
});

describe.skipIf(!sandbox.available)('sandbox limits', () => {
  const limits: SandboxLimits = { wallTimeMs: 30_000, cpuSeconds: 30, memoryBytes: 1024 * 1024 * 1024, maxTasks: 128 };
  let session: SandboxSession;
  const dir = mkdtempSync(path.join(os.tmpdir(), `${FIXTURE_DIR_PREFIX}limits-`));

  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    session = SandboxSession.open(workspaceFromFiles({ 'README.md': '# limits\n' }), { mode: 'bwrap', runsDir: dir });
  });
  afterAll(() => {
    session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kills a step at its wall time, with everything it started', async () => {
    const outcome = await session.run({ name: 'wall', command: `sleep 120 & setsid sleep 120 ${marker}-wall & sleep 120`, cwd: '', network: 'loopback', limits: { ...limits, wallTimeMs: 1_500 } });
    expect(outcome.killedFor).toBe('wall-time');
    expect(processWithMarker(`${marker}-wall`)).toBeUndefined();
  });

  it('stops a process at its CPU-time limit', async () => {
    const outcome = await session.run({ name: 'cpu', command: 'exec node -e "for (;;) {}"', cwd: '', network: 'loopback', limits: { ...limits, cpuSeconds: 1 } });
    expect(outcome.killedFor).toBeUndefined();
    expect(outcome.exitCode).not.toBe(0);
  });

  it('kills a step that exceeds its memory budget', async () => {
    const hog = 'const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1));';
    const outcome = await session.run({ name: 'memory', command: `exec node -e "${hog}"`, cwd: '', network: 'loopback', limits: { ...limits, memoryBytes: 200 * 1024 * 1024 } });
    expect(outcome.killedFor).toBe('memory');
  });

  it('stops a relentless fork bomb at the wall time, within the task limit, and leaves nothing behind', async () => {
    const outcome = await session.run({ name: 'bomb', command: `: ${marker}-bomb; b() { b | b & }; b; while :; do :; done`, cwd: '', network: 'loopback', limits: { ...limits, wallTimeMs: 4_000, maxTasks: 128 } });
    expect(outcome.killedFor).toBe('wall-time');
    expect(outcome.peakTasks).toBeLessThanOrEqual(128);
    expect(processWithMarker(`${marker}-bomb`)).toBeUndefined();
    expect(spawnSync('true').status).toBe(0);
  });

  it('keeps the private /tmp to its size (tmpfs is memory)', async () => {
    const outcome = await session.run({ name: 'tmpfs', command: 'dd if=/dev/zero of=/tmp/fill bs=1M count=700', cwd: '', network: 'loopback', limits });
    expect(outcome.exitCode).not.toBe(0);
    expect(outcome.output).toMatch(/No space left on device/);
  });

  it('refuses processes past the task limit', async () => {
    const outcome = await session.run({ name: 'tasks', command: 'i=0; while [ $i -lt 400 ]; do sleep 30 & i=$((i+1)); done; echo done', cwd: '', network: 'loopback', limits: { ...limits, maxTasks: 64 } });
    expect(outcome.output).toMatch(/Cannot fork|Resource temporarily unavailable/);
    expect(outcome.peakTasks).toBeLessThanOrEqual(64);
  });

  it('cannot signal host processes (kill -9 -1 inside)', async () => {
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await session.run({ name: 'kill-all', command: 'kill -9 -1; echo survived', cwd: '', network: 'loopback', limits });
      expect(sleeper.exitCode).toBeNull();
      expect(sleeper.signalCode).toBeNull();
      expect(() => process.kill(sleeper.pid!, 0)).not.toThrow();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
