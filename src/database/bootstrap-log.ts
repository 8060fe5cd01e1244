import pino from 'pino';
import type { LogLevel } from '../config/app-config.js';

/** The logger used before the application (and its own logger) exists: start-up, CLI commands. */
export function bootstrapLogger(level: LogLevel) {
  return pino({ level, base: { context: 'Bootstrap' } });
}
