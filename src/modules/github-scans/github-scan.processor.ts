import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bull';
import { DataSource, type EntityManager } from 'typeorm';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { JobProducer } from '../../queue/job-producer.js';
import { crashedJobMessage, STALLED_LIMIT_REASON } from '../../queue/queue-reconciler.js';
import { QueueName } from '../../queue/queue.constants.js';
import { KNOWLEDGE_BASE_VERSION } from './detection/knowledge-base.js';
import type { RepositoryFindings } from './detection/detection.types.js';
import { GithubScanConfig, type ListingPageCache } from './entities/github-scan-config.entity.js';
import { GithubScanResult } from './entities/github-scan-result.entity.js';
import { GithubScanRun } from './entities/github-scan-run.entity.js';
import { GithubClient, GithubError, type GithubRetryPolicy, type RepositorySummary } from './github.client.js';
import { GithubScanScheduler } from './github-scan.scheduler.js';
import { GithubScansService } from './github-scans.service.js';
import { decryptSecret } from '../../common/crypto/secrets.js';
import {
  GITHUB_RETRY_POLICY,
  GithubScanJob,
  repositoryJobId,
  type ScanOrganizationJobData,
  type ScanRepositoryJobData,
  type ScheduledRescanJobData,
} from './github-scans.constants.js';
import { scanRepository, type RepositoryScan } from './repository-scanner.js';

/** Statuses of GitHub answers that retrying cannot fix: the scan fails with the reason. */
const FATAL_STATUSES = new Set([401, 403, 404, 422]);

const MAX_LISTING_PAGES = 1000;

/**
 * Worker side of GitHub scanning. A scan run is one `scan-organization` job (list the
 * organization with conditional requests, reuse unchanged repositories, fan out) and one
 * `scan-repository` job per changed repository, which any worker may take. Each repository's
 * result is upserted on (configuration, repository) and counted once per run; whichever worker
 * processes the last repository completes the run and writes its summary.
 */
@Injectable()
export class GithubScanProcessor implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(GithubScanProcessor.name);

  constructor(
    @InjectQueue(QueueName.GithubScan) private readonly queue: Queue,
    @Inject(scopedRepositoryToken(GithubScanConfig)) private readonly configs: OrganizationScopedRepository<GithubScanConfig>,
    @Inject(scopedRepositoryToken(GithubScanRun)) private readonly runs: OrganizationScopedRepository<GithubScanRun>,
    @Inject(scopedRepositoryToken(GithubScanResult)) private readonly results: OrganizationScopedRepository<GithubScanResult>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(GITHUB_RETRY_POLICY) private readonly retryPolicy: GithubRetryPolicy,
    private readonly producer: JobProducer,
    private readonly scheduler: GithubScanScheduler,
    private readonly scans: GithubScansService,
  ) {}

  /**
   * One processor for every job of the queue, registered here rather than with @Process: Bull adds up the
   * concurrency of a queue's named processors (each starts its own loops, and each loop takes any job), so this is
   * the one way GITHUB_SCAN_CONCURRENCY bounds what a worker runs at once.
   */
  onModuleInit(): void {
    void this.queue.process('*', this.config.github.scanConcurrency, (job: Job) => this.dispatch(job));
    // Bull fails a job whose workers all died from its stalled-job check, in whichever worker ran the check: none of
    // this processor's code ran for that outcome, so it is settled here (the queue reconciler is the backstop).
    this.queue.on('failed', (job: Job | null, error: Error) => {
      // Bull passes null for a job removed in the meantime.
      if (!job || error?.message !== STALLED_LIMIT_REASON) return;
      this.settleCrashedJob(job).catch((e: Error) => this.logger.warn(`GitHub scan job ${job.id} crashed its workers: ${e.message}`));
    });
  }

  private dispatch(job: Job): Promise<void> {
    switch (job.name) {
      case GithubScanJob.ScanOrganization:
        return this.scanOrganization(job as Job<ScanOrganizationJobData>);
      case GithubScanJob.ScanRepository:
        return this.scanRepositoryJob(job as Job<ScanRepositoryJobData>);
      case GithubScanJob.ScheduledRescan:
        return this.scheduledRescan(job as Job<ScheduledRescanJobData>);
      default:
        // A job name this version does not know (a newer producer's): it fails, as Bull's own dispatch would.
        return Promise.reject(new Error(`unknown GitHub scan job "${job.name}"`));
    }
  }

  /**
   * A job that Bull failed because every worker running it died (killed, out of memory): a repository counts as
   * failed, as if its scan had thrown, and the run completes without it; the listing fails the run.
   */
  async settleCrashedJob(job: Job<ScanOrganizationJobData | ScanRepositoryJobData>): Promise<void> {
    const { organizationId, runId } = job.data;
    if (job.name === GithubScanJob.ScanOrganization) {
      return this.failRun(organizationId, runId, crashedJobMessage('Listing the organization’s repositories'));
    }
    if (job.name !== GithubScanJob.ScanRepository) return;
    const { repository } = job.data as ScanRepositoryJobData;
    const run = await this.runs.findOneInOrg(organizationId, runId);
    if (!run || run.status !== 'running') return;
    this.logger.warn(`GitHub scan ${runId}: repository ${repository.name} crashed every worker that scanned it; counted as failed`);
    const counted = await this.dataSource.transaction((manager) =>
      this.recordRepository(manager, {
        organizationId,
        runId,
        configId: run.scanConfigId,
        repository,
        outcome: null,
        failure: crashedJobMessage(`Scanning repository ${repository.name}`),
        usage: { budgetRequests: 0, notModified: 0 },
      }),
    );
    if (counted) await this.completeIfDone(organizationId, runId);
  }

  /** Every worker registers every configuration's schedule; Bull keeps one per fixed job id. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.scheduler.syncAll();
    } catch (error) {
      this.logger.error(`could not register the GitHub rescan schedules: ${(error as Error).message}`);
    }
  }

  async scanOrganization(job: Job<ScanOrganizationJobData>): Promise<void> {
    const { organizationId, runId } = job.data;
    const run = await this.runs.findOneInOrg(organizationId, runId);
    if (!run || !['queued', 'running'].includes(run.status)) return;
    const config = await this.configs.findOneInOrg(organizationId, run.scanConfigId);
    if (!config) return;
    await this.runs.updateInOrg(organizationId, runId, { status: 'running', startedAt: run.startedAt ?? new Date() });
    await this.configs.updateInOrg(organizationId, config.id, { status: 'running' });

    const client = this.clientFor(config);
    if (typeof client === 'string') return this.failRun(organizationId, runId, client);
    let listing: { repositories: RepositorySummary[]; pages: ListingPageCache[] };
    try {
      listing = await this.listOrganization(client, config);
    } catch (error) {
      const message = error instanceof GithubError ? error.message : `Listing the organization failed: ${(error as Error).message}`;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // Credentials, permissions and unknown organizations do not heal; outages may.
      if (!(error instanceof GithubError && FATAL_STATUSES.has(error.status)) && !lastAttempt) throw new Error(message);
      return this.failRun(organizationId, runId, message);
    }
    await job.progress(10);

    const inScope = listing.repositories.filter((r) => (config.includeArchived || !r.archived) && (config.includeForks || !r.fork));
    const known = new Map(
      (await this.results.query(organizationId, 'result').andWhere('result.scanConfigId = :id', { id: config.id }).getMany()).map((r) => [
        r.repositoryName,
        r,
      ]),
    );
    const unchanged = inScope.filter((repo) => {
      const previous = known.get(repo.name);
      return (
        previous &&
        !previous.scanError &&
        previous.knowledgeBaseVersion === KNOWLEDGE_BASE_VERSION &&
        previous.defaultBranch === repo.defaultBranch &&
        previous.pushedAt?.getTime() === (repo.pushedAt ? new Date(repo.pushedAt).getTime() : undefined)
      );
    });
    const unchangedNames = new Set(unchanged.map((r) => r.name));
    const changed = inScope.filter((r) => !unchangedNames.has(r.name));

    await this.dataSource.transaction(async (manager) => {
      // Unchanged repositories keep their findings: they only join this run (counted once, even on a retry).
      const reused: Array<{ id: number }> = unchanged.length
        ? (
            await manager.query(
              `UPDATE github_scan_results SET run_id = $1, scan_date = now() WHERE organization_id = $2 AND scan_config_id = $3
                 AND repository_name = ANY($4) AND run_id IS DISTINCT FROM $1 RETURNING id`,
              [runId, organizationId, config.id, unchanged.map((r) => r.name)],
            )
          )[0]
        : [];
      await manager.query(
        `UPDATE github_scan_runs SET progress_total = $3, repositories_skipped = $4, progress_done = progress_done + $5,
           repositories_reused = repositories_reused + $5, api_requests = api_requests + $6, not_modified_responses = not_modified_responses + $7
         WHERE id = $1 AND organization_id = $2`,
        [
          runId,
          organizationId,
          inScope.length,
          listing.repositories.length - inScope.length,
          reused.length,
          client.budgetRequests,
          client.notModified,
        ],
      );
      await this.configs.updateInOrg(organizationId, config.id, { listingCache: listing.pages }, manager);
    });
    await job.progress(50);

    for (const repository of changed) {
      await this.producer.enqueue<ScanRepositoryJobData>(
        QueueName.GithubScan,
        GithubScanJob.ScanRepository,
        { organizationId, runId, repository },
        { jobId: repositoryJobId(runId, repository.name) },
      );
    }
    await job.progress(100);
    await this.completeIfDone(organizationId, runId);
  }

  async scanRepositoryJob(job: Job<ScanRepositoryJobData>): Promise<void> {
    const { organizationId, runId, repository } = job.data;
    const run = await this.runs.findOneInOrg(organizationId, runId);
    if (!run || run.status !== 'running') return;
    const config = await this.configs.findOneInOrg(organizationId, run.scanConfigId);
    if (!config) return;
    const previous = await this.results
      .query(organizationId, 'result')
      .andWhere('result.scanConfigId = :configId AND result.repositoryName = :name', { configId: config.id, name: repository.name })
      .getOne();
    if (previous?.runId === runId) return;

    const client = this.clientFor(config);
    if (typeof client === 'string') return this.failRun(organizationId, runId, client);
    let outcome: RepositoryScan | null = null;
    let failure: string | null = null;
    try {
      const reusable = previous && !previous.scanError && previous.knowledgeBaseVersion === KNOWLEDGE_BASE_VERSION ? previous : null;
      outcome = await scanRepository(
        client,
        config.githubOrgName,
        repository,
        reusable ? { treeSha: reusable.treeSha, findings: findingsOf(reusable), warnings: reusable.scanWarnings } : null,
      );
    } catch (error) {
      // A revoked token fails the whole scan; anything else fails only this repository.
      if (error instanceof GithubError && error.status === 401) return this.failRun(organizationId, runId, error.message);
      failure = error instanceof GithubError ? error.message : `Scanning failed: ${(error as Error).message}`;
    }
    const counted = await this.dataSource.transaction((manager) =>
      this.recordRepository(manager, { organizationId, runId, configId: config.id, repository, outcome, failure, usage: client }),
    );
    await job.progress(100);
    if (counted) await this.completeIfDone(organizationId, runId);
  }

  async scheduledRescan(job: Job<ScheduledRescanJobData>): Promise<void> {
    const { organizationId, configId } = job.data;
    if (!(await this.configs.existsInOrg(organizationId, configId))) {
      await this.scheduler.remove(configId);
      return;
    }
    await this.scans.startRun(organizationId, configId, null, 'scheduled');
  }

  /** Upserts the repository's result for this run; true when this call counted it (once per run). */
  private async recordRepository(
    manager: EntityManager,
    input: {
      organizationId: number;
      runId: number;
      configId: number;
      repository: RepositorySummary;
      outcome: RepositoryScan | null;
      failure: string | null;
      /** The GitHub requests spent on it. */
      usage: Pick<GithubClient, 'budgetRequests' | 'notModified'>;
    },
  ): Promise<boolean> {
    const { organizationId, runId, configId, repository, outcome, failure, usage } = input;
    const identity = [configId, organizationId, repository.name, repository.htmlUrl, runId, repository.defaultBranch];
    const rows: Array<{ id: number }> = outcome
      ? await manager.query(
          `INSERT INTO github_scan_results AS r (scan_config_id, organization_id, repository_name, repository_url, run_id, default_branch,
             pushed_at, tree_sha, knowledge_base_version, has_ai_usage, ai_libraries, ai_frameworks, confidence_score, detection_type,
             evidence, scan_warnings, scan_error, scan_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, NULL, now())
           ON CONFLICT (scan_config_id, repository_name) DO UPDATE SET repository_url = EXCLUDED.repository_url, run_id = EXCLUDED.run_id,
             default_branch = EXCLUDED.default_branch, pushed_at = EXCLUDED.pushed_at, tree_sha = EXCLUDED.tree_sha,
             knowledge_base_version = EXCLUDED.knowledge_base_version, has_ai_usage = EXCLUDED.has_ai_usage, ai_libraries = EXCLUDED.ai_libraries,
             ai_frameworks = EXCLUDED.ai_frameworks, confidence_score = EXCLUDED.confidence_score, detection_type = EXCLUDED.detection_type,
             evidence = EXCLUDED.evidence, scan_warnings = EXCLUDED.scan_warnings, scan_error = NULL, scan_date = now(),
             ai_usage_removed_at = CASE WHEN EXCLUDED.has_ai_usage THEN NULL WHEN r.has_ai_usage THEN now() ELSE r.ai_usage_removed_at END
           WHERE r.run_id IS DISTINCT FROM EXCLUDED.run_id AND r.organization_id = EXCLUDED.organization_id
           RETURNING id`,
          [
            ...identity,
            repository.pushedAt,
            outcome.treeSha,
            KNOWLEDGE_BASE_VERSION,
            outcome.findings.hasAiUsage,
            outcome.findings.aiLibraries,
            outcome.findings.aiFrameworks,
            outcome.findings.confidenceScore,
            outcome.findings.detectionType,
            JSON.stringify(outcome.findings.evidence),
            outcome.warnings.slice(0, 50),
          ],
        )
      : // A failed repository keeps its earlier findings and is scanned again next time.
        await manager.query(
          `INSERT INTO github_scan_results AS r (scan_config_id, organization_id, repository_name, repository_url, run_id, default_branch, scan_error, scan_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now())
           ON CONFLICT (scan_config_id, repository_name) DO UPDATE SET repository_url = EXCLUDED.repository_url, run_id = EXCLUDED.run_id,
             default_branch = EXCLUDED.default_branch, scan_error = EXCLUDED.scan_error, scan_date = now()
           WHERE r.run_id IS DISTINCT FROM EXCLUDED.run_id AND r.organization_id = EXCLUDED.organization_id
           RETURNING id`,
          [...identity, failure],
        );
    if (!rows.length) return false;
    await manager.query(
      `UPDATE github_scan_runs SET progress_done = progress_done + 1, repositories_failed = repositories_failed + $3,
         repositories_reused = repositories_reused + $4, api_requests = api_requests + $5, not_modified_responses = not_modified_responses + $6
       WHERE id = $1 AND organization_id = $2`,
      [runId, organizationId, outcome ? 0 : 1, outcome?.reused ? 1 : 0, usage.budgetRequests, usage.notModified],
    );
    return true;
  }

  /** Completes the run once every repository is counted: exactly one caller wins the status change. */
  private async completeIfDone(organizationId: number, runId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [completed]: Array<Array<{ scan_config_id: number; started_at: Date }>> = await manager.query(
        `UPDATE github_scan_runs SET status = 'completed', finished_at = now()
         WHERE id = $1 AND organization_id = $2 AND status = 'running' AND progress_done >= progress_total
         RETURNING scan_config_id, started_at`,
        [runId, organizationId],
      );
      if (!completed.length) return;
      const configId = completed[0].scan_config_id;
      // Repositories no longer in the organization (or now out of scope) leave the results.
      await manager.query(
        `DELETE FROM github_scan_results WHERE organization_id = $1 AND scan_config_id = $2 AND run_id IS DISTINCT FROM $3`,
        [organizationId, configId, runId],
      );
      await manager.query(
        `INSERT INTO github_scan_summaries (scan_config_id, organization_id, run_id, total_repositories, repositories_with_ai,
           repositories_ai_removed, repositories_failed, repositories_skipped, repositories_reused, api_requests, scan_date)
         SELECT run.scan_config_id, run.organization_id, run.id, run.progress_total,
           (SELECT count(*) FROM github_scan_results r WHERE r.run_id = run.id AND r.has_ai_usage),
           (SELECT count(*) FROM github_scan_results r WHERE r.run_id = run.id AND r.ai_usage_removed_at >= run.started_at),
           run.repositories_failed, run.repositories_skipped, run.repositories_reused, run.api_requests, now()
         FROM github_scan_runs run WHERE run.id = $1 AND run.organization_id = $2
         ON CONFLICT (run_id) DO NOTHING`,
        [runId, organizationId],
      );
      await this.configs.updateInOrg(organizationId, configId, { status: 'completed', lastScanAt: new Date() }, manager);
    });
  }

  private async failRun(organizationId: number, runId: number, reason: string): Promise<void> {
    this.logger.warn(`GitHub scan ${runId} failed: ${reason}`);
    await this.dataSource.transaction(async (manager) => {
      const [failed]: Array<Array<{ scan_config_id: number }>> = await manager.query(
        `UPDATE github_scan_runs SET status = 'failed', error = $3, finished_at = now()
         WHERE id = $1 AND organization_id = $2 AND status IN ('queued', 'running') RETURNING scan_config_id`,
        [runId, organizationId, reason],
      );
      if (failed.length) await this.configs.updateInOrg(organizationId, failed[0].scan_config_id, { status: 'failed' }, manager);
    });
  }

  /** A client with the configuration's token (or GITHUB_TOKEN); a string is the reason it cannot be built. */
  private clientFor(config: GithubScanConfig): GithubClient | string {
    let token = this.config.github.token;
    if (config.tokenCiphertext) {
      try {
        token = decryptSecret(config.tokenCiphertext, this.config.encryptionKey);
      } catch {
        return 'The stored GitHub token cannot be decrypted (was ENCRYPTION_KEY changed?); set the token again';
      }
    }
    return new GithubClient(this.config.github.apiUrl, token, this.retryPolicy);
  }

  /** Every page of the organization's repositories; a page whose ETag still matches is a free 304. */
  private async listOrganization(
    client: GithubClient,
    config: GithubScanConfig,
  ): Promise<{ repositories: RepositorySummary[]; pages: ListingPageCache[] }> {
    const cache = new Map((config.listingCache ?? []).map((p) => [p.page, p]));
    const pages: ListingPageCache[] = [];
    for (let page = 1; page <= MAX_LISTING_PAGES; page++) {
      const cached = cache.get(page);
      const answer = await client.listOrganizationRepositories(config.githubOrgName, page, cached?.etag);
      const current: ListingPageCache | null = answer.notModified
        ? (cached ?? null)
        : answer.etag
          ? { page, etag: answer.etag, repositories: answer.repositories, hasNext: answer.hasNext }
          : { page, etag: '', repositories: answer.repositories, hasNext: answer.hasNext };
      if (!current) throw new GithubError('GitHub answered 304 for a listing page that was never seen; retry the scan', 0);
      pages.push(current);
      if (!current.hasNext) break;
    }
    return { repositories: pages.flatMap((p) => p.repositories), pages };
  }
}

function findingsOf(result: GithubScanResult): RepositoryFindings {
  return {
    hasAiUsage: result.hasAiUsage,
    aiLibraries: result.aiLibraries,
    aiFrameworks: result.aiFrameworks,
    detectionType: result.detectionType as RepositoryFindings['detectionType'],
    confidenceScore: result.confidenceScore ?? 0,
    evidence: result.evidence,
  };
}
