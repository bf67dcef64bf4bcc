import { describe, expect, it } from 'vitest';
import { bwrapArguments, type BwrapLayout, type HostView } from './bwrap.js';

const host: HostView = {
  exists: (p) => ['/usr', '/etc', '/var', '/var/log', '/opt', '/opt/repo', '/etc/shadow', '/root/.nvm/node'].includes(p),
  linkTarget: (p) => ({ '/bin': 'usr/bin', '/lib': 'usr/lib' } as Record<string, string>)[p],
  isDirectory: (p) => ['/usr', '/etc', '/var', '/var/log', '/opt', '/opt/repo', '/root/.nvm/node'].includes(p),
  realpath: (p) => p,
};

const layout: BwrapLayout = {
  workspace: '/tmp/w/workspace',
  home: '/tmp/w/home',
  meta: '/tmp/w/meta',
  extraReadOnly: ['/root/.nvm/node'],
  hide: ['/opt/repo', '/work/main', '/'],
  cwd: '/workspace/service',
  env: { PATH: '/usr/bin', HOME: '/home/connect', SECRET: 'x' },
};

function pairs(args: string[], flag: string): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => {
    if (a === flag) out.push(args.slice(i + 1, i + 3));
  });
  return out;
}

describe('bwrapArguments', () => {
  const args = bwrapArguments(layout, host);

  it('isolates every namespace, the network included (the install reaches the registry through the egress proxy)', () => {
    expect(args).toEqual(expect.arrayContaining(['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session']));
    expect(args).not.toContain('--share-net');
  });
  it('binds only the system folders read-only and links the merged-/usr folders', () => {
    expect(pairs(args, '--ro-bind').map((p) => p[0])).toEqual(expect.arrayContaining(['/usr', '/etc', '/opt', '/var']));
    expect(pairs(args, '--ro-bind').some((p) => p[0] === '/' || p[0] === '/root' || p[0] === '/home' || p[0] === '/tmp')).toBe(false);
    expect(pairs(args, '--symlink')).toEqual(expect.arrayContaining([['usr/bin', '/bin'], ['usr/lib', '/lib']]));
  });
  it('hides sensitive parts of the system folders and the given host folders inside them', () => {
    const tmpfs = args.flatMap((a, i) => (a === '--tmpfs' ? [args[i + 1]] : []));
    expect(tmpfs).toEqual(expect.arrayContaining(['/tmp', '/var/log', '/opt/repo']));
    // Not visible anyway (/work is not bound), and never a whole system folder or the root.
    expect(tmpfs).not.toContain('/work/main');
    expect(tmpfs).not.toContain('/');
    expect(pairs(args, '--ro-bind')).toContainEqual(['/tmp/w/meta/empty', '/etc/shadow']);
  });
  it('binds the workspace and home read-write, the helpers read-only, and a Node.js outside the system folders', () => {
    expect(pairs(args, '--bind')).toEqual([['/tmp/w/workspace', '/workspace'], ['/tmp/w/home', '/home/connect']]);
    expect(pairs(args, '--ro-bind')).toContainEqual(['/tmp/w/meta', '/run/connect-certify']);
    expect(pairs(args, '--ro-bind')).toContainEqual(['/root/.nvm/node', '/root/.nvm/node']);
  });
  it('clears the environment and sets exactly the given variables', () => {
    const clear = args.indexOf('--clearenv');
    expect(clear).toBeGreaterThan(-1);
    const set = args.flatMap((a, i) => (a === '--setenv' ? [args[i + 1]] : []));
    expect(set).toEqual(['PATH', 'HOME', 'SECRET']);
    expect(args.indexOf('--setenv')).toBeGreaterThan(clear);
  });
});

describe('bwrapArguments on an older bubblewrap', () => {
  it('leaves out the options it lacks', () => {
    const args = bwrapArguments({ ...layout, features: { disableUserns: false, tmpfsSize: false } }, host);
    expect(args).not.toContain('--disable-userns');
    expect(args).not.toContain('--size');
  });
  it('sizes every tmpfs and makes the hiding ones read-only when it can', () => {
    const args = bwrapArguments(layout, host);
    args.forEach((a, i) => {
      if (a === '--tmpfs') expect(args[i - 2]).toBe('--size');
    });
    expect(pairs(args, '--remount-ro').map((p) => p[0])).toEqual(expect.arrayContaining(['/', '/var/log', '/opt/repo']));
  });
});
