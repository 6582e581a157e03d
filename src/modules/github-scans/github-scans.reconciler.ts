import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import {
  addReplacingFinished,
  crashedJobsByOwner,
  liveJobOwnerIds,
  QueueReconciler,
  type ReconcileContext,
} from '../../queue/queue-reconciler.js';
import { QueueName } from '../../queue/queue.constants.js';
import { GithubScanProcessor } from './github-scan.processor.js';
import { GithubScanScheduler } from './github-scan.scheduler.js';
import { GithubScanJob, runJobId, type ScanOrganizationJobData } from './github-scans.constants.js';
import { GithubScansService } from './github-scans.service.js';

/** Lost runs resumed per pass (the oldest first); more wait for the next pass. */
const BATCH = 500;

/**
 * The active runs created before $1 that have no live job (their ids are not in $2), oldest first. Runs with live
 * jobs are left out by the query, so a pass looks at the lost ones however many others are in progress.
 * IDX_github_scan_runs_active holds only active runs: nothing is read when no scan is in progress, however long
 * the history.
 */
export const LOST_RUNS_SQL = `SELECT id, organization_id FROM github_scan_runs
  WHERE status IN ('queued', 'running') AND created_at < $1 AND id <> ALL($2::int[]) ORDER BY created_at LIMIT ${BATCH}`;

/** The run a job id belongs to: `github-scan:run:<id>` (listing) or `github-scan:run:<id>:repo:<name>`. */
const RUN_JOB_ID = /^github-scan:run:(\d+)(?::|$)/;

/**
 * What the queue reconciler does for GitHub scanning after Redis lost its data: registers the
 * rescan schedules again, and resumes the runs PostgreSQL holds as queued or running while no job
 * of theirs is left in Redis (see GithubScansService.restartLostRun for why a resumed run starts
 * again from its listing). The jobs of such a run that Bull failed because they crashed every worker
 * that ran them are settled first (GithubScanProcessor.settleCrashedJob), never queued again.
 */
@Injectable()
export class GithubScansReconciler implements OnModuleInit {
  private readonly logger = new Logger(GithubScansReconciler.name);

  constructor(
    @InjectQueue(QueueName.GithubScan) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reconciler: QueueReconciler,
    private readonly scheduler: GithubScanScheduler,
    private readonly scans: GithubScansService,
    private readonly processor: GithubScanProcessor,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('GitHub rescan schedules', () => this.scheduler.syncAll());
    this.reconciler.register('GitHub scan runs', (context) => this.resumeLostRuns(context));
  }

  async resumeLostRuns({ queuedBefore }: ReconcileContext): Promise<number> {
    // Redis first: a run with no live job now that PostgreSQL then still holds as active has no job that will ever
    // run it (a run's first job is added before its grace period ends, and each job adds the next before it ends).
    const liveRuns = await liveJobOwnerIds(this.queue, RUN_JOB_ID);
    const lost: Array<{ id: number; organization_id: number }> = await this.dataSource.query(LOST_RUNS_SQL, [queuedBefore, [...liveRuns]]);
    if (!lost.length) return 0;
    const crashed = await crashedJobsByOwner(this.queue, RUN_JOB_ID, new Set(lost.map((run) => run.id)));
    let resumed = 0;
    for (const run of lost) {
      // Usually the worker that saw Bull fail them settled them already; settling is idempotent.
      for (const { jobId } of crashed.get(run.id) ?? []) {
        const job = await this.queue.getJob(jobId);
        if (job) await this.processor.settleCrashedJob(job);
      }
      if (!(await this.scans.restartLostRun(run.organization_id, run.id))) continue;
      await addReplacingFinished<ScanOrganizationJobData>(
        this.queue,
        GithubScanJob.ScanOrganization,
        { organizationId: run.organization_id, runId: run.id },
        runJobId(run.id),
      );
      this.logger.warn(`GitHub scan ${run.id} (organization ${run.organization_id}) had no job left in Redis: resumed from its listing`);
      resumed++;
    }
    return resumed;
  }
}
