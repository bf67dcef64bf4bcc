import { describe, expect, it } from 'vitest';
import { connector } from '../../analyzers/code-rules/__tests__/connector.js';
import { runCheck } from '../../engine/testing.js';
import check from './check.js';

describe('lightweight/heavy-dependencies', () => {
  it('reports headless browsers and ML runtimes in dependencies, at their package.json line', async () => {
    const ws = connector({ 'src/app.js': 'export {};' }, { packageJson: { dependencies: { express: '^4', puppeteer: '^22', '@tensorflow/tfjs-node': '^4' } } });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.severity, f.data?.package, f.file, f.line])).toEqual([
      ['warning', 'puppeteer', 'service/package.json', 6],
      ['warning', '@tensorflow/tfjs-node', 'service/package.json', 7],
    ]);
    expect(findings[0]!.message).toMatch(/dependency "puppeteer" is a headless browser: it downloads and launches a full Chromium/);
    expect(findings[0]!.requirement).toBe('DEPLOY-LIGHTWEIGHT');
  });

  it('does not report devDependencies or ordinary packages', async () => {
    const ws = connector({ 'src/app.js': 'export {};' }, { packageJson: { dependencies: { express: '^4', sharp: '^0.33', pdfkit: '^0.15' }, devDependencies: { puppeteer: '^22', '@playwright/test': '^1' } } });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });

  it('reports browser-bundled applications as info', async () => {
    const ws = connector({ 'src/app.js': 'export {};' }, { name: 'assets', applicationType: 'assets', packageJson: { dependencies: { '@tensorflow/tfjs': '^4' } } });
    expect((await runCheck(check, ws)).findings.map((f) => f.severity)).toEqual(['info']);
  });
});
