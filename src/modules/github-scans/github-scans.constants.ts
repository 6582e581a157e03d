import { jobId, QueueName } from '../../queue/queue.constants.js';
import type { RepositorySummary } from './github.client.js';

/** Job names of the github-scan queue. */
export const GithubScanJob = {
  /** Lists the organization, reuses unchanged repositories and fans out one job per changed repository. */
  ScanOrganization: 'scan-organization',
  ScanRepository: 'scan-repository',
  /** The repeatable job of a configuration's rescan schedule: starts a run. */
  ScheduledRescan: 'scheduled-rescan',
} as const;

export const SCAN_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ScanRunStatus = (typeof SCAN_RUN_STATUSES)[number];
export const ACTIVE_RUN_STATUSES: readonly ScanRunStatus[] = ['queued', 'running'];

export const SCAN_TRIGGERS = ['manual', 'scheduled'] as const;

export const DETECTION_TYPES = ['dependency', 'import', 'api-call', 'model-file', 'config'] as const;

/** GitHub scan jobs (listings, repositories, scheduled starts) each worker runs at once (GITHUB_SCAN_CONCURRENCY overrides). */
export const DEFAULT_SCAN_CONCURRENCY = 4;

/** Injection token of the GitHub client's retry policy (tests shorten the waits). */
export const GITHUB_RETRY_POLICY = Symbol('GITHUB_RETRY_POLICY');

export interface ScanOrganizationJobData {
  organizationId: number;
  runId: number;
}

/** The listing already has the repository's metadata; passing it saves a request per repository. */
export interface ScanRepositoryJobData {
  organizationId: number;
  runId: number;
  repository: RepositorySummary;
}

export interface ScheduledRescanJobData {
  organizationId: number;
  configId: number;
}

export const runJobId = (runId: number) => jobId(QueueName.GithubScan, 'run', runId);
export const repositoryJobId = (runId: number, repository: string) => jobId(QueueName.GithubScan, 'run', runId, 'repo', repository);
/** Without colons: Bull splits a repeatable job's key on ':' and would misread the id. */
export const scheduleJobId = (configId: number) => `${QueueName.GithubScan}-schedule-${configId}`;
