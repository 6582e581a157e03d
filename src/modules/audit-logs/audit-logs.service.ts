import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { toAuditLogResponse, type AuditLogQueryDto, type AuditLogResponseDto } from './dto/audit-log.dto.js';
import { AuditLog } from './entities/audit-log.entity.js';

/** Read through the organization scope, audit rows always have an organization. */
export type ScopedAuditLog = AuditLog & { organizationId: number };

const LIST_RULES = {
  sortable: ['createdAt', 'id', 'entityType', 'action', 'actorType'],
  // Ties on created_at (one transaction writes several rows) are broken by id, in the same direction.
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['actorLabel', 'entityId'],
};

/** Read-only access to the organization's audit trail (rows are written by AuditLogSubscriber). */
@Injectable()
export class AuditLogsService {
  constructor(@Inject(scopedRepositoryToken(AuditLog)) private readonly logs: OrganizationScopedRepository<ScopedAuditLog>) {}

  async list(principal: Principal, query: AuditLogQueryDto): Promise<Paginated<AuditLogResponseDto>> {
    if (query.from && query.to && query.from > query.to) throw new BadRequestException('from must not be after to');
    const qb = this.logs.query(principal.organizationId, 'entity');
    if (query.from) qb.andWhere('entity.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('entity.createdAt < :to', { to: query.to });
    const filters = {
      entityType: query.entityType,
      entityId: query.entityId,
      action: query.action,
      actorType: query.actorType,
      actorUserId: query.actorUserId,
      actorApiKeyId: query.actorApiKeyId,
    };
    return mapPage(await this.logs.paginate(qb, { ...query, filters }, LIST_RULES), toAuditLogResponse);
  }

  async get(principal: Principal, id: number): Promise<AuditLogResponseDto> {
    return toAuditLogResponse(await this.logs.getInOrg(principal.organizationId, id));
  }
}
