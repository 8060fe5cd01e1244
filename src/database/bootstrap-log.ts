import pino from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { logTransport } from '../common/logging/logging.js';

/** The logger used before the application (and its own logger) exists: start-up, CLI commands. */
export function bootstrapLogger(config: AppConfig) {
  return pino({
    level: config.logLevel,
    base: { context: 'Bootstrap' },
    transport: logTransport(config),
  });
}
