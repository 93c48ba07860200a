import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * pino, writing JSON lines asynchronously to stdout, or pretty lines through pino-pretty when
 * `pretty` is set (the CLI sets it when stdout is a terminal).
 */
export function createLogger(options: { level: LevelWithSilent; pretty?: boolean }): Logger {
  if (options.pretty) {
    return pino({ level: options.level, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino({ level: options.level, base: undefined }, pino.destination({ sync: false }));
}

/** A logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
