// The Connect resources as the service stores and serves them (connect-reference.md §D.2), plus the
// lifecycle data Connect does not expose. Field names follow Connect's API exactly, so a stored
// document is what GET returns.

export interface Creator {
  email: string;
  name?: string;
  title?: string;
  company?: string;
  logoUrl?: string;
  noOfContributors?: number;
  supportUrl?: string;
}

export interface Repository {
  url: string;
  tag: string;
}

export interface StandardConfigurationKey {
  key: string;
  description: string;
  default?: string;
  required?: boolean;
}

export interface SecuredConfigurationKey {
  key: string;
  description: string;
  required?: boolean;
}

export interface ConnectorConfigurationApplication {
  applicationName: string;
  applicationType: string;
  standardConfiguration: StandardConfigurationKey[];
  securedConfiguration: SecuredConfigurationKey[];
}

export interface ConnectorGlobalConfiguration {
  standardConfiguration?: StandardConfigurationKey[];
  securedConfiguration?: SecuredConfigurationKey[];
}

export interface ConnectorApiClient {
  scopes: string[];
}

export interface CertificationInfoComment {
  userId: string;
  datetime: string;
  comment: string;
}

export type ConnectorReportEntryType = 'Information' | 'Warning' | 'Error';

export interface ConnectorReportEntry {
  type: ConnectorReportEntryType;
  title: string;
  message?: string;
  createdAt: string;
}

export interface ConnectorReport {
  entries: ConnectorReportEntry[];
}

export type IsPreviewable = 'true' | 'false' | 'pending' | 'none';

export interface ConnectorStaged {
  id: string;
  key?: string;
  version: number;
  name: string;
  description: string;
  integrationTypes: string[];
  creator: Creator;
  repository: Repository;
  configurations: ConnectorConfigurationApplication[];
  globalConfiguration?: ConnectorGlobalConfiguration;
  apiClient?: ConnectorApiClient;
  private: boolean;
  privateProjects: string[];
  supportedRegions: string[];
  certificationInfo?: { comments: CertificationInfoComment[] };
  status: string;
  publishingReport?: ConnectorReport;
  alreadyListed: boolean;
  hasChanges: boolean;
  isPreviewable: IsPreviewable;
  previewableReport?: ConnectorReport;
  documentationUrl?: string;
  createdAt: string;
  lastModifiedAt: string;
}

/** The published, read-only Connector. */
export interface Connector {
  id: string;
  key?: string;
  version: number;
  name: string;
  description?: string;
  integrationTypes: string[];
  creator: Creator;
  repository: Repository;
  configurations?: ConnectorConfigurationApplication[];
  apiClient?: ConnectorApiClient;
  private: boolean;
  globalConfiguration?: ConnectorGlobalConfiguration;
  supportedRegions: string[];
  certified: boolean;
  documentationUrl?: string;
  createdAt: string;
  lastModifiedAt: string;
}

/** A publish request waiting for (or being handled by) the pipeline. */
export interface PendingPublication {
  certification: boolean;
  runId: string;
  jobId: string;
  requestedAt: string;
  requestedBy: string;
}

/** What the service knows about a ConnectorStaged beyond its Connect representation. */
export interface StagedLifecycle {
  /** The commit `repository.tag` pointed at when the repository was last resolved. */
  repositoryCommit?: string;
  pendingPublication?: PendingPublication;
  pendingPreview?: { runId: string; jobId: string; requestedAt: string };
  /** A Connector has been published from this ConnectorStaged. */
  published: boolean;
  /** The published Connector is certified. */
  certified: boolean;
}

export interface StagedRecord {
  connector: ConnectorStaged;
  projectKey: string;
  lifecycle: StagedLifecycle;
}

export interface PublishedRecord {
  connector: Connector;
  projectKey: string;
  /** Project keys (from `region:projectKey`) allowed to see a private Connector. */
  privateProjectKeys: string[];
  listed: boolean;
}
