import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import { ComplianceIssuesService } from './compliance-issues.service.js';
import {
  ComplianceIssueQueryDto,
  ComplianceIssueResponseDto,
  CreateComplianceIssueDto,
  UpdateComplianceIssueDto,
} from './dto/compliance-issue.dto.js';

@ApiTags('Compliance issues')
@Controller('api/v1/compliance-issues')
export class ComplianceIssuesController {
  constructor(private readonly issues: ComplianceIssuesService) {}

  @Get()
  @RequirePermissions(Permission.ComplianceRead)
  @ApiOperation({
    summary: 'List the compliance issues of your organization',
    description: 'Filters: status, severity, aiSystemId; q searches title and description.',
  })
  @ApiPaginatedResponse(ComplianceIssueResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ComplianceIssueQueryDto): Promise<Paginated<ComplianceIssueResponseDto>> {
    return this.issues.list(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.ComplianceRead)
  @ApiOperation({ summary: 'Get a compliance issue' })
  @ApiOkResponse({ type: ComplianceIssueResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<ComplianceIssueResponseDto> {
    return this.issues.get(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.ComplianceWrite)
  @ApiOperation({ summary: 'Record a compliance issue' })
  @ApiCreatedResponse({ type: ComplianceIssueResponseDto })
  @ApiErrors(400)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateComplianceIssueDto): Promise<ComplianceIssueResponseDto> {
    return this.issues.create(principal, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.ComplianceWrite)
  @ApiOperation({ summary: 'Update some fields of a compliance issue' })
  @ApiOkResponse({ type: ComplianceIssueResponseDto })
  @ApiErrors(400, 404)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateComplianceIssueDto,
  ): Promise<ComplianceIssueResponseDto> {
    return this.issues.update(principal, id, dto);
  }

  @Put(':id')
  @RequirePermissions(Permission.ComplianceWrite)
  @ApiOperation({ summary: 'Replace a compliance issue (description and aiSystemId left out are cleared)' })
  @ApiOkResponse({ type: ComplianceIssueResponseDto })
  @ApiErrors(400, 404)
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: CreateComplianceIssueDto,
  ): Promise<ComplianceIssueResponseDto> {
    return this.issues.replace(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.ComplianceWrite)
  @ApiOperation({ summary: 'Delete a compliance issue' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<void> {
    return this.issues.remove(principal, id);
  }
}
