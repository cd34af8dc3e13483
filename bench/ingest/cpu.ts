import * as fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const TICKS_PER_S = 100;

export interface CpuSample {
  /** The service's JavaScript thread. */
  main: number;
  /** The service's other threads: libuv workers (chDB queries run there) and chDB's own pools. */
  workers: number;
  nats: number;
  redis: number;
}

/** CPU seconds per thread name of `pid` (unnamed threads inherit the process name). */
export function threadsByName(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const tid of tasks) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? '(main)' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '#');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byName;
}

/** "name=seconds" of the threads that used CPU between two threadsByName() maps, busiest first. */
export function threadDelta(from: Map<string, number>, to: Map<string, number>): string {
  return [...to]
    .map(([name, s]) => [name, s - (from.get(name) ?? 0)] as const)
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name}=${s.toFixed(2)}s`)
    .join(' ');
}

function threadSeconds(pid: number, filter: (tid: string) => boolean): number {
  let ticks = 0;
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) {
    if (!filter(tid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ticks / TICKS_PER_S;
}

/** CPU seconds used so far (user + system), per part. Threads that already exited are not counted. */
export function cpuSample(servicePid: number, natsPid: number | undefined, redisPid: number | undefined): CpuSample {
  const main = String(servicePid);
  return {
    main: threadSeconds(servicePid, (tid) => tid === main),
    workers: threadSeconds(servicePid, (tid) => tid !== main),
    nats: natsPid === undefined ? 0 : threadSeconds(natsPid, () => true),
    redis: redisPid === undefined ? 0 : threadSeconds(redisPid, () => true),
  };
}

/** CPU microseconds per event between two samples, e.g. "main=9.1 workers=4.2 nats=5.0 redis=1.3". */
export function cpuPerEvent(from: CpuSample, to: CpuSample, events: number): string {
  const us = (a: number, b: number) => (((b - a) * 1e6) / events).toFixed(1);
  return `main=${us(from.main, to.main)} workers=${us(from.workers, to.workers)} nats=${us(from.nats, to.nats)} redis=${us(from.redis, to.redis)}`;
}
