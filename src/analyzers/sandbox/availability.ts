// Is bubblewrap usable here, and how strong can the sandbox be? Detected once per process with a
// real smoke test (a binary that exists can still fail: no user namespaces, a restrictive LSM).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Where binaries are looked up besides $PATH (the service may run with a minimal PATH). */
const SYSTEM_BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** A uid nobody uses, only for the smoke test of switching users. */
const PROBE_UID = 65_533;
/** The smoke test is `true` in a sandbox: a second is plenty. */
const SMOKE_TEST_TIMEOUT_MS = 10_000;

export const BWRAP_MISSING_MESSAGE =
  'the run phase executes the connector\'s own install scripts, build, tests and server, and does so only inside a bubblewrap sandbox, ' +
  'but `bwrap` is not installed (Debian/Ubuntu: apt-get install bubblewrap). Install it, or pass --unsafe-no-sandbox to run that code ' +
  'directly on this machine (only for code you trust)';

export interface SandboxAvailability {
  available: boolean;
  /** Absolute path of bwrap. */
  bwrap?: string;
  version?: string;
  /** Absolute path of prlimit (util-linux), which applies the CPU-time and process limits. */
  prlimit?: string;
  /**
   * The tool runs as root and can run each sandbox as a throwaway uid: root-only host files stay
   * unreadable, and the process limit (RLIMIT_NPROC, which root ignores) counts only the sandbox.
   */
  switchUser: boolean;
  /** Options of this bwrap version the sandbox uses when present (older versions lack them). */
  features?: BwrapFeatures;
  /** Why the sandbox is unavailable. */
  reason?: string;
}

export interface BwrapFeatures {
  /** `--disable-userns` (0.8.0+): no nested user namespaces inside. */
  disableUserns: boolean;
  /** `--size` for `--tmpfs` (0.8.0+): a size-limited private /tmp, so files there cannot exhaust the host's memory. */
  tmpfsSize: boolean;
}

let cached: SandboxAvailability | undefined;

/** Finds an executable in $PATH or the system folders. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_BIN_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** The sandbox this machine offers, detected once per process. */
export function detectSandbox(): SandboxAvailability {
  cached ??= detect();
  return cached;
}

function detect(): SandboxAvailability {
  const bwrap = findExecutable('bwrap');
  if (!bwrap) return { available: false, switchUser: false, reason: BWRAP_MISSING_MESSAGE };
  const versionRun = spawnSync(bwrap, ['--version'], { encoding: 'utf8', timeout: SMOKE_TEST_TIMEOUT_MS });
  const version = /(\d+\.\d+(\.\d+)?)/.exec(versionRun.stdout ?? '')?.[1];
  const prlimit = findExecutable('prlimit');
  const help = spawnSync(bwrap, ['--help'], { encoding: 'utf8', timeout: SMOKE_TEST_TIMEOUT_MS });
  const helpText = `${help.stdout ?? ''}${help.stderr ?? ''}`;
  const features: BwrapFeatures = { disableUserns: helpText.includes('--disable-userns'), tmpfsSize: /--size\b/.test(helpText) };
  const smokeArgs = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-all', '--unshare-user', '--die-with-parent', 'true'];
  const env = { PATH: SYSTEM_BIN_DIRS.join(':') };
  const plain = spawnSync(bwrap, smokeArgs, { encoding: 'utf8', timeout: SMOKE_TEST_TIMEOUT_MS, env });
  if (plain.status !== 0) {
    const why = (plain.stderr ?? '').trim() || plain.error?.message || `exit ${plain.status ?? plain.signal}`;
    return {
      available: false,
      bwrap,
      ...(version ? { version } : {}),
      ...(prlimit ? { prlimit } : {}),
      switchUser: false,
      reason: `bubblewrap is installed (${bwrap}) but cannot create a sandbox here: ${why} (user namespaces must be allowed)`,
    };
  }
  let switchUser = false;
  if (process.getuid?.() === 0) {
    const switched = spawnSync(bwrap, smokeArgs, { encoding: 'utf8', timeout: SMOKE_TEST_TIMEOUT_MS, env, uid: PROBE_UID, gid: PROBE_UID });
    switchUser = switched.status === 0;
  }
  return { available: true, bwrap, ...(version ? { version } : {}), ...(prlimit ? { prlimit } : {}), switchUser, features };
}
