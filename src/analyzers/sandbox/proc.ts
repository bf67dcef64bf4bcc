// Reading the host's /proc: which processes belong to a sandbox, how much memory they hold, and
// killing what is left. A sandbox is identified either by the throwaway uid its commands run as
// (exact: nothing else on the machine uses that uid) or, when the uid cannot be switched, by the
// process tree under the sandbox's first process (best effort: a double fork re-parents).
import { readdirSync, readFileSync, statSync } from 'node:fs';

export type ProcessSelector = { uid: number } | { rootPid: number };

export interface ProcessSample {
  pids: number[];
  /** Sum of VmRSS over the processes, bytes. */
  rssBytes: number;
  /** Threads over the processes (what RLIMIT_NPROC counts). */
  tasks: number;
}

function numericEntries(): number[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
}

/** Real uid of a process, or undefined when it is gone. */
function uidOf(pid: number): number | undefined {
  try {
    return statSync(`/proc/${pid}`).uid;
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields resume after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

/** Processes a selector matches, right now. */
export function processesOf(selector: ProcessSelector): number[] {
  const all = numericEntries();
  if ('uid' in selector) return all.filter((pid) => uidOf(pid) === selector.uid);
  const children = new Map<number, number[]>();
  for (const pid of all) {
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const live = new Set(all);
  const out = new Set<number>();
  const queue = [selector.rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (!live.has(pid) || out.has(pid)) continue;
    out.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...out];
}

/** Processes a selector matches that still run: zombies (dead, waiting for a reaper) left out. */
export function liveProcessesOf(selector: ProcessSelector): number[] {
  return processesOf(selector).filter((pid) => stateOf(pid) !== 'Z');
}

function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Memory and thread count of a set of processes (vanished processes count as zero). */
export function sampleProcesses(pids: readonly number[]): ProcessSample {
  let rssKb = 0;
  let tasks = 0;
  const alive: number[] = [];
  for (const pid of pids) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue;
    }
    alive.push(pid);
    rssKb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    tasks += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
  }
  return { pids: alive, rssBytes: rssKb * 1024, tasks };
}

/** SIGKILLs every process the selector matches, repeating until none is left (or `rounds` pass). */
export function killAll(selector: ProcessSelector, rounds = 5): number {
  let killed = 0;
  for (let round = 0; round < rounds; round++) {
    const pids = liveProcessesOf(selector);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // Already gone.
      }
    }
  }
  return killed;
}

/** True when some process of the host has `marker` in its command line. */
export function processWithMarker(marker: string): number | undefined {
  for (const pid of numericEntries()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) return pid;
    } catch {
      // Gone or unreadable.
    }
  }
  return undefined;
}
