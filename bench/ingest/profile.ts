import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, short: the path from the package or from dist/, and the line. */
function place(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return '';
  const url = frame.url.replace(/^file:\/\//, '');
  const modules = url.lastIndexOf('node_modules/');
  const dist = url.lastIndexOf('/dist/');
  const short = modules >= 0 ? url.slice(modules + 'node_modules/'.length) : dist >= 0 ? url.slice(dist + '/dist/'.length) : path.basename(url);
  return `${short}:${frame.lineNumber + 1}`;
}

/**
 * The functions a `node --cpu-prof` profile spent its samples in (self time), busiest first, as
 * "share  ms  function  place" lines; `(idle)` is the main thread waiting (on I/O, on chDB's threads).
 */
export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) byNode.set(profile.samples[i]!, (byNode.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = byNode.get(node.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const name = `${node.callFrame.functionName || '(anonymous)'}  ${place(node.callFrame)}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const idle = byFunction.get('(idle)') ?? 0;
  const lines = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  return [`profile ${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, ${(((total - idle) / total) * 100).toFixed(0)}% busy`, ...lines].join('\n');
}
