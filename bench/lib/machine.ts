import { cpus, freemem, loadavg, release, totalmem } from 'node:os';

/** What a benchmark ran on, written beside every result so figures are read with their machine. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
  /** 1-, 5- and 15-minute load averages when the result was written: other work on the machine skews figures. */
  loadAverage: number[];
}

export function describeMachine(): MachineDescription {
  const list = cpus();
  const gib = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    node: process.version,
    platform: process.platform,
    kernel: release(),
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** Warns when the machine is busy with other work: figures taken now say more about the neighbours. */
export function warnIfBusy(write: (line: string) => void): void {
  const [oneMinute = 0] = loadavg();
  const cores = cpus().length;
  if (oneMinute > cores * 0.5) {
    write(`machine is busy (load average ${oneMinute.toFixed(1)} on ${cores} cores): figures will be noisy`);
  }
}
