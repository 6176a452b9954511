/** Ids of the people the benchmark's fake Slack knows: `U<prefix><n>`, n from 0. */
export const benchUserId = (n: number, prefix = 'BENCH'): string => `U${prefix}${String(n).padStart(6, '0')}`;

export const benchZones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin'] as const;
