import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { AI_SYSTEM_RISK_LEVELS } from '../../common/domain/vocabulary.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { assertReferencesInOrganization } from '../../common/tenancy/references.js';
import {
  toAiSystemResponse,
  type AiSystemQueryDto,
  type AiSystemResponseDto,
  type CreateAiSystemDto,
  type UpdateAiSystemDto,
} from './dto/ai-system.dto.js';
import { AiSystem } from './entities/ai-system.entity.js';

const LIST_RULES = {
  sortable: ['id', 'name', 'status', 'riskLevel', 'version', 'deployedAt', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['name', 'description', 'version'],
  // Risk levels sort by rank (minimal … unacceptable), not alphabetically.
  ranked: { riskLevel: AI_SYSTEM_RISK_LEVELS },
};

/** What a PUT leaves in place of the optional fields it does not send. */
const REPLACE_DEFAULTS = {
  description: null,
  status: 'active',
  ownerId: null,
  riskLevel: null,
  version: null,
  deployedAt: null,
} satisfies UpdateAiSystemDto;

@Injectable()
export class AiSystemsService {
  constructor(
    @Inject(scopedRepositoryToken(AiSystem)) private readonly systems: OrganizationScopedRepository<AiSystem>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(principal: Principal, query: AiSystemQueryDto): Promise<Paginated<AiSystemResponseDto>> {
    const page = await this.systems.listInOrg(
      principal.organizationId,
      { ...query, filters: { status: query.status, riskLevel: query.riskLevel, ownerId: query.ownerId } },
      LIST_RULES,
    );
    return mapPage(page, toAiSystemResponse);
  }

  async get(principal: Principal, id: number): Promise<AiSystemResponseDto> {
    return toAiSystemResponse(await this.systems.getInOrg(principal.organizationId, id));
  }

  async create(principal: Principal, dto: CreateAiSystemDto): Promise<AiSystemResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await assertReferencesInOrganization(manager, principal.organizationId, [
        { field: 'ownerId', table: 'users', id: dto.ownerId, label: 'user' },
      ]);
      return toAiSystemResponse(await this.systems.createInOrg(principal.organizationId, dto, manager));
    });
  }

  async update(principal: Principal, id: number, dto: UpdateAiSystemDto): Promise<AiSystemResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await assertReferencesInOrganization(manager, principal.organizationId, [
        { field: 'ownerId', table: 'users', id: dto.ownerId, label: 'user' },
      ]);
      return toAiSystemResponse(await this.systems.updateInOrg(principal.organizationId, id, dto, manager));
    });
  }

  /** PUT: optional fields left out are reset to their defaults. */
  replace(principal: Principal, id: number, dto: CreateAiSystemDto): Promise<AiSystemResponseDto> {
    return this.update(principal, id, { ...REPLACE_DEFAULTS, ...dto });
  }

  async remove(principal: Principal, id: number): Promise<void> {
    await this.systems.deleteInOrg(principal.organizationId, id);
  }
}
