import { describe, expect, it } from 'vitest';
import { findTemplateSentence } from './template.js';

describe('starter template sentences', () => {
  it('finds the connect-application-kit starter README', () => {
    const text = [
      '<p align="center">',
      '  <b>Connect Application Starter in TypeScript</b>',
      '</p>',
      '',
      'This is the `starter-typescript` template to develop [connect applications](https://marketplace.commercetools.com/) in TypeScript.',
    ].join('\n');
    expect(findTemplateSentence(text)).toMatchObject({ template: 'connect-application-kit starter', line: 2 });
  });

  it('finds the template docs README and a sentence wrapped over two lines', () => {
    expect(findTemplateSentence('This connector has sample `service` , `event`, `job` & `mc-app` applications')?.line).toBe(1);
    const wrapped = '# x\n\nThis repository provides a [connect](https://docs.commercetools.com/connect) template\nfor payment integration connector.';
    expect(findTemplateSentence(wrapped)).toMatchObject({ template: 'connect-payment-integration-template', line: 3 });
  });

  it('does not flag a rewritten README that kept the template title', () => {
    const text = '# connect-payment-integration-template\n\nThis repository provides a commercetools connect integration for Acme payments.';
    expect(findTemplateSentence(text)).toBeUndefined();
  });
});
