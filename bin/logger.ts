import pino from 'pino';
import type { CoreConfig } from './config/core.config.js';

/**
 * The one structured logger. It carries ids and codes only; the core never hands it private text, and the
 * paths below are redacted in case a platform payload or header is ever logged whole.
 */
export function createLogger(config: Pick<CoreConfig, 'LOG_LEVEL'>, destination?: pino.DestinationStream) {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { app: 'triad' },
      redact: {
        paths: [
          'text',
          '*.text',
          'blocks',
          '*.blocks',
          'view',
          '*.view',
          'headers.authorization',
          '*.headers.authorization',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
