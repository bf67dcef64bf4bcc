// The lifecycle messages the service writes to the outbox (one per status change a creator hears
// about), and the one payload shape they all share. The e-mail part renders from exactly this
// payload, so nothing here depends on the service or the store; `TOPICS` in service/actions.ts
// includes these names.

/** Outbox topics of the connector lifecycle, by event. */
export const LIFECYCLE_TOPICS = {
  /** `publish` accepted: the certification (or private publish) request was received. */
  publishRequested: 'connector.publish-requested',
  /** The automated part found blockers (or could not run): the ConnectorStaged is `Failed`. */
  certificationFailed: 'connector.certification-failed',
  /** The automated part passed a certification request: `ReadyForCertification`. */
  readyForReview: 'connector.ready-for-review',
  /** A reviewer approved: `Published`, certified and listed. */
  certificationApproved: 'connector.certification-approved',
  /** A reviewer rejected: `Failed`, with the reasons as certification comments. */
  certificationRejected: 'connector.certification-rejected',
  /** `publish{certification:false}` passed the automated part: a private Connector is `Published`. */
  published: 'connector.published',
} as const;

export type LifecycleTopic = (typeof LIFECYCLE_TOPICS)[keyof typeof LIFECYCLE_TOPICS];

export const LIFECYCLE_TOPIC_NAMES: readonly LifecycleTopic[] = Object.values(LIFECYCLE_TOPICS);

export function isLifecycleTopic(topic: string): topic is LifecycleTopic {
  return (LIFECYCLE_TOPIC_NAMES as readonly string[]).includes(topic);
}

/** One blocker of a failed run, with how to fix it (from the engine's finding and check). */
export interface LifecycleBlocker {
  /** Check id, e.g. `connect-yaml-schema`. */
  check: string;
  /** Requirement id the check belongs to, e.g. `SPEC-YAML` (or `REPO-TAG`, `PIPELINE` for service-level blockers). */
  requirement: string;
  message: string;
  remediation: string;
}

/** The payload of every lifecycle outbox message. */
export interface LifecycleMessagePayload {
  connectorId: string;
  /** The certification run the message is about (absent only where no run exists). */
  runId?: string;
  /** The ConnectorStaged key; Connect keys are optional, so a connector without one has none here. */
  connectorKey?: string;
  connectorName: string;
  /** Where the e-mail goes (`creator.email`). */
  creatorEmail?: string;
  /** The ConnectorStaged status after the change (`Processing`, `Failed`, `ReadyForCertification`, `InCertification`, `Published`). */
  status: string;
  /** `publish-requested` only: whether certification was requested (false = private publish). */
  certification?: boolean;
  /** Absolute URL of the run's report (`GET /reports/{runId}?format=html`), when the server knows its public URL. */
  reportUrl?: string;
  /** `certification-failed`: every blocker, in report order. */
  blockers?: LifecycleBlocker[];
  /** `certification-rejected`: the reviewer's reasons. */
  reasons?: string[];
}
