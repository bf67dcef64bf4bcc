// The requests Connect (or its callers) would send each application type (connect-reference.md §B.4):
// service → POST to `endpoint` (an API Extension call), event → POST of a Pub/Sub push envelope whose
// data is a commercetools `ResourceCreated` notification, job → POST to `endpoint` (the scheduler),
// `healthCheck.path` → GET, assets and Merchant Center apps → GET / of the served build output.
// Bodies are fixed (no random ids, no clock), so two identical probes can be compared.
import type { ConnectApplication } from '../connect-spec/parse.js';
import { PLACEHOLDER_PROJECT_KEY } from './placeholders.js';

export type ProbeRole = 'endpoint' | 'health' | 'static';

export interface ProbeSpec {
  role: ProbeRole;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** A service, event or health-check answer later than this is a hang (Pub/Sub's ack deadline is 10 s). */
export const PROBE_TIMEOUT_MS = 20_000;
/** A job does its work before answering; with placeholder configuration that fails fast, but allow more. */
export const JOB_PROBE_TIMEOUT_MS = 60_000;

const FIXED_ID = '00000000-0000-4000-8000-000000000001';
const FIXED_TIME = '2026-01-01T00:00:00.000Z';

/** A cart Create call as commercetools sends it to an API Extension. */
export function extensionInput(): Record<string, unknown> {
  return {
    action: 'Create',
    resource: {
      typeId: 'cart',
      id: FIXED_ID,
      obj: {
        id: FIXED_ID,
        version: 1,
        createdAt: FIXED_TIME,
        lastModifiedAt: FIXED_TIME,
        cartState: 'Active',
        lineItems: [],
        customLineItems: [],
        totalPrice: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 0, fractionDigits: 2 },
        taxMode: 'Platform',
        inventoryMode: 'None',
        origin: 'Customer',
        shipping: [],
        discountCodes: [],
        directDiscounts: [],
        refusedGifts: [],
        itemShippingAddresses: [],
      },
    },
  };
}

/** The commercetools notification sent when a Subscription is created (what kit templates acknowledge). */
export function resourceCreatedNotification(): Record<string, unknown> {
  return {
    notificationType: 'ResourceCreated',
    projectKey: PLACEHOLDER_PROJECT_KEY,
    resource: { typeId: 'subscription', id: FIXED_ID },
    resourceUserProvidedIdentifiers: {},
    version: 1,
    createdAt: FIXED_TIME,
  };
}

/** The Pub/Sub push body carrying a notification. */
export function pubSubPushEnvelope(notification: Record<string, unknown>): Record<string, unknown> {
  return {
    message: {
      data: Buffer.from(JSON.stringify(notification)).toString('base64'),
      attributes: {},
      messageId: '1000000000000001',
      message_id: '1000000000000001',
      publishTime: FIXED_TIME,
      publish_time: FIXED_TIME,
    },
    subscription: `projects/${PLACEHOLDER_PROJECT_KEY}/subscriptions/connect-certify-probe`,
  };
}

/** Probes for an application, endpoint first. */
export function probesFor(app: ConnectApplication): ProbeSpec[] {
  const json = { 'content-type': 'application/json', 'user-agent': 'connect-certify-probe' };
  const endpoint = normalisePath(app.endpoint ?? '/');
  const probes: ProbeSpec[] = [];
  switch (app.applicationType) {
    case 'service':
      probes.push({ role: 'endpoint', method: 'POST', path: endpoint, headers: json, body: JSON.stringify(extensionInput()), timeoutMs: PROBE_TIMEOUT_MS });
      break;
    case 'event':
      probes.push({
        role: 'endpoint',
        method: 'POST',
        path: endpoint,
        headers: json,
        body: JSON.stringify(pubSubPushEnvelope(resourceCreatedNotification())),
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      break;
    case 'job':
      probes.push({ role: 'endpoint', method: 'POST', path: endpoint, headers: json, body: '{}', timeoutMs: JOB_PROBE_TIMEOUT_MS });
      break;
    default:
      // assets, Merchant Center custom applications and views: the served build output.
      probes.push({ role: 'static', method: 'GET', path: '/', headers: { 'user-agent': 'connect-certify-probe' }, timeoutMs: PROBE_TIMEOUT_MS });
  }
  if (app.healthCheckPath !== undefined && (app.applicationType === 'service' || app.applicationType === 'event')) {
    probes.push({ role: 'health', method: 'GET', path: normalisePath(app.healthCheckPath), headers: { 'user-agent': 'connect-certify-probe' }, timeoutMs: PROBE_TIMEOUT_MS });
  }
  return probes;
}

function normalisePath(p: string): string {
  const trimmed = p.trim();
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
