// Reads the JSON entries of a zip (osv-scanner's offline layout: `<ecosystem>/all.zip`, one OSV
// record per entry) with yauzl, one entry at a time, so a large database never has to be
// extracted to disk.
import { createRequire } from 'node:module';
import type yauzlModule from 'yauzl';

/** Entries larger than this are not advisories (a single OSV record is a few KB). */
export const MAX_ZIP_ENTRY_BYTES = 16 * 1024 * 1024;

export interface ZipJsonEntry {
  fileName: string;
  text: string;
}

export interface ZipReadResult {
  entries: ZipJsonEntry[];
  problems: string[];
}

/** Every `*.json` entry's text; unreadable entries are problems, not failures. */
export function readZipJsonEntries(zipPath: string): Promise<ZipReadResult> {
  return new Promise((resolve, reject) => {
    // Loaded on first use: only an osv-scanner zip needs it.
    const yauzl = createRequire(import.meta.url)('yauzl') as typeof yauzlModule;
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (openError, zipfile) => {
      if (openError) return reject(openError);
      const entries: ZipJsonEntry[] = [];
      const problems: string[] = [];
      zipfile.on('error', (error: Error) => reject(error));
      zipfile.on('end', () => resolve({ entries, problems }));
      zipfile.on('entry', (entry: yauzlModule.Entry) => {
        if (entry.fileName.endsWith('/') || !entry.fileName.toLowerCase().endsWith('.json')) return zipfile.readEntry();
        if (entry.isEncrypted()) {
          problems.push(`${entry.fileName}: encrypted entry skipped`);
          return zipfile.readEntry();
        }
        if (entry.uncompressedSize > MAX_ZIP_ENTRY_BYTES) {
          problems.push(`${entry.fileName}: ${entry.uncompressedSize} bytes, larger than ${MAX_ZIP_ENTRY_BYTES}; skipped`);
          return zipfile.readEntry();
        }
        zipfile.openReadStream(entry, (streamError, stream) => {
          if (streamError) {
            problems.push(`${entry.fileName}: ${streamError.message}`);
            return zipfile.readEntry();
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', (error: Error) => {
            problems.push(`${entry.fileName}: ${error.message}`);
            zipfile.readEntry();
          });
          stream.on('end', () => {
            entries.push({ fileName: entry.fileName, text: Buffer.concat(chunks).toString('utf8') });
            zipfile.readEntry();
          });
        });
      });
      zipfile.readEntry();
    });
  });
}
