// Structured logging: one JSON object per line on stdout, the format Cloud Logging parses into
// severity and fields. No console.* so log lines stay machine-readable in production.

const writeToStdout = (line) => {
  process.stdout.write(line);
};

/**
 * @param {Record<string, unknown>} [context] fields added to every line
 * @param {(line: string) => void} [write]
 */
export function createLogger(context = {}, write = writeToStdout) {
  const log = (severity, message, fields = {}) => {
    write(`${JSON.stringify({ severity, message, time: new Date().toISOString(), ...context, ...fields })}\n`);
  };
  return {
    info: (message, fields) => log('INFO', message, fields),
    warn: (message, fields) => log('WARNING', message, fields),
    error: (message, fields) => log('ERROR', message, fields),
  };
}
