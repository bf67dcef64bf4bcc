// The bubblewrap command line for one sandboxed step (pure: the layout in, arguments out).
//
// What a step sees:
// - the host's system folders read-only (/usr, /etc, /opt, /var, /sys and the /bin-/lib links);
//   everything else of the host — /root, /home, /tmp, /run, /mnt, /srv, the project's own folders —
//   simply does not exist inside, and sensitive parts of /var are covered with empty tmpfs;
// - its repository copy read-write at /workspace, a private home at /home/connect, a private /tmp,
//   the tool's helper files read-only at /run/connect-certify, its own /etc/passwd;
// - new user, PID, IPC, UTS, cgroup and network namespaces; the network namespace holds just a
//   loopback interface (bwrap brings `lo` up), so a server and its probe can talk, nothing else; the
//   dependency install reaches the registry through the session's egress proxy (egress-proxy.ts),
//   whose socket sits in the helper folder;
// - an environment of exactly the variables given (bwrap --clearenv);
// - no way to create further user namespaces, a new session (no terminal injection), and death
//   with its parent.
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

export const WORKSPACE_INSIDE = '/workspace';
export const HOME_INSIDE = '/home/connect';
export const META_INSIDE = '/run/connect-certify';
/** The uid/gid commands see inside the sandbox (mapped onto the throwaway host uid, or the caller's). */
export const SANDBOX_UID = 1000;
export const SANDBOX_USER = 'connect';

/** Top-level host folders (or their symlinks) bound read-only; nothing else of the host is visible. */
export const HOST_SYSTEM_ENTRIES = ['usr', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'etc', 'opt', 'var', 'sys'] as const;
/** Parts of the bound folders that hold other users' data or the host's state: covered with empty tmpfs. */
export const HIDDEN_SYSTEM_PATHS = [
  '/var/tmp', '/var/log', '/var/mail', '/var/spool', '/var/backups', '/var/lib/docker', '/var/lib/containerd',
  '/var/lib/kubelet', '/var/lib/private', '/var/run', '/etc/ssh', '/etc/sudoers.d',
] as const;

/** Host files replaced by an empty file: readable by root, and the sandbox may be root-mapped. */
export const HIDDEN_SYSTEM_FILES = ['/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/sudoers', '/etc/subuid', '/etc/subgid'] as const;

export interface BwrapLayout {
  /** Host folder bound read-write at /workspace. */
  workspace: string;
  /** Host folder bound read-write at /home/connect. */
  home: string;
  /** Host folder bound read-only at /run/connect-certify (passwd, group, an empty file, helper scripts, shims). */
  meta: string;
  /** Extra host folders made visible read-only at the same path (e.g. a Node.js installed under /root). */
  extraReadOnly: readonly string[];
  /** Host folders inside the bound system folders to hide (the repository, the tool's caches, …). */
  hide: readonly string[];
  /** Options this bwrap supports (see availability.ts); all on when omitted. */
  features?: { disableUserns: boolean; tmpfsSize: boolean };
  /** Working directory inside, absolute. */
  cwd: string;
  env: Readonly<Record<string, string>>;
}

/** The host file system as seen by this process, injectable for tests. */
export interface HostView {
  exists(p: string): boolean;
  /** Symlink target when `p` is a symlink, else undefined. */
  linkTarget(p: string): string | undefined;
  isDirectory(p: string): boolean;
  realpath(p: string): string;
}

export const REAL_HOST: HostView = {
  exists: (p) => existsSync(p),
  linkTarget: (p) => {
    try {
      return lstatSync(p).isSymbolicLink() ? readlinkSync(p) : undefined;
    } catch {
      return undefined;
    }
  },
  isDirectory: (p) => {
    try {
      return lstatSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  realpath: (p) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  },
};

/** True when host path `p` is visible inside the sandbox through the system folders. */
export function visibleInside(p: string, host: HostView = REAL_HOST): boolean {
  const top = p.split('/')[1] ?? '';
  if (!(HOST_SYSTEM_ENTRIES as readonly string[]).includes(top)) return false;
  return !HIDDEN_SYSTEM_PATHS.some((hidden) => (p === hidden || p.startsWith(`${hidden}/`)) && host.isDirectory(hidden));
}

/** Size of the private /tmp (tmpfs is memory the per-process sampling does not see). */
export const PRIVATE_TMPFS_BYTES = 512 * 1024 * 1024;
/** Size of the private /run (it only holds the read-only helper folder and what tools put there). */
export const RUN_TMPFS_BYTES = 64 * 1024 * 1024;
/** Size of the empty tmpfs laid over hidden folders. */
const HIDING_TMPFS_BYTES = 64 * 1024;

export function bwrapArguments(layout: BwrapLayout, host: HostView = REAL_HOST): string[] {
  const features = layout.features ?? { disableUserns: true, tmpfsSize: true };
  const tmpfs = (dest: string, bytes: number): string[] => [...(features.tmpfsSize ? ['--size', String(bytes)] : []), '--tmpfs', dest];
  const args: string[] = [
    '--die-with-parent',
    '--new-session',
    '--unshare-all',
    '--unshare-user',
    ...(features.disableUserns ? ['--disable-userns'] : []),
    '--uid', String(SANDBOX_UID),
    '--gid', String(SANDBOX_UID),
    '--hostname', 'connect-sandbox',
  ];
  for (const entry of HOST_SYSTEM_ENTRIES) {
    const p = `/${entry}`;
    const link = host.linkTarget(p);
    if (link !== undefined) args.push('--symlink', link, p);
    else if (host.isDirectory(p)) args.push('--ro-bind', p, p);
  }
  args.push('--dev', '/dev', '--proc', '/proc', ...tmpfs('/tmp', PRIVATE_TMPFS_BYTES), ...tmpfs('/run', RUN_TMPFS_BYTES));
  const covered: string[] = [];
  for (const hidden of HIDDEN_SYSTEM_PATHS) {
    if (host.isDirectory(hidden)) covered.push(hidden);
  }
  for (const hidden of layout.hide) {
    // Only folders the system binds would show; never hide a whole system folder or an ancestor of one we need.
    if (!visibleInside(hidden, host) || !host.isDirectory(hidden)) continue;
    if (hidden.split('/').length <= 2) continue;
    if (layout.extraReadOnly.some((extra) => extra === hidden || extra.startsWith(`${hidden}/`))) continue;
    covered.push(hidden);
  }
  for (const hidden of covered) args.push(...tmpfs(hidden, HIDING_TMPFS_BYTES));
  for (const extra of layout.extraReadOnly) args.push('--ro-bind', extra, extra);
  args.push(
    '--bind', layout.workspace, WORKSPACE_INSIDE,
    '--bind', layout.home, HOME_INSIDE,
    '--ro-bind', layout.meta, META_INSIDE,
    '--ro-bind', path.join(layout.meta, 'passwd'), '/etc/passwd',
    '--ro-bind', path.join(layout.meta, 'group'), '/etc/group',
  );
  for (const file of HIDDEN_SYSTEM_FILES) {
    if (host.exists(file)) args.push('--ro-bind', path.join(layout.meta, 'empty'), file);
  }
  args.push(
    '--remount-ro', '/',
  );
  for (const hidden of covered) args.push('--remount-ro', hidden);
  args.push('--clearenv');
  for (const [key, value] of Object.entries(layout.env)) args.push('--setenv', key, value);
  args.push('--chdir', layout.cwd);
  return args;
}

/** /etc/passwd and /etc/group of the sandbox: the sandbox user and the usual system accounts only. */
export function sandboxAccounts(): { passwd: string; group: string } {
  return {
    passwd: [
      'root:x:0:0:root:/root:/usr/sbin/nologin',
      `${SANDBOX_USER}:x:${SANDBOX_UID}:${SANDBOX_UID}:${SANDBOX_USER}:${HOME_INSIDE}:/bin/sh`,
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      '',
    ].join('\n'),
    group: ['root:x:0:', `${SANDBOX_USER}:x:${SANDBOX_UID}:`, 'nogroup:x:65534:', ''].join('\n'),
  };
}
