import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RedisMissingError } from './demo/private-redis.js';
import { runScriptedDemo } from './demo/scripted.js';

/**
 * `npm run demo`: a whole Triad engagement on this machine, no Slack or Teams account needed.
 * `npm run demo -- --interactive`: act as any person in the terminal.
 */
const { values } = parseArgs({
  options: {
    interactive: { type: 'boolean', short: 'i', default: false },
    log: { type: 'string', default: join('.triad', 'demo.log') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: npm run demo [-- --interactive] [-- --log <file>]');
  process.exit(0);
}

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logLevel = levels.find((level) => level === process.env.LOG_LEVEL) ?? 'info';

const common = {
  logLevel,
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
  logPath: values.log,
  write: (text: string) => console.log(text),
};

try {
  if (values.interactive) {
    const { runInteractiveDemo } = await import('./demo/interactive.js');
    await runInteractiveDemo({ ...common, input: process.stdin, output: process.stdout });
    process.exit(0);
  }
  const outcome = await runScriptedDemo(common);
  process.exit(outcome.ok ? 0 : 1);
} catch (error) {
  if (error instanceof RedisMissingError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
