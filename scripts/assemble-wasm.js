// Assembles every WebAssembly text file under src/ (`*.wat`) into a TypeScript module beside it
// (`<name>-wasm-binary.ts`, the binary as base64), which the engine imports: the build needs no
// assembler, and the .wat stays the source (wasm-binaries.test.ts checks that the two agree).
// Usage: node scripts/assemble-wasm.js   (after editing a .wat; wabt is a devDependency)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleWat, binaryModuleSource } from './wasm-source.js';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.wat')) continue;
  const watPath = path.join(entry.parentPath, entry.name);
  const binary = await assembleWat(watPath, readFileSync(watPath, 'utf8'));
  const target = watPath.replace(/\.wat$/, '-wasm-binary.ts');
  writeFileSync(target, binaryModuleSource(entry.name, binary));
  process.stdout.write(`${path.relative(src, target)}: ${binary.length} bytes\n`);
}
