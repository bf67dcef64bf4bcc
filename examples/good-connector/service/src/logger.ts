// Structured logging: one JSON object per line on stdout, the format Cloud Logging parses into
// severity and fields. No console.* so log lines stay machine-readable in production.

export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LineWriter = (line: string) => void;

const writeToStdout: LineWriter = (line) => {
  process.stdout.write(line);
};

export function createLogger(context: Record<string, unknown> = {}, write: LineWriter = writeToStdout): Logger {
  const log = (severity: Severity, message: string, fields: Record<string, unknown> = {}): void => {
    write(`${JSON.stringify({ severity, message, time: new Date().toISOString(), ...context, ...fields })}\n`);
  };
  return {
    info: (message, fields) => log('INFO', message, fields),
    warn: (message, fields) => log('WARNING', message, fields),
    error: (message, fields) => log('ERROR', message, fields),
  };
}
