import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import {
  toMitigationResponse,
  type CreateMitigationDto,
  type MitigationQueryDto,
  type MitigationResponseDto,
  type UpdateMitigationDto,
} from './dto/mitigation.dto.js';
import { RiskItem } from './entities/risk-item.entity.js';
import { RiskMitigation } from './entities/risk-mitigation.entity.js';

const LIST_RULES = {
  sortable: ['id', 'status', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['description', 'notes'],
};

/** What a PUT leaves in place of the optional fields it does not send. */
const REPLACE_DEFAULTS = { notes: null } satisfies UpdateMitigationDto;

/** Mitigations are reached only through their risk item, which must be in the caller's organization. */
@Injectable()
export class MitigationsService {
  constructor(
    @Inject(scopedRepositoryToken(RiskMitigation)) private readonly mitigations: OrganizationScopedRepository<RiskMitigation>,
    @Inject(scopedRepositoryToken(RiskItem)) private readonly risks: OrganizationScopedRepository<RiskItem>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(principal: Principal, riskItemId: number, query: MitigationQueryDto): Promise<Paginated<MitigationResponseDto>> {
    await this.assertRiskItem(principal, riskItemId);
    const page = await this.mitigations.paginate(
      this.mitigations.query(principal.organizationId, 'mitigation'),
      { ...query, filters: { riskItemId, status: query.status } },
      LIST_RULES,
    );
    return mapPage(page, toMitigationResponse);
  }

  async get(principal: Principal, riskItemId: number, id: number): Promise<MitigationResponseDto> {
    await this.assertRiskItem(principal, riskItemId);
    return toMitigationResponse(await this.getOfRiskItem(principal, riskItemId, id));
  }

  async create(principal: Principal, riskItemId: number, dto: CreateMitigationDto): Promise<MitigationResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertRiskItem(principal, riskItemId, manager);
      const mitigation = await this.mitigations.createInOrg(
        principal.organizationId,
        { ...dto, riskItemId, createdById: principal.userId },
        manager,
      );
      return toMitigationResponse(mitigation);
    });
  }

  async update(principal: Principal, riskItemId: number, id: number, dto: UpdateMitigationDto): Promise<MitigationResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertRiskItem(principal, riskItemId, manager);
      await this.getOfRiskItem(principal, riskItemId, id, manager);
      return toMitigationResponse(await this.mitigations.updateInOrg(principal.organizationId, id, dto, manager));
    });
  }

  replace(principal: Principal, riskItemId: number, id: number, dto: CreateMitigationDto): Promise<MitigationResponseDto> {
    return this.update(principal, riskItemId, id, { ...REPLACE_DEFAULTS, ...dto });
  }

  async remove(principal: Principal, riskItemId: number, id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.assertRiskItem(principal, riskItemId, manager);
      await this.getOfRiskItem(principal, riskItemId, id, manager);
      await this.mitigations.deleteInOrg(principal.organizationId, id, manager);
    });
  }

  /**
   * 404 unless the risk item is in the caller's organization. Inside a write transaction the row is
   * share-locked, so the risk item cannot be deleted before the write commits.
   */
  private async assertRiskItem(principal: Principal, riskItemId: number, manager?: EntityManager): Promise<void> {
    const qb = this.risks
      .query(principal.organizationId, 'risk', manager)
      .select('risk.id', 'id')
      .andWhere('risk.id = :riskItemId', { riskItemId });
    if (manager) qb.setLock('pessimistic_read');
    if (!(await qb.getRawOne())) throw new NotFoundException(`${this.risks.label} ${riskItemId} not found`);
  }

  /** A mitigation of another risk item answers like a missing one. */
  private async getOfRiskItem(principal: Principal, riskItemId: number, id: number, manager?: EntityManager): Promise<RiskMitigation> {
    const mitigation = await this.mitigations
      .query(principal.organizationId, 'mitigation', manager)
      .andWhere('mitigation.riskItemId = :riskItemId AND mitigation.id = :id', { riskItemId, id })
      .getOne();
    if (!mitigation)
      throw new NotFoundException(`${this.mitigations.label} ${id} not found for ${this.risks.label.toLowerCase()} ${riskItemId}`);
    return mitigation;
  }
}
