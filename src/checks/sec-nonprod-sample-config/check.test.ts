import { describe, expect, it } from 'vitest';
import { connector } from '../../analyzers/code-rules/__tests__/connector.js';
import { runCheck } from '../../engine/testing.js';
import check from './check.js';

describe('sec-nonprod/sample-config', () => {
  it('reports runtime code importing fixtures, mocks and sample data', async () => {
    const ws = connector({
      'src/app.js': `import cart from '../test/fixtures/cart.json' with { type: 'json' };\nconst products = require('./mocks/products.js');\nexport { cart, products };`,
      'src/mocks/products.js': 'module.exports = [];',
      'src/sample-data.js': 'export default [];',
      'src/other.js': `import data from './sample-data.js';\nexport default data;`,
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.file, f.line, f.data?.specifier])).toEqual([
      ['service/src/app.js', 1, '../test/fixtures/cart.json'],
      ['service/src/app.js', 2, './mocks/products.js'],
      ['service/src/other.js', 1, './sample-data.js'],
    ]);
    expect(findings[0]).toMatchObject({ severity: 'warning', requirement: 'SEC-NONPROD' });
    expect(findings[0]!.message).toMatch(/runtime code imports test or sample material "\.\.\/test\/fixtures\/cart\.json"/);
  });

  it('reports development and test configuration files in the application folder', async () => {
    const ws = connector({
      'src/app.js': 'export {};',
      '.env.test': 'CTP_PROJECT_KEY=test',
      '.env.development': 'X=1',
      'config/test.json': '{}',
      'config/local.yaml': 'a: 1',
      'config/default.json': '{}',
      'config/production.json': '{}',
      '.env.example': 'CTP_CLIENT_ID=',
      'test/.env.test': 'X=1',
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => f.file).sort()).toEqual(['service/.env.development', 'service/.env.test', 'service/config/local.yaml', 'service/config/test.json']);
    expect(findings.find((f) => f.file === 'service/.env.test')!.message).toBe('service/.env.test: environment file for test is part of the application folder that Connect builds and deploys');
  });

  it('does not report tests importing fixtures, or ordinary imports', async () => {
    const ws = connector({
      'src/app.js': `import { price } from './pricing.js';\nimport sampleSize from 'lodash/sampleSize.js';\nexport { price, sampleSize };`,
      'src/pricing.js': 'export const price = 1;',
      'test/app.test.js': `import cart from './fixtures/cart.json';`,
      'src/app.test.js': `import products from './__mocks__/products.js';`,
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });
});
