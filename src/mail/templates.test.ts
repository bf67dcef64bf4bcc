// The lifecycle templates on their own: every topic renders a subject naming the connector, a text
// and an HTML part saying the same things, report links; hostile values stay text.
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_TOPIC_NAMES, LIFECYCLE_TOPICS, type LifecycleTopic } from '../pipeline/messages.js';
import type { MailFacts } from './facts.js';
import { escapeHtml, headerText, httpUrl } from './html.js';
import { renderMail, reportLinks } from './templates.js';
import { emlFileName, envelopeAddress, parseSmtpUrl, senderDomain } from './transport.js';

const BASE = 'https://certify.example.com/';

function facts(topic: LifecycleTopic, overrides: Partial<MailFacts> = {}): MailFacts {
  return {
    topic,
    outboxId: 'ob-1',
    connectorId: 'c-1',
    connectorKey: 'acme-sync',
    connectorName: 'Acme Sync',
    recipient: 'dev@acme.test',
    status: 'Failed',
    runId: 'run-1',
    repository: { url: 'https://github.com/acme/sync.git', tag: 'v1.2.0' },
    blockers: [],
    reasons: [],
    ...overrides,
  };
}

describe('lifecycle templates', () => {
  it('render every topic with the connector named in the subject and links to the report', () => {
    for (const topic of LIFECYCLE_TOPIC_NAMES) {
      const mail = renderMail(facts(topic), { publicBaseUrl: BASE });
      expect(mail.subject, topic).toContain('Acme Sync');
      expect(mail.text, topic).toContain('"Acme Sync" (key acme-sync)');
      expect(mail.text, topic).toContain('https://certify.example.com/reports/run-1?format=html');
      expect(mail.text, topic).toContain('https://certify.example.com/reports/run-1 (JSON)');
      expect(mail.html, topic).toContain('href="https://certify.example.com/reports/run-1?format=html"');
      expect(mail.html, topic).toContain('href="https://certify.example.com/reports/run-1"');
      expect(mail.html, topic).toContain('https://github.com/acme/sync.git at v1.2.0');
    }
  });

  it('say what happened in each subject', () => {
    const subject = (topic: LifecycleTopic, extra: Partial<MailFacts> = {}) => renderMail(facts(topic, extra), { publicBaseUrl: BASE }).subject;
    expect(subject(LIFECYCLE_TOPICS.publishRequested)).toBe('Certification request received for "Acme Sync"');
    expect(subject(LIFECYCLE_TOPICS.publishRequested, { certification: false })).toBe('Publish request received for "Acme Sync"');
    expect(subject(LIFECYCLE_TOPICS.certificationFailed)).toBe('Certification failed for "Acme Sync"');
    expect(subject(LIFECYCLE_TOPICS.certificationFailed, { blockers: [{ check: 'a', requirement: 'R', message: 'm', remediation: 'r' }] })).toBe(
      'Certification failed for "Acme Sync": 1 blocker to fix',
    );
    expect(subject(LIFECYCLE_TOPICS.readyForReview)).toBe('"Acme Sync" passed the automated checks and is ready for review');
    expect(subject(LIFECYCLE_TOPICS.certificationApproved)).toBe('"Acme Sync" is certified and published');
    expect(subject(LIFECYCLE_TOPICS.certificationRejected)).toBe('Certification rejected for "Acme Sync"');
    expect(subject(LIFECYCLE_TOPICS.published)).toBe('"Acme Sync" is published as a private connector');
  });

  it('list every blocker with how to fix it, in text and HTML', () => {
    const blockers = [
      { check: 'connect-yaml-schema', requirement: 'SPEC-YAML', message: 'connect.yaml is not valid', remediation: 'Add deployAs to every application.' },
      { check: 'repo-tag', requirement: 'REPO-TAG', message: 'The tag moved', remediation: '' },
    ];
    const mail = renderMail(facts(LIFECYCLE_TOPICS.certificationFailed, { blockers }), { publicBaseUrl: BASE });
    expect(mail.subject).toBe('Certification failed for "Acme Sync": 2 blockers to fix');
    expect(mail.text).toContain('1. SPEC-YAML · connect-yaml-schema\n   Problem: connect.yaml is not valid\n   How to fix: Add deployAs to every application.');
    expect(mail.text).toContain('2. REPO-TAG · repo-tag\n   Problem: The tag moved\n   How to fix: See the report for this check.');
    expect(mail.html).toContain('<dt>How to fix</dt><dd>Add deployAs to every application.</dd>');
  });

  it('list the reviewer reasons of a rejection', () => {
    const mail = renderMail(facts(LIFECYCLE_TOPICS.certificationRejected, { reasons: ['Logo uses a trademark', 'README lacks setup'] }), { publicBaseUrl: BASE });
    expect(mail.text).toContain('1. Logo uses a trademark\n');
    expect(mail.text).toContain('2. README lacks setup\n');
    expect(mail.html).toContain('<li>Logo uses a trademark</li>');
  });

  it('omit report links when there is no run', () => {
    const mail = renderMail(facts(LIFECYCLE_TOPICS.certificationApproved, { runId: undefined as unknown as string }), { publicBaseUrl: BASE });
    expect(mail.text).not.toContain('/reports/');
    expect(reportLinks(BASE, undefined)).toBeUndefined();
    expect(reportLinks('http://h:8080/base//', 'a/b')).toEqual({ json: 'http://h:8080/base/reports/a%2Fb', html: 'http://h:8080/base/reports/a%2Fb?format=html' });
  });

  it('keep hostile values as text in HTML and on one header line', () => {
    const name = '<script>alert("x")</script> & \'Co\'\r\nBcc: evil@example.com';
    const mail = renderMail(
      facts(LIFECYCLE_TOPICS.certificationFailed, {
        connectorName: name,
        blockers: [{ check: '<b>c</b>', requirement: 'R', message: '<img src=x onerror=alert(1)>', remediation: '"><a href="javascript:alert(1)">x</a>' }],
      }),
      { publicBaseUrl: BASE },
    );
    expect(mail.html).not.toMatch(/<script|<img|<b>|<a href="javascript/);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('Bcc: evil@example.com');
    expect(mail.text).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('mail helpers', () => {
  it('escape, flatten and check values', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(headerText('a\r\nb\u0000c\u2028d   e')).toBe('a b c d e');
    expect(headerText('x'.repeat(200)).length).toBe(160);
    expect(() => httpUrl('javascript:alert(1)', 'PUBLIC_URL')).toThrow(/PUBLIC_URL: .* must be an http or https URL/);
    expect(() => httpUrl('/relative', 'PUBLIC_URL')).toThrow(/not an absolute URL/);
  });

  it('derive addresses, domains and file names', () => {
    expect(envelopeAddress('Connect <certify@example.com>')).toBe('certify@example.com');
    expect(envelopeAddress('certify@example.com')).toBe('certify@example.com');
    expect(senderDomain('Connect <certify@mail.example.com>')).toBe('mail.example.com');
    expect(senderDomain('nobody')).toBe('localhost');
    expect(emlFileName('<outbox.1f/2@example.com>')).toBe('outbox.1f_2@example.com.eml');
  });

  it('accept only smtp and smtps URLs and never echo them', () => {
    expect(parseSmtpUrl('smtp://u:p@mail.example.com:587').hostname).toBe('mail.example.com');
    expect(() => parseSmtpUrl('http://u:secret@x')).toThrow(/must start with smtp:\/\/ or smtps:\/\//);
    expect(() => parseSmtpUrl('not a url secret')).toThrow(/SMTP_URL is not a URL/);
    try {
      parseSmtpUrl('http://u:secret@x');
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
