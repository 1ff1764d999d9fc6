import type { JsonObject, Logger } from '@beamstack/contract';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Writes one line per message to a stream (stderr by default, so stdout stays for results). */
export class StreamLogger implements Logger {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly out: NodeJS.WritableStream = process.stderr,
  ) {}

  debug(message: string, data?: JsonObject): void {
    this.write('debug', message, data);
  }
  info(message: string, data?: JsonObject): void {
    this.write('info', message, data);
  }
  warn(message: string, data?: JsonObject): void {
    this.write('warn', message, data);
  }
  error(message: string, data?: JsonObject): void {
    this.write('error', message, data);
  }

  private write(level: Exclude<LogLevel, 'silent'>, message: string, data?: JsonObject): void {
    if (RANK[level] < RANK[this.level]) return;
    const suffix = data && Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : '';
    this.out.write(`[${level}] ${message}${suffix}\n`);
  }
}

/** Keeps messages in memory; for tests and for embedding the host in another program. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; message: string; data?: JsonObject }[] = [];
  debug(message: string, data?: JsonObject): void {
    this.lines.push({ level: 'debug', message, ...(data ? { data } : {}) });
  }
  info(message: string, data?: JsonObject): void {
    this.lines.push({ level: 'info', message, ...(data ? { data } : {}) });
  }
  warn(message: string, data?: JsonObject): void {
    this.lines.push({ level: 'warn', message, ...(data ? { data } : {}) });
  }
  error(message: string, data?: JsonObject): void {
    this.lines.push({ level: 'error', message, ...(data ? { data } : {}) });
  }
}
