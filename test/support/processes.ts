/** Running `hub` subcommands as separate processes, as docker-compose would. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const HUB_JS = path.join(__dirname, '..', '..', 'dist', 'bin', 'hub.js');

export { freePort } from '../../platform/net.js';

export interface HubProcess {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export function startHubProcess(args: string[], env: Record<string, string>): HubProcess {
  const child = spawn(process.execPath, [HUB_JS, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
      }
      return exited;
    },
  };
}

export async function runHub(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const hub = startHubProcess(args, env);
  const code = await new Promise<number | null>((resolve) => hub.child.once('exit', resolve));
  return { code, output: hub.output() };
}

export async function waitFor(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}
