import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { Permission } from '../../common/permissions/permissions.js';
import { DashboardService } from './dashboard.service.js';
import { DashboardSummaryDto } from './dto/dashboard-summary.dto.js';

@ApiTags('Dashboard')
@Controller('api/v1/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('summary')
  @RequirePermissions(Permission.RisksRead)
  @ApiOperation({
    summary: 'Counts of AI systems, risk items, mitigations and compliance issues in your organization',
    description: 'Every breakdown lists all allowed values of its field, with 0 where there are none.',
  })
  @ApiOkResponse({ type: DashboardSummaryDto })
  summary(@CurrentPrincipal() principal: Principal): Promise<DashboardSummaryDto> {
    return this.dashboard.summary(principal);
  }
}
