// Runs a measurement script in a fresh Node.js process and collects the JSON line it prints, plus
// the wall time seen from outside (process start-up and module loading included).
import { spawn } from 'node:child_process';

/**
 * @param {string} script absolute path of a child script that prints one JSON object on stdout
 * @param {string[]} args
 * @returns {Promise<Record<string, unknown> & { wallMs: number }>}
 */
export function measureChild(script, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code}: ${stderr.trim() || stdout.trim()}`));
        return;
      }
      try {
        resolve({ ...JSON.parse(stdout.trim().split('\n').pop()), wallMs });
      } catch {
        reject(new Error(`${script} printed no JSON result: ${stdout.slice(0, 500)}`));
      }
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
