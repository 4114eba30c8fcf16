/**
 * Reading a V8 CPU profile (`node --cpu-prof`): self time per function and per package, as
 * shares of the busy time (idle left out). Hand-written because the format is a small,
 * documented JSON tree and the tools that summarise it are interactive viewers.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  /** Microseconds on the system's monotonic clock (the one `process.hrtime` reads). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  readonly name: string;
  readonly share: number;
}

export interface ProfileSummary {
  /** Busy milliseconds sampled. */
  readonly busyMs: number;
  readonly functions: readonly SelfTime[];
  readonly packages: readonly SelfTime[];
}

const IDLE = '(idle)';

/** `node_modules/@scope/name/…` → `@scope/name`; node internals → `node:`; ours → `hub`. */
function packageOf(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  if (url.startsWith('node:') || (url !== '' && !url.includes('/'))) {
    return 'node (internals)';
  }
  return url === '' ? '(native, gc, program)' : 'hub (own code)';
}

function label(frame: ProfileNode['callFrame']): string {
  const file = frame.url.startsWith('node:')
    ? frame.url
    : frame.url
      ? path.basename(frame.url.replace(/^file:\/\//, ''))
      : '';
  const where = file ? ` ${file}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function top(map: Map<string, number>, busy: number, count: number): SelfTime[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, share: us / busy }));
}

/** A stretch of time on the monotonic clock, microseconds (`process.hrtime.bigint() / 1000n`). */
export interface Window {
  readonly fromUs: number;
  readonly toUs: number;
}

/** Microseconds now on the clock V8's profiler stamps its samples with. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per function and package, from the samples inside `window` (the measured load:
 * startup and shutdown left out).
 */
export function summarise(profile: CpuProfile, window?: Window, count = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    // V8 records the time since the previous sample: it belongs to this sample's frame.
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    const outside = window && (at < window.fromUs || at > window.toUs);
    if (!node || outside || node.callFrame.functionName === IDLE || us <= 0) {
      return;
    }
    busy += us;
    const name = label(node.callFrame);
    functions.set(name, (functions.get(name) ?? 0) + us);
    const pkg = packageOf(node.callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  });
  return {
    busyMs: busy / 1000,
    functions: top(functions, busy, count),
    packages: top(packages, busy, 10),
  };
}

/** The summary of the one profile a process wrote into `dir`. */
export async function summariseDir(
  dir: string,
  window?: Window,
  count = 15,
): Promise<ProfileSummary> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile'));
  if (files.length !== 1) {
    throw new Error(`expected one CPU profile in ${dir}, found ${files.length}`);
  }
  const profile = JSON.parse(
    await readFile(path.join(dir, files[0] as string), 'utf8'),
  ) as CpuProfile;
  return summarise(profile, window, count);
}
