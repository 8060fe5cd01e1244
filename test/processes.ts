import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group. */
  pgid: number;
  command: string;
}

/** The processes of this machine, read from /proc (Linux). */
export function listProcesses(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces) in /proc/<pid>/stat: state ppid pgrp …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      processes.push({ pid: Number(entry), ppid: Number(ppid), pgid: Number(pgid), command });
    } catch {
      // The process ended while we were reading.
    }
  }
  return processes;
}

/** PostgreSQL processes serving the cluster in `clusterDir`: its postmaster and the postmaster's children. */
export function postgresProcessesOf(clusterDir: string): ProcessInfo[] {
  const all = listProcesses();
  const postmasters = all.filter(
    (p) => p.command.includes('postgres') && p.command.includes(`-D ${clusterDir}`),
  );
  const pids = new Set(postmasters.map((p) => p.pid));
  return [...postmasters, ...all.filter((p) => pids.has(p.ppid))];
}

/** The postmaster's pid as written in the cluster's postmaster.pid, while it runs. */
export function postmasterPid(clusterDir: string): number {
  return Number(readFileSync(`${clusterDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}
