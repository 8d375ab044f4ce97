/** The machine a benchmark ran on, and how busy it was: figures from a shared box need both. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  node: string;
}

export interface LoadSample {
  at: string;
  /** 1-, 5- and 15-minute load averages. */
  loadavg: [number, number, number];
  /** `uptime` as the shell prints it. */
  uptime: string;
}

export function machineInfo(): MachineInfo {
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // nproc missing: os.cpus() is close enough.
  }
  return { nproc, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
}

export function loadNow(): LoadSample {
  const [one = 0, five = 0, fifteen = 0] = loadavg().map((v) => Math.round(v * 100) / 100);
  let uptime = '';
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = `load average: ${one}, ${five}, ${fifteen}`;
  }
  return { at: new Date().toISOString(), loadavg: [one, five, fifteen], uptime };
}
