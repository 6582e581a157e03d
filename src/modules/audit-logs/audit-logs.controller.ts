import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import { AuditLogsService } from './audit-logs.service.js';
import { AuditFieldChangeDto, AuditLogQueryDto, AuditLogResponseDto } from './dto/audit-log.dto.js';

/** The audit trail is read-only: rows are written with the changes they describe, never through this API. */
@ApiTags('Audit logs')
@ApiExtraModels(AuditFieldChangeDto)
@Controller('api/v1/audit-logs')
export class AuditLogsController {
  constructor(private readonly logs: AuditLogsService) {}

  @Get()
  @RequirePermissions(Permission.AuditLogsRead)
  @ApiOperation({
    summary: "List your organization's audit trail",
    description:
      'Who changed what and when, for every write through the API and the admin console: entity, id, action, the changed ' +
      'fields with before/after (secrets as "[redacted]"), actor and request. Newest first by default; q searches the actor ' +
      'label and the entity id; from (inclusive) and to (exclusive) bound createdAt.',
  })
  @ApiPaginatedResponse(AuditLogResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: AuditLogQueryDto): Promise<Paginated<AuditLogResponseDto>> {
    return this.logs.list(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.AuditLogsRead)
  @ApiOperation({ summary: 'Get one audit trail entry' })
  @ApiOkResponse({ type: AuditLogResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<AuditLogResponseDto> {
    return this.logs.get(principal, id);
  }
}
