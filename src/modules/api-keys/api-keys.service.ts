import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { RolesService } from '../roles/roles.service.js';
import { generateApiKey } from './api-key.crypto.js';
import {
  toApiKeyResponse,
  type ApiKeyQueryDto,
  type ApiKeyResponseDto,
  type CreateApiKeyDto,
  type CreatedApiKeyResponseDto,
  type UpdateApiKeyDto,
} from './dto/api-key.dto.js';
import { ApiKey } from './entities/api-key.entity.js';

const LIST_RULES = {
  sortable: ['id', 'name', 'createdAt', 'lastUsedAt', 'expiresAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['name'],
};

@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(scopedRepositoryToken(ApiKey)) private readonly keys: OrganizationScopedRepository<ApiKey>,
    private readonly roles: RolesService,
  ) {}

  async list(principal: Principal, query: ApiKeyQueryDto): Promise<Paginated<ApiKeyResponseDto>> {
    const page = await this.keys.paginate(this.withRole(principal.organizationId), query, LIST_RULES);
    return mapPage(page, (k) => toApiKeyResponse(k, k.role!));
  }

  async get(principal: Principal, id: number): Promise<ApiKeyResponseDto> {
    const apiKey = await this.loadWithRole(principal.organizationId, id);
    return toApiKeyResponse(apiKey, apiKey.role!);
  }

  /** The key is generated here and returned once; only its prefix and hash are stored. */
  async create(principal: Principal, dto: CreateApiKeyDto): Promise<CreatedApiKeyResponseDto> {
    if (dto.expiresAt && dto.expiresAt.getTime() <= Date.now()) {
      throw new BadRequestException('expiresAt must be in the future');
    }
    const role = (await this.roles.resolve(dto)) ?? (await this.roles.getById(principal.roleId));
    if (!role) throw new BadRequestException('Your role no longer exists; send roleId or role');
    this.roles.assertGrantable(principal, role);
    const { key, prefix, hash } = generateApiKey();
    const apiKey = await this.keys.createInOrg(principal.organizationId, {
      name: dto.name,
      roleId: role.id,
      keyPrefix: prefix,
      keyHash: hash,
      createdById: principal.userId,
      expiresAt: dto.expiresAt ?? null,
      lastUsedAt: null,
    });
    return { ...toApiKeyResponse(apiKey, role), key };
  }

  async update(principal: Principal, id: number, dto: UpdateApiKeyDto): Promise<ApiKeyResponseDto> {
    await this.keys.updateInOrg(principal.organizationId, id, { name: dto.name });
    return this.get(principal, id);
  }

  /** Deleting the row revokes the key: authentication looks keys up on every request. */
  async remove(principal: Principal, id: number): Promise<void> {
    await this.keys.deleteInOrg(principal.organizationId, id);
  }

  private withRole(organizationId: number): SelectQueryBuilder<ApiKey> {
    return this.keys.query(organizationId, 'entity').leftJoinAndSelect('entity.role', 'role');
  }

  private async loadWithRole(organizationId: number, id: number): Promise<ApiKey> {
    const apiKey = await this.withRole(organizationId).andWhere('entity.id = :id', { id }).getOne();
    if (!apiKey) throw new NotFoundException(`${this.keys.label} ${id} not found`);
    return apiKey;
  }
}
