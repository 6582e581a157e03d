import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import {
  AI_SYSTEM_RISK_LEVELS,
  AI_SYSTEM_STATUSES,
  COMPLIANCE_STATUSES,
  IMPACT_LEVELS,
  LIKELIHOOD_LEVELS,
  MITIGATION_STATUSES,
  RISK_CATEGORIES,
  RISK_STATUSES,
  SEVERITIES,
} from '../../common/domain/vocabulary.js';
import {
  OrganizationScopedRepository,
  scopedRepositoryToken,
  type OrganizationOwned,
} from '../../common/tenancy/organization-scoped.repository.js';
import { AiSystem } from '../ai-systems/entities/ai-system.entity.js';
import { ComplianceIssue } from '../compliance-issues/entities/compliance-issue.entity.js';
import { RiskItem } from '../risk-items/entities/risk-item.entity.js';
import { RiskMitigation } from '../risk-items/entities/risk-mitigation.entity.js';
import type { CountsByValue, DashboardSummaryDto } from './dto/dashboard-summary.dto.js';

interface Tally {
  counts: CountsByValue;
  /** Rows whose value is NULL (they have no key in `counts`). */
  missing: number;
  total: number;
}

@Injectable()
export class DashboardService {
  constructor(
    @Inject(scopedRepositoryToken(AiSystem)) private readonly aiSystems: OrganizationScopedRepository<AiSystem>,
    @Inject(scopedRepositoryToken(RiskItem)) private readonly riskItems: OrganizationScopedRepository<RiskItem>,
    @Inject(scopedRepositoryToken(RiskMitigation)) private readonly mitigations: OrganizationScopedRepository<RiskMitigation>,
    @Inject(scopedRepositoryToken(ComplianceIssue)) private readonly complianceIssues: OrganizationScopedRepository<ComplianceIssue>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One snapshot (repeatable read), so the numbers agree with each other even while rows change. */
  summary(principal: Principal): Promise<DashboardSummaryDto> {
    const org = principal.organizationId;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const count = <T extends OrganizationOwned>(repo: OrganizationScopedRepository<T>, property: string, allowed: readonly string[]) =>
        countBy(repo, org, property, allowed, manager);

      const systemStatus = await count(this.aiSystems, 'status', AI_SYSTEM_STATUSES);
      const systemRiskLevel = await count(this.aiSystems, 'riskLevel', AI_SYSTEM_RISK_LEVELS);
      const riskStatus = await count(this.riskItems, 'status', RISK_STATUSES);
      const riskSeverity = await count(this.riskItems, 'severity', SEVERITIES);
      const riskCategory = await count(this.riskItems, 'category', RISK_CATEGORIES);
      const riskImpact = await count(this.riskItems, 'impact', IMPACT_LEVELS);
      const riskLikelihood = await count(this.riskItems, 'likelihood', LIKELIHOOD_LEVELS);
      const mitigationStatus = await count(this.mitigations, 'status', MITIGATION_STATUSES);
      const issueStatus = await count(this.complianceIssues, 'status', COMPLIANCE_STATUSES);
      const issueSeverity = await count(this.complianceIssues, 'severity', SEVERITIES);

      return {
        aiSystems: {
          total: systemStatus.total,
          byStatus: systemStatus.counts,
          byRiskLevel: systemRiskLevel.counts,
          withoutRiskLevel: systemRiskLevel.missing,
        },
        riskItems: {
          total: riskStatus.total,
          byStatus: riskStatus.counts,
          bySeverity: riskSeverity.counts,
          byCategory: riskCategory.counts,
          byImpact: riskImpact.counts,
          byLikelihood: riskLikelihood.counts,
          open: riskStatus.counts['open'],
          highOrCritical: riskSeverity.counts['high'] + riskSeverity.counts['critical'],
        },
        mitigations: { total: mitigationStatus.total, byStatus: mitigationStatus.counts },
        complianceIssues: { total: issueStatus.total, byStatus: issueStatus.counts, bySeverity: issueSeverity.counts },
      };
    });
  }
}

/** `SELECT value, COUNT(*) … GROUP BY value` over the organization's rows, with every allowed value present. */
async function countBy<T extends OrganizationOwned>(
  repo: OrganizationScopedRepository<T>,
  organizationId: number,
  property: string,
  allowed: readonly string[],
  manager: EntityManager,
): Promise<Tally> {
  const rows = await repo
    .query(organizationId, 'entity', manager)
    .select(`entity.${property}`, 'value')
    .addSelect('COUNT(*)', 'count')
    .groupBy(`entity.${property}`)
    .getRawMany<{ value: string | null; count: string }>();
  const tally: Tally = { counts: Object.fromEntries(allowed.map((value) => [value, 0])), missing: 0, total: 0 };
  for (const row of rows) {
    const n = Number(row.count);
    tally.total += n;
    if (row.value === null) tally.missing += n;
    else tally.counts[row.value] = n;
  }
  return tally;
}
