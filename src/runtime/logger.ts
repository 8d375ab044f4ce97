/**
 * The service's one logger: JSON lines (pino) on stdout, secrets redacted wherever they sit in a
 * logged object. Other layers receive adapters shaped like what they expect (StoreLog, the
 * workflow's pino-shaped logger), so none of them knows pino.
 */
import pino, { type Logger } from 'pino';
import type { StoreLog } from '../store/embedded.ts';

export type { Logger };

/** Keys that carry a credential, at any of the depths our log calls use. */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'token',
  'apiToken',
  'password',
  'secret',
  'databaseUrl',
  'connectionString',
  'smtpUrl',
  'webhookSecret',
  'webhookUrls',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
];

export interface LoggerOptions {
  level: string;
  /** Default: stdout. Tests pass a stream to read the lines back. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'promo' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The store's two-method log, on a child logger tagged with the component. */
export function storeLog(logger: Logger): StoreLog {
  const log = logger.child({ component: 'store' });
  return { info: (message) => log.info(message), warn: (message) => log.warn(message) };
}
