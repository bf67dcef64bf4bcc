import { describe, expect, it } from 'vitest';
import { classifyHost, commercetoolsVariableFor, findUrls, isInProse, SUBSTITUTION } from './urls.js';

describe('findUrls', () => {
  it('finds http, https, ws and wss URLs and trims sentence punctuation', () => {
    expect(findUrls('see https://a.example-x.io/p?q=1, then wss://b.io/s. Or ftp://c.io').map((u) => [u.url, u.host])).toEqual([
      ['https://a.example-x.io/p?q=1', 'a.example-x.io'],
      ['wss://b.io/s', 'b.io'],
    ]);
  });
  it('strips user info and ports from the host, keeps substitutions', () => {
    expect(findUrls('https://user:pw@api.x.io:8443/a')[0]!.host).toBe('api.x.io');
    expect(findUrls(`https://api.${SUBSTITUTION}.commercetools.com`)[0]!.host).toBe(`api.${SUBSTITUTION}.commercetools.com`);
    expect(findUrls('http://[::1]:8080/x')[0]!.host).toBe('[::1]');
  });
  it('ignores a scheme without a host', () => {
    expect(findUrls('https://')).toEqual([]);
    expect(findUrls(`https://${SUBSTITUTION}/x`)).toEqual([]);
  });
});

describe('classifyHost', () => {
  it.each([
    ['www.w3.org', 'namespace'], ['json-schema.org', 'namespace'], ['example.com', 'placeholder'], ['shop.example', 'placeholder'], ['x', 'placeholder'],
    ['localhost', 'loopback'], ['127.0.0.1', 'loopback'], ['docs.commercetools.com', 'documentation'], ['docs.stripe.com', 'documentation'], ['github.com', 'documentation'],
    ['api.europe-west1.gcp.commercetools.com', 'commercetools'], ['auth.us-central1.gcp.commercetools.com', 'commercetools'], ['api.stripe.com', 'endpoint'],
    [`api.${SUBSTITUTION}.commercetools.com`, 'templated'], ['your-domain.com', 'placeholder'],
  ])('%s is %s', (host, expected) => {
    expect(classifyHost(host, `https://${host}/`)).toBe(expected);
  });
});

describe('commercetoolsVariableFor', () => {
  it('names the configuration that holds each commercetools host', () => {
    expect(commercetoolsVariableFor('api.europe-west1.gcp.commercetools.com')).toBe('CTP_API_URL');
    expect(commercetoolsVariableFor('auth.europe-west1.gcp.commercetools.com')).toBe('CTP_AUTH_URL');
  });
});

describe('isInProse', () => {
  it('tells a URL inside a sentence from a bare value', () => {
    const text = 'Read the guide at https://x.io/guide before you start';
    expect(isInProse(text, findUrls(text)[0]!)).toBe(true);
    expect(isInProse('https://x.io/api', findUrls('https://x.io/api')[0]!)).toBe(false);
  });
});
