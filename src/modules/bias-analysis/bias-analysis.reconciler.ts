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
import { jobId, QueueName } from '../../queue/queue.constants.js';
import { BiasJob } from './bias-analysis.constants.js';
import { BiasAnalysisRunner, type AnalyzeJobData } from './bias-analysis.runner.js';

/** Lost analyses queued again per pass (the longest queued first); more wait for the next pass. */
const BATCH = 500;

/**
 * The scans queued before $1 and not finished that have no live job (their ids are not in $2), longest queued
 * first. Scans with live jobs are left out by the query, so a pass looks at the lost ones however many others wait.
 * IDX_bias_analysis_scans_queued holds only unfinished queued scans: nothing is read when no analysis waits,
 * however long the history.
 */
export const LOST_SCANS_SQL = `SELECT id, organization_id, queued_at FROM bias_analysis_scans
  WHERE status IN ('pending', 'processing') AND queued_at IS NOT NULL AND queued_at < $1 AND id <> ALL($2::int[])
  ORDER BY queued_at LIMIT ${BATCH}`;

/** The scan a job id belongs to: `bias-analysis:<id>` or a re-run's `bias-analysis:<id>:rerun:<time>`. */
const SCAN_JOB_ID = /^bias-analysis:(\d+)(?::|$)/;

/**
 * What the queue reconciler does for bias analysis after Redis lost its data: a scan whose analysis
 * was queued (queued_at) and has not finished, with no job of its own left in Redis, is queued
 * again under its deterministic job id. Its data is still in PostgreSQL (chunks are deleted only
 * when the analysis finishes), and the analysis replaces its results in one transaction, so
 * running it again is safe even if a worker that lost its Redis is still running the old job. A scan
 * whose job Bull failed, since it was last queued, because it crashed every worker that ran it (a
 * dataset too large for the worker's memory, say) is failed instead.
 */
@Injectable()
export class BiasAnalysisReconciler implements OnModuleInit {
  private readonly logger = new Logger(BiasAnalysisReconciler.name);

  constructor(
    @InjectQueue(QueueName.BiasAnalysis) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reconciler: QueueReconciler,
    private readonly runner: BiasAnalysisRunner,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('bias analyses', (context) => this.requeueLostAnalyses(context));
  }

  async requeueLostAnalyses({ queuedBefore }: ReconcileContext): Promise<number> {
    // Redis first: a scan with no live job now that PostgreSQL then still holds as unfinished has no job that will
    // ever run it (its job is added before its grace period ends; a scan that finished in between is not read).
    const liveScans = await liveJobOwnerIds(this.queue, SCAN_JOB_ID);
    const lost: Array<{ id: number; organization_id: number; queued_at: Date }> = await this.dataSource.query(LOST_SCANS_SQL, [
      queuedBefore,
      [...liveScans],
    ]);
    if (!lost.length) return 0;
    const crashed = await crashedJobsByOwner(this.queue, SCAN_JOB_ID, new Set(lost.map((scan) => scan.id)));
    let requeued = 0;
    for (const scan of lost) {
      // A crash before the scan was last queued (re-run) belongs to an earlier attempt.
      if (crashed.get(scan.id)?.some((job) => job.failedAt >= scan.queued_at.getTime())) {
        await this.runner.failCrashedScan(scan.organization_id, scan.id);
        continue;
      }
      await addReplacingFinished<AnalyzeJobData>(
        this.queue,
        BiasJob.Analyze,
        { organizationId: scan.organization_id, scanId: scan.id },
        jobId(QueueName.BiasAnalysis, scan.id),
      );
      this.logger.warn(
        `bias scan ${scan.id} (organization ${scan.organization_id}) had no job left in Redis: its analysis was queued again`,
      );
      requeued++;
    }
    return requeued;
  }
}
