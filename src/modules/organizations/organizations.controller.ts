import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { Permission } from '../../common/permissions/permissions.js';
import { OrganizationResponseDto, UpdateOrganizationDto } from './dto/organization.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('Organization')
@Controller('api/v1/organizations/current')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @RequirePermissions(Permission.OrganizationRead)
  @ApiOperation({ summary: 'Your organization' })
  @ApiOkResponse({ type: OrganizationResponseDto })
  get(@CurrentPrincipal() principal: Principal): Promise<OrganizationResponseDto> {
    return this.organizations.getCurrent(principal);
  }

  @Patch()
  @RequirePermissions(Permission.OrganizationWrite)
  @ApiOperation({ summary: 'Rename your organization' })
  @ApiOkResponse({ type: OrganizationResponseDto })
  @ApiErrors(400)
  update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateOrganizationDto): Promise<OrganizationResponseDto> {
    return this.organizations.updateCurrent(principal, dto);
  }
}
