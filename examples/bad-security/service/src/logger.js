// Structured logging: one JSON object per line on stdout.

export function createLogger(context = {}, write = (line) => process.stdout.write(line)) {
  const log = (severity, message, fields = {}) => {
    write(`${JSON.stringify({ severity, message, time: new Date().toISOString(), ...context, ...fields })}\n`);
  };
  return {
    info: (message, fields) => log('INFO', message, fields),
    error: (message, fields) => log('ERROR', message, fields),
  };
}
