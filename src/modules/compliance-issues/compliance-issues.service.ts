import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { SEVERITIES } from '../../common/domain/vocabulary.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { assertReferencesInOrganization } from '../../common/tenancy/references.js';
import {
  toComplianceIssueResponse,
  type ComplianceIssueQueryDto,
  type ComplianceIssueResponseDto,
  type CreateComplianceIssueDto,
  type UpdateComplianceIssueDto,
} from './dto/compliance-issue.dto.js';
import { ComplianceIssue } from './entities/compliance-issue.entity.js';

const LIST_RULES = {
  sortable: ['id', 'title', 'status', 'severity', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['title', 'description'],
  ranked: { severity: SEVERITIES },
};

/** What a PUT leaves in place of the optional fields it does not send. */
const REPLACE_DEFAULTS = { description: null, aiSystemId: null } satisfies UpdateComplianceIssueDto;

@Injectable()
export class ComplianceIssuesService {
  constructor(
    @Inject(scopedRepositoryToken(ComplianceIssue)) private readonly issues: OrganizationScopedRepository<ComplianceIssue>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(principal: Principal, query: ComplianceIssueQueryDto): Promise<Paginated<ComplianceIssueResponseDto>> {
    const page = await this.issues.listInOrg(
      principal.organizationId,
      { ...query, filters: { status: query.status, severity: query.severity, aiSystemId: query.aiSystemId } },
      LIST_RULES,
    );
    return mapPage(page, toComplianceIssueResponse);
  }

  async get(principal: Principal, id: number): Promise<ComplianceIssueResponseDto> {
    return toComplianceIssueResponse(await this.issues.getInOrg(principal.organizationId, id));
  }

  async create(principal: Principal, dto: CreateComplianceIssueDto): Promise<ComplianceIssueResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertAiSystemInOrganization(principal, dto.aiSystemId, manager);
      return toComplianceIssueResponse(await this.issues.createInOrg(principal.organizationId, dto, manager));
    });
  }

  async update(principal: Principal, id: number, dto: UpdateComplianceIssueDto): Promise<ComplianceIssueResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertAiSystemInOrganization(principal, dto.aiSystemId, manager);
      return toComplianceIssueResponse(await this.issues.updateInOrg(principal.organizationId, id, dto, manager));
    });
  }

  replace(principal: Principal, id: number, dto: CreateComplianceIssueDto): Promise<ComplianceIssueResponseDto> {
    return this.update(principal, id, { ...REPLACE_DEFAULTS, ...dto });
  }

  async remove(principal: Principal, id: number): Promise<void> {
    await this.issues.deleteInOrg(principal.organizationId, id);
  }

  private assertAiSystemInOrganization(principal: Principal, aiSystemId: number | null | undefined, manager: EntityManager): Promise<void> {
    return assertReferencesInOrganization(manager, principal.organizationId, [
      { field: 'aiSystemId', table: 'ai_systems', id: aiSystemId, label: 'AI system' },
    ]);
  }
}
