import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { crashedJobMessage } from '../../queue/queue-reconciler.js';
import { ComplianceIssue } from '../compliance-issues/entities/compliance-issue.entity.js';
import type { DataFormat } from './bias-analysis.types.js';
import { BiasAnalysisDataChunk } from './entities/bias-analysis-data-chunk.entity.js';
import { BiasAnalysisResult } from './entities/bias-analysis-result.entity.js';
import { BiasAnalysisScan } from './entities/bias-analysis-scan.entity.js';
import { decodeChunk } from './ingestion/chunk-codec.js';
import { DataError } from './ingestion/data-error.js';
import { DatasetAnalyzer, type DatasetSummary } from './ingestion/dataset-analyzer.js';
import { buildResultRows, type MetricRow } from './metrics/result-rows.js';

export interface AnalyzeJobData {
  organizationId: number;
  scanId: number;
}

/** Chunks requested ahead of the parser (each ≈ 200 KB compressed, 1 MiB inflated). */
const PREFETCH_CHUNKS = 4;

/** Result rows are inserted in batches of this many. */
const INSERT_BATCH = 500;

/**
 * The worker side of a scan: one streaming pass over the staged chunks, then every result row,
 * the optional compliance issue, the final status and the clean-up in one transaction, so a
 * retried job replaces its previous attempt and never leaves partial results.
 */
@Injectable()
export class BiasAnalysisRunner {
  private readonly logger = new Logger(BiasAnalysisRunner.name);

  constructor(
    @Inject(scopedRepositoryToken(BiasAnalysisScan)) private readonly scans: OrganizationScopedRepository<BiasAnalysisScan>,
    @Inject(scopedRepositoryToken(BiasAnalysisDataChunk)) private readonly chunks: OrganizationScopedRepository<BiasAnalysisDataChunk>,
    @Inject(scopedRepositoryToken(ComplianceIssue)) private readonly issues: OrganizationScopedRepository<ComplianceIssue>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `finalAttempt`: an unexpected error is recorded as the scan's failure instead of being retried. */
  async run(job: AnalyzeJobData, reportProgress: (percent: number) => Promise<void>, finalAttempt: boolean): Promise<void> {
    const { organizationId, scanId } = job;
    const scan = await this.scans.findOneInOrg(organizationId, scanId);
    if (!scan || scan.status === 'completed' || scan.status === 'failed') return;
    await this.scans.updateInOrg(organizationId, scanId, { status: 'processing', startedAt: new Date(), progress: 0, error: null });
    let summary: DatasetSummary;
    let rows: MetricRow[];
    try {
      summary = await this.analyze(scan, reportProgress);
      rows = buildResultRows(summary.groupings, summary.hasLabels, scan.config);
    } catch (error) {
      if (error instanceof DataError) return this.fail(scan, error.message);
      this.logger.error(`bias scan ${scanId}: ${(error as Error).message}`);
      if (finalAttempt) await this.fail(scan, `the analysis could not finish: ${(error as Error).message}`);
      throw error;
    }
    await this.dataSource.transaction(async (manager) => {
      // The scan row lock serializes two attempts of the same job (e.g. a stalled one taken over).
      const current = await this.scans
        .query(organizationId, 'scan', manager)
        .andWhere('scan.id = :scanId', { scanId })
        .setLock('pessimistic_write')
        .getOne();
      if (!current || current.status === 'completed' || current.status === 'failed') return;
      await manager
        .createQueryBuilder()
        .delete()
        .from(BiasAnalysisResult)
        .where('scan_id = :scanId AND organization_id = :organizationId', { scanId, organizationId })
        .execute();
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        const values = rows.slice(i, i + INSERT_BATCH).map((row) => ({
          ...row,
          scanId,
          organizationId,
          additionalData: JSON.stringify(row.additionalData),
        }));
        await manager.createQueryBuilder().insert().into(BiasAnalysisResult).values(values).execute();
      }
      const complianceIssueId = await this.openComplianceIssue(manager, scan, rows);
      await this.scans.updateInOrg(
        organizationId,
        scanId,
        { status: 'completed', completedAt: new Date(), progress: 100, rowCount: summary.rowCount, error: null, complianceIssueId },
        manager,
      );
      await this.dropData(manager, scan);
    });
    await reportProgress(100);
  }

  private async analyze(scan: BiasAnalysisScan, reportProgress: (percent: number) => Promise<void>): Promise<DatasetSummary> {
    const analyzer = new DatasetAnalyzer(scan.config, scan.dataFormat as DataFormat);
    const chunks = await this.chunks
      .query(scan.organizationId, 'chunk')
      .select('chunk.seq', 'seq')
      .andWhere('chunk.scanId = :scanId', { scanId: scan.id })
      .orderBy('chunk.seq', 'ASC')
      .getRawMany<{ seq: number }>();
    let reported = 0;
    // Later chunks are fetched (on other pool connections) and inflated while this one is parsed.
    const fetching: Array<Promise<Buffer>> = [];
    const prefetch = (index: number) => {
      if (index >= chunks.length) return;
      const fetched = this.fetchChunk(scan, chunks[index].seq);
      fetched.catch(() => undefined);
      fetching.push(fetched);
    };
    for (let i = 0; i < PREFETCH_CHUNKS; i++) prefetch(i);
    for (let i = 0; i < chunks.length; i++) {
      const data = await fetching.shift()!;
      prefetch(i + PREFETCH_CHUNKS);
      analyzer.push(data);
      const percent = Math.floor(((i + 1) / chunks.length) * 95);
      if (percent >= reported + 10) {
        reported = percent;
        await this.scans.updateInOrg(scan.organizationId, scan.id, { progress: percent });
        await reportProgress(percent);
      }
    }
    return analyzer.finish();
  }

  /** Fetches and inflates one chunk (the inflating runs off the event loop). */
  private async fetchChunk(scan: BiasAnalysisScan, seq: number): Promise<Buffer> {
    const row = await this.chunks
      .query(scan.organizationId, 'chunk')
      .select('chunk.data', 'data')
      .andWhere('chunk.scanId = :scanId AND chunk.seq = :seq', { scanId: scan.id, seq })
      .getRawOne<{ data: Buffer }>();
    if (!row) throw new Error(`data chunk ${seq} of scan ${scan.id} is missing`);
    return decodeChunk(row.data);
  }

  /**
   * Fails a scan whose job Bull failed because every worker running it died (killed, out of memory): none of this
   * runner's code ran for that outcome. Called when Bull fails the job, and by the queue reconciler.
   */
  async failCrashedScan(organizationId: number, scanId: number): Promise<void> {
    this.logger.warn(`bias scan ${scanId} (organization ${organizationId}): its job crashed every worker that ran it; failed`);
    const scan = await this.scans.findOneInOrg(organizationId, scanId);
    if (scan) await this.fail(scan, crashedJobMessage('The analysis'));
  }

  private async fail(scan: BiasAnalysisScan, message: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // A second run of the same scan (a stalled job taken over, a job re-queued after Redis lost its
      // data while the first still ran) may have finished it meanwhile: its outcome stands.
      const current = await this.scans
        .query(scan.organizationId, 'scan', manager)
        .andWhere('scan.id = :scanId', { scanId: scan.id })
        .setLock('pessimistic_write')
        .getOne();
      if (!current || current.status === 'completed' || current.status === 'failed') return;
      await this.scans.updateInOrg(scan.organizationId, scan.id, { status: 'failed', completedAt: new Date(), error: message }, manager);
      await this.dropData(manager, scan);
    });
  }

  private async dropData(manager: EntityManager, scan: BiasAnalysisScan): Promise<void> {
    if (this.config.bias.retainData) return;
    await manager
      .createQueryBuilder()
      .delete()
      .from(BiasAnalysisDataChunk)
      .where('scan_id = :scanId AND organization_id = :organizationId', { scanId: scan.id, organizationId: scan.organizationId })
      .execute();
  }

  private async openComplianceIssue(manager: EntityManager, scan: BiasAnalysisScan, rows: MetricRow[]): Promise<number | null> {
    const failing = rows.filter((row) => row.status === 'fail');
    if (!scan.config.openComplianceIssue || failing.length === 0) return null;
    const aiSystem = scan.config.aiSystemId
      ? await manager.query(`SELECT 1 FROM ai_systems WHERE id = $1 AND organization_id = $2`, [
          scan.config.aiSystemId,
          scan.organizationId,
        ])
      : [];
    const listed = failing
      .slice(0, 20)
      .map(
        (row) =>
          `- ${row.metricName} for ${row.demographicGroup}: ${row.score === null ? 'undefined' : row.score.toFixed(4)} (threshold ${row.threshold})`,
      );
    const issue = await this.issues.createInOrg(
      scan.organizationId,
      {
        title: `Bias scan "${scan.name}": ${failing.length} fairness metric${failing.length === 1 ? '' : 's'} fail`.slice(0, 200),
        description: [
          `Bias scan ${scan.id} found metrics beyond their thresholds:`,
          ...listed,
          ...(failing.length > listed.length ? [`… and ${failing.length - listed.length} more`] : []),
        ].join('\n'),
        status: 'open',
        severity: 'high',
        aiSystemId: (aiSystem as unknown[]).length ? scan.config.aiSystemId : null,
      },
      manager,
    );
    return issue.id;
  }
}
