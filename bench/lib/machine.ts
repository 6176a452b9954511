import { cpus, freemem, release, totalmem } from 'node:os';

/** What a benchmark ran on, written beside every result so figures are read with their machine. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
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
  };
}
