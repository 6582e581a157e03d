import { pipeline } from 'node:stream';
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { IMPACT_LEVELS, LIKELIHOOD_LEVELS, SEVERITIES } from '../../common/domain/vocabulary.js';
import { applySort } from '../../common/pagination/list-query.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { assertReferencesInOrganization } from '../../common/tenancy/references.js';
import {
  toRiskItemResponse,
  type CreateRiskItemDto,
  type RiskItemExportQueryDto,
  type RiskItemQueryDto,
  type RiskItemResponseDto,
  type UpdateRiskItemDto,
} from './dto/risk-item.dto.js';
import { RiskItem } from './entities/risk-item.entity.js';
import { createCsvStringifier, streamQueryRows } from './risk-items.export.js';

const LIST_RULES = {
  sortable: ['id', 'title', 'status', 'severity', 'impact', 'likelihood', 'category', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['title', 'description', 'systemDetails'],
  // Ordinal fields sort by rank (low < medium < high < critical), not alphabetically.
  ranked: { severity: SEVERITIES, impact: IMPACT_LEVELS, likelihood: LIKELIHOOD_LEVELS },
  // IDX_risk_items_list (migration 1796500000001).
  listIndex: ['id', 'createdAt', 'status', 'severity', 'impact', 'likelihood', 'category', 'aiSystemId', 'createdById', 'updatedAt'],
};

/** What a PUT leaves in place of the optional fields it does not send. */
const REPLACE_DEFAULTS = { description: null, systemDetails: null, aiSystemId: null } satisfies UpdateRiskItemDto;

/** CSV export columns: header (and the row key it is selected as) → selected expression. */
const CSV_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['id', 'risk.id'],
  ['title', 'risk.title'],
  ['description', 'risk.description'],
  ['status', 'risk.status'],
  ['severity', 'risk.severity'],
  ['impact', 'risk.impact'],
  ['likelihood', 'risk.likelihood'],
  ['category', 'risk.category'],
  ['systemDetails', 'risk.systemDetails'],
  ['aiSystemId', 'risk.aiSystemId'],
  ['aiSystemName', 'aiSystem.name'],
  ['createdById', 'risk.createdById'],
  ['createdAt', 'risk.createdAt'],
  ['updatedAt', 'risk.updatedAt'],
];

const CSV_DOWNLOAD = { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="risk-items.csv"' };

@Injectable()
export class RiskItemsService {
  constructor(
    @Inject(scopedRepositoryToken(RiskItem)) private readonly risks: OrganizationScopedRepository<RiskItem>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(principal: Principal, query: RiskItemQueryDto): Promise<Paginated<RiskItemResponseDto>> {
    const page = await this.risks.paginate(
      this.risks.query(principal.organizationId, 'risk'),
      { ...query, filters: this.filters(query) },
      LIST_RULES,
    );
    return mapPage(page, toRiskItemResponse);
  }

  /** The whole filtered register as CSV, read through a database cursor and streamed to the client. */
  async exportCsv(principal: Principal, query: RiskItemExportQueryDto): Promise<StreamableFile> {
    const qb = this.filtered(principal.organizationId, query)
      .leftJoin('risk.aiSystem', 'aiSystem', 'aiSystem.organizationId = risk.organizationId')
      .select([]);
    for (const [header, expression] of CSV_COLUMNS) qb.addSelect(expression, header);
    const rows = await streamQueryRows(this.dataSource, applySort(qb, query.sort, LIST_RULES).getQueryAndParameters());
    const csv = pipeline(rows, createCsvStringifier(CSV_COLUMNS.map(([header]) => header)), () => {
      // Failures reach the HTTP layer through the stringifier's 'error' event, which aborts the download.
    });
    return new StreamableFile(csv, CSV_DOWNLOAD);
  }

  async get(principal: Principal, id: number): Promise<RiskItemResponseDto> {
    return toRiskItemResponse(await this.risks.getInOrg(principal.organizationId, id));
  }

  async create(principal: Principal, dto: CreateRiskItemDto): Promise<RiskItemResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertAiSystemInOrganization(principal, dto.aiSystemId, manager);
      const risk = await this.risks.createInOrg(principal.organizationId, { ...dto, createdById: principal.userId }, manager);
      return toRiskItemResponse(risk);
    });
  }

  async update(principal: Principal, id: number, dto: UpdateRiskItemDto): Promise<RiskItemResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertAiSystemInOrganization(principal, dto.aiSystemId, manager);
      return toRiskItemResponse(await this.risks.updateInOrg(principal.organizationId, id, dto, manager));
    });
  }

  replace(principal: Principal, id: number, dto: CreateRiskItemDto): Promise<RiskItemResponseDto> {
    return this.update(principal, id, { ...REPLACE_DEFAULTS, ...dto });
  }

  /** Its mitigations go with it (foreign key ON DELETE CASCADE). */
  async remove(principal: Principal, id: number): Promise<void> {
    await this.risks.deleteInOrg(principal.organizationId, id);
  }

  private filters(query: RiskItemExportQueryDto) {
    return {
      status: query.status,
      severity: query.severity,
      impact: query.impact,
      likelihood: query.likelihood,
      category: query.category,
      aiSystemId: query.aiSystemId,
      createdById: query.createdById,
    };
  }

  private filtered(organizationId: number, query: RiskItemExportQueryDto): SelectQueryBuilder<RiskItem> {
    return this.risks.applyFilters(this.risks.query(organizationId, 'risk'), { q: query.q, filters: this.filters(query) }, LIST_RULES);
  }

  private assertAiSystemInOrganization(principal: Principal, aiSystemId: number | null | undefined, manager: EntityManager) {
    return assertReferencesInOrganization(manager, principal.organizationId, [
      { field: 'aiSystemId', table: 'ai_systems', id: aiSystemId, label: 'AI system' },
    ]);
  }
}
