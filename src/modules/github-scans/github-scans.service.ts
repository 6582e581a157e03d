import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { assertReferencesInOrganization } from '../../common/tenancy/references.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { JobProducer } from '../../queue/job-producer.js';
import { QueueName } from '../../queue/queue.constants.js';
import { AiSystem } from '../ai-systems/entities/ai-system.entity.js';
import { toRiskItemResponse } from '../risk-items/dto/risk-item.dto.js';
import { RiskItem } from '../risk-items/entities/risk-item.entity.js';
import {
  toGithubScanConfigResponse,
  toGithubScanResultResponse,
  toGithubScanRunResponse,
  toGithubScanSummaryResponse,
  type AddToRiskDto,
  type AddToRiskResponseDto,
  type CreateGithubScanConfigDto,
  type GithubScanConfigQueryDto,
  type GithubScanConfigResponseDto,
  type GithubScanResultQueryDto,
  type GithubScanResultResponseDto,
  type GithubScanRunQueryDto,
  type GithubScanRunResponseDto,
  type GithubScanSummaryResponseDto,
  type StartScanResponseDto,
  type UpdateGithubScanConfigDto,
} from './dto/github-scan.dto.js';
import { buildCycloneDxBom, type CycloneDxBom } from './cyclonedx-bom.js';
import { KNOWLEDGE_BASE_VERSION } from './detection/knowledge-base.js';
import { GithubScanConfig } from './entities/github-scan-config.entity.js';
import { GithubScanResult } from './entities/github-scan-result.entity.js';
import { GithubScanRun } from './entities/github-scan-run.entity.js';
import { GithubScanSummary } from './entities/github-scan-summary.entity.js';
import { GithubScanScheduler } from './github-scan.scheduler.js';
import { encryptSecret } from '../../common/crypto/secrets.js';
import { ACTIVE_RUN_STATUSES, GithubScanJob, runJobId, type ScanOrganizationJobData } from './github-scans.constants.js';

const CONFIG_LIST_RULES = {
  sortable: ['id', 'githubOrgName', 'status', 'lastScanAt', 'createdAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['githubOrgName'],
};

const RUN_LIST_RULES = {
  sortable: ['id', 'status', 'createdAt', 'startedAt', 'finishedAt'],
  defaultSort: { field: 'id', direction: 'DESC' as const },
  searchable: [],
};

const RESULT_LIST_RULES = {
  sortable: ['id', 'repositoryName', 'hasAiUsage', 'confidenceScore', 'detectionType', 'scanDate'],
  defaultSort: { field: 'repositoryName', direction: 'ASC' as const },
  searchable: ['repositoryName'],
};

const SUMMARY_LIST_RULES = {
  sortable: ['id', 'scanDate', 'totalRepositories', 'repositoriesWithAi'],
  defaultSort: { field: 'scanDate', direction: 'DESC' as const },
  searchable: [],
};

const MAX_SYSTEM_DETAILS = 10_000;

@Injectable()
export class GithubScansService {
  constructor(
    @Inject(scopedRepositoryToken(GithubScanConfig)) private readonly configs: OrganizationScopedRepository<GithubScanConfig>,
    @Inject(scopedRepositoryToken(GithubScanRun)) private readonly runs: OrganizationScopedRepository<GithubScanRun>,
    @Inject(scopedRepositoryToken(GithubScanResult)) private readonly results: OrganizationScopedRepository<GithubScanResult>,
    @Inject(scopedRepositoryToken(GithubScanSummary)) private readonly summaries: OrganizationScopedRepository<GithubScanSummary>,
    @Inject(scopedRepositoryToken(RiskItem)) private readonly risks: OrganizationScopedRepository<RiskItem>,
    @Inject(scopedRepositoryToken(AiSystem)) private readonly systems: OrganizationScopedRepository<AiSystem>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: JobProducer,
    private readonly scheduler: GithubScanScheduler,
  ) {}

  async listConfigs(principal: Principal, query: GithubScanConfigQueryDto): Promise<Paginated<GithubScanConfigResponseDto>> {
    const page = await this.configs.listInOrg(principal.organizationId, query, CONFIG_LIST_RULES);
    const lastRuns = await this.latestRuns(
      principal.organizationId,
      page.data.map((c) => c.id),
    );
    return mapPage(page, (config) => toGithubScanConfigResponse(config, lastRuns.get(config.id) ?? null));
  }

  async getConfig(principal: Principal, id: number): Promise<GithubScanConfigResponseDto> {
    const config = await this.configs.getInOrg(principal.organizationId, id);
    return toGithubScanConfigResponse(config, (await this.latestRuns(principal.organizationId, [id])).get(id) ?? null);
  }

  async createConfig(principal: Principal, dto: CreateGithubScanConfigDto): Promise<GithubScanConfigResponseDto> {
    const config = await this.dataSource.transaction(async (manager) => {
      await this.assertOrgNameFree(principal.organizationId, dto.githubOrgName, null, manager);
      const created = await this.configs.createInOrg(principal.organizationId, this.toColumns(dto), manager);
      if (created.rescanCron) await this.scheduler.sync(created);
      return created;
    });
    return toGithubScanConfigResponse(config, null);
  }

  async updateConfig(principal: Principal, id: number, dto: UpdateGithubScanConfigDto): Promise<GithubScanConfigResponseDto> {
    const config = await this.dataSource.transaction(async (manager) => {
      if (dto.githubOrgName !== undefined) await this.assertOrgNameFree(principal.organizationId, dto.githubOrgName, id, manager);
      const before = await this.configs.getInOrg(principal.organizationId, id, manager);
      const columns = this.toColumns(dto);
      // ETags are per token and organization: another token or organization starts a fresh listing.
      if (dto.token !== undefined || (dto.githubOrgName !== undefined && dto.githubOrgName !== before.githubOrgName))
        columns.listingCache = null;
      const updated = await this.configs.updateInOrg(principal.organizationId, id, columns, manager);
      if (updated.rescanCron !== before.rescanCron) await this.scheduler.sync(updated);
      return updated;
    });
    return this.getConfig(principal, config.id);
  }

  async removeConfig(principal: Principal, id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const config = await this.configs.getInOrg(principal.organizationId, id, manager);
      await this.configs.deleteInOrg(principal.organizationId, id, manager);
      if (config.rescanCron) await this.scheduler.remove(id);
    });
  }

  /** Starts a scan, or answers with the one already queued or running for this configuration. */
  async startScan(principal: Principal, configId: number): Promise<StartScanResponseDto> {
    return this.startRun(principal.organizationId, configId, principal.userId, 'manual');
  }

  async startRun(organizationId: number, configId: number, requestedById: number | null, trigger: string): Promise<StartScanResponseDto> {
    const { run, active } = await this.dataSource.transaction(async (manager) => {
      // Locking the configuration serializes concurrent starts, so one run at a time is active.
      const config = await this.configs
        .query(organizationId, 'config', manager)
        .andWhere('config.id = :configId', { configId })
        .setLock('pessimistic_write')
        .getOne();
      if (!config) throw new NotFoundException(`GitHub scan configuration ${configId} not found`);
      const existing = await this.runs
        .query(organizationId, 'run', manager)
        .andWhere('run.scanConfigId = :configId AND run.status IN (:...active)', { configId, active: ACTIVE_RUN_STATUSES })
        .getOne();
      if (existing) return { run: existing, active: true };
      const created = await this.runs.createInOrg(
        organizationId,
        { scanConfigId: configId, status: 'queued', trigger, requestedById },
        manager,
      );
      await this.configs.updateInOrg(organizationId, configId, { status: 'queued' }, manager);
      return { run: created, active: false };
    });
    if (active) return { jobId: runJobId(run.id), status: run.status, scanId: run.id };
    // Enqueued after the commit, so that a worker always finds the run it is given.
    try {
      const job = await this.producer.enqueue<ScanOrganizationJobData>(
        QueueName.GithubScan,
        GithubScanJob.ScanOrganization,
        { organizationId, runId: run.id },
        { jobId: runJobId(run.id) },
      );
      return { jobId: String(job.id), status: run.status, scanId: run.id };
    } catch (error) {
      await this.runs.updateInOrg(organizationId, run.id, {
        status: 'failed',
        error: 'The job queue was unavailable; start the scan again',
        finishedAt: new Date(),
      });
      await this.configs.updateInOrg(organizationId, configId, { status: 'failed' });
      throw error;
    }
  }

  /**
   * Resumes a run whose jobs Redis lost (the queue reconciler calls it once no job of the run is
   * left). The repository jobs' inputs lived only in Redis, so the run starts over from its listing
   * job, with its counts reset: the repositories it had already scanned are unchanged since, so the
   * listing reuses them without scanning them again, and each repository is counted once. False
   * when the run finished in the meantime. The caller enqueues the listing job (runJobId).
   */
  async restartLostRun(organizationId: number, runId: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [run]: Array<{ scan_config_id: number }> = await manager.query(
        `SELECT scan_config_id FROM github_scan_runs WHERE id = $1 AND organization_id = $2 AND status IN ('queued', 'running') FOR UPDATE`,
        [runId, organizationId],
      );
      if (!run) return false;
      await manager.query(`UPDATE github_scan_results SET run_id = NULL WHERE run_id = $1 AND organization_id = $2`, [
        runId,
        organizationId,
      ]);
      // GitHub requests already made keep counting: they were spent.
      await manager.query(
        `UPDATE github_scan_runs SET status = 'queued', progress_done = 0, progress_total = 0, repositories_skipped = 0,
           repositories_reused = 0, repositories_failed = 0 WHERE id = $1 AND organization_id = $2`,
        [runId, organizationId],
      );
      await this.configs.updateInOrg(organizationId, run.scan_config_id, { status: 'queued' }, manager);
      return true;
    });
  }

  async listRuns(principal: Principal, configId: number, query: GithubScanRunQueryDto): Promise<Paginated<GithubScanRunResponseDto>> {
    await this.configs.getInOrg(principal.organizationId, configId);
    const qb = this.runs.query(principal.organizationId, 'entity').andWhere('entity.scanConfigId = :configId', { configId });
    const page = await this.runs.paginate(qb, { ...query, filters: { status: query.status } }, RUN_LIST_RULES);
    return mapPage(page, toGithubScanRunResponse);
  }

  async getRun(principal: Principal, configId: number, runId: number): Promise<GithubScanRunResponseDto> {
    const run = await this.runs.getInOrg(principal.organizationId, runId);
    if (run.scanConfigId !== configId) throw new NotFoundException(`GitHub scan ${runId} not found`);
    return toGithubScanRunResponse(run);
  }

  async listResults(
    principal: Principal,
    configId: number,
    query: GithubScanResultQueryDto,
  ): Promise<Paginated<GithubScanResultResponseDto>> {
    await this.configs.getInOrg(principal.organizationId, configId);
    const qb = this.results.query(principal.organizationId, 'entity').andWhere('entity.scanConfigId = :configId', { configId });
    const filters = { hasAiUsage: query.hasAiUsage, detectionType: query.detectionType, addedToRisk: query.addedToRisk };
    const page = await this.results.paginate(qb, { ...query, filters }, RESULT_LIST_RULES);
    return mapPage(page, toGithubScanResultResponse);
  }

  async listSummaries(
    principal: Principal,
    configId: number,
    query: GithubScanConfigQueryDto,
  ): Promise<Paginated<GithubScanSummaryResponseDto>> {
    await this.configs.getInOrg(principal.organizationId, configId);
    const qb = this.summaries.query(principal.organizationId, 'entity').andWhere('entity.scanConfigId = :configId', { configId });
    const page = await this.summaries.paginate(qb, query, SUMMARY_LIST_RULES);
    return mapPage(page, toGithubScanSummaryResponse);
  }

  /** The configuration's current AI usage findings as a CycloneDX 1.6 AI-BOM. */
  async bom(principal: Principal, configId: number): Promise<CycloneDxBom> {
    const config = await this.configs.getInOrg(principal.organizationId, configId);
    const rows = await this.results
      .query(principal.organizationId, 'result')
      .andWhere('result.scanConfigId = :configId AND result.hasAiUsage = true', { configId })
      .orderBy('result.repositoryName')
      .getMany();
    return buildCycloneDxBom(config.githubOrgName, KNOWLEDGE_BASE_VERSION, rows);
  }

  /**
   * Records a result in the risk register (and optionally the AI inventory) with its evidence.
   * Idempotent: while the risk item exists, calling again returns it with created=false.
   */
  async addToRisk(principal: Principal, resultId: number, dto: AddToRiskDto): Promise<AddToRiskResponseDto> {
    const organizationId = principal.organizationId;
    return this.dataSource.transaction(async (manager) => {
      // The row lock makes two simultaneous calls create one risk item.
      const result = await this.results
        .query(organizationId, 'result', manager)
        .andWhere('result.id = :resultId', { resultId })
        .setLock('pessimistic_write')
        .getOne();
      if (!result) throw new NotFoundException(`GitHub scan result ${resultId} not found`);
      const existing = result.riskItemId ? await this.risks.findOneInOrg(organizationId, result.riskItemId, manager) : null;
      if (existing) return { created: false, resultId, aiSystemId: result.aiSystemId, riskItem: toRiskItemResponse(existing) };

      if (dto.createAiSystem && !principal.permissions.includes(Permission.AiSystemsWrite))
        throw new ForbiddenException(`createAiSystem requires the ${Permission.AiSystemsWrite} permission`);
      await assertReferencesInOrganization(manager, organizationId, [
        { field: 'aiSystemId', table: 'ai_systems', id: dto.aiSystemId, label: 'AI system' },
      ]);
      const config = await this.configs.getInOrg(organizationId, result.scanConfigId, manager);
      let aiSystemId = dto.aiSystemId ?? null;
      if (dto.createAiSystem && !aiSystemId) {
        const system = await this.systems.createInOrg(
          organizationId,
          {
            name: dto.aiSystemName ?? result.repositoryName,
            description: `Found by the GitHub AI-usage scan in ${config.githubOrgName}/${result.repositoryName} (${result.repositoryUrl}). Frameworks: ${result.aiFrameworks.join(', ') || 'none'}.`,
            status: 'active',
          },
          manager,
        );
        aiSystemId = system.id;
      }
      const risk = await this.risks.createInOrg(
        organizationId,
        {
          title: dto.title ?? `AI usage in ${config.githubOrgName}/${result.repositoryName}`,
          description: `The GitHub AI-usage scan found ${result.hasAiUsage ? 'AI usage' : 'no AI usage'} in ${result.repositoryUrl}; review whether it is governed.`,
          status: 'open',
          severity: dto.severity ?? 'medium',
          impact: dto.impact ?? 'medium',
          likelihood: dto.likelihood ?? 'medium',
          category: dto.category ?? 'third_party',
          systemDetails: systemDetailsOf(config, result),
          aiSystemId,
          createdById: principal.userId,
        },
        manager,
      );
      await this.results.updateInOrg(organizationId, resultId, { addedToRisk: true, riskItemId: risk.id, aiSystemId }, manager);
      return { created: true, resultId, aiSystemId, riskItem: toRiskItemResponse(risk) };
    });
  }

  private toColumns(dto: UpdateGithubScanConfigDto): Partial<GithubScanConfig> {
    const columns: Partial<GithubScanConfig> = {};
    if (dto.githubOrgName !== undefined) columns.githubOrgName = dto.githubOrgName;
    if (dto.token !== undefined) columns.tokenCiphertext = dto.token === null ? null : encryptSecret(dto.token, this.config.encryptionKey);
    if (dto.includeArchived !== undefined) columns.includeArchived = dto.includeArchived;
    if (dto.includeForks !== undefined) columns.includeForks = dto.includeForks;
    if (dto.rescanCron !== undefined) columns.rescanCron = dto.rescanCron?.trim() || null;
    return columns;
  }

  private async assertOrgNameFree(organizationId: number, githubOrgName: string, exceptId: number | null, manager: EntityManager) {
    const qb = this.configs
      .query(organizationId, 'config', manager)
      .andWhere('lower(config.githubOrgName) = lower(:githubOrgName)', { githubOrgName });
    if (exceptId) qb.andWhere('config.id <> :exceptId', { exceptId });
    if (await qb.getExists()) throw new ConflictException(`A scan configuration for GitHub organization '${githubOrgName}' already exists`);
  }

  private async latestRuns(organizationId: number, configIds: number[]): Promise<Map<number, GithubScanRun>> {
    if (!configIds.length) return new Map();
    const runs = await this.runs
      .query(organizationId, 'run')
      .andWhere('run.scanConfigId IN (:...configIds)', { configIds })
      .distinctOn(['run.scanConfigId'])
      .orderBy('run.scanConfigId')
      .addOrderBy('run.id', 'DESC')
      .getMany();
    return new Map(runs.map((run) => [run.scanConfigId, run]));
  }
}

/** The evidence as text a reviewer can check file by file (the risk register's systemDetails). */
function systemDetailsOf(config: GithubScanConfig, result: GithubScanResult): string {
  const lines = [
    `GitHub repository: ${config.githubOrgName}/${result.repositoryName} (${result.repositoryUrl})`,
    `Scanned: ${result.scanDate.toISOString()}`,
    `Frameworks: ${result.aiFrameworks.join(', ') || 'none'}`,
    `Libraries: ${result.aiLibraries.join(', ') || 'none'}`,
    `Detection: ${result.detectionType ?? 'none'} (confidence ${result.confidenceScore ?? 0})`,
    'Evidence:',
    ...result.evidence.map((e) => `- ${e.path} [${e.kind}] ${e.match}`),
  ];
  const text = lines.join('\n');
  return text.length > MAX_SYSTEM_DETAILS ? `${text.slice(0, MAX_SYSTEM_DETAILS - 1)}…` : text;
}
