import { LogLevel, type Logger as SlackSdkLogger } from '@slack/web-api';
import type { Logger } from '../../src/ports/logger.js';

const MAX_MESSAGE = 300;

/** Stringifies what Slack's SDK logs, keeping only short text: error names and codes, never payloads. */
function summarise(parts: unknown[]): string {
  const text = parts
    .map((part) => {
      if (part instanceof Error) return `${part.name}${'code' in part ? ` ${String(part.code)}` : ''}`;
      return typeof part === 'string' ? part : '';
    })
    .filter((s) => s !== '')
    .join(' ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/**
 * Bolt and WebClient log through this. Their debug lines include whole request bodies (message text), so
 * debug is dropped here whatever the level; the rest is shortened and tagged, with objects left out.
 */
export function slackLogger(logger: Logger, component = 'slack'): SlackSdkLogger {
  const child = logger.child({ component });
  let level = LogLevel.INFO;
  return {
    debug: () => undefined,
    info: (...parts) => child.info({}, summarise(parts)),
    warn: (...parts) => child.warn({}, summarise(parts)),
    error: (...parts) => child.error({}, summarise(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
