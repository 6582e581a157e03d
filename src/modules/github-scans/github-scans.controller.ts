import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import {
  AddToRiskDto,
  AddToRiskResponseDto,
  CreateGithubScanConfigDto,
  CycloneDxBomDto,
  GithubScanConfigQueryDto,
  GithubScanConfigResponseDto,
  GithubScanResultQueryDto,
  GithubScanResultResponseDto,
  GithubScanRunQueryDto,
  GithubScanRunResponseDto,
  GithubScanSummaryResponseDto,
  StartScanResponseDto,
  UpdateGithubScanConfigDto,
} from './dto/github-scan.dto.js';
import type { CycloneDxBom } from './cyclonedx-bom.js';
import { GithubScansService } from './github-scans.service.js';

@ApiTags('AI usage detection (GitHub)')
@Controller('api/v1/github/scan-configs')
export class GithubScanConfigsController {
  constructor(private readonly scans: GithubScansService) {}

  @Get()
  @RequirePermissions(Permission.GithubScansRead)
  @ApiOperation({ summary: 'List the GitHub scan configurations of your organization', description: 'q searches the organization name.' })
  @ApiPaginatedResponse(GithubScanConfigResponseDto)
  @ApiErrors(400)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: GithubScanConfigQueryDto,
  ): Promise<Paginated<GithubScanConfigResponseDto>> {
    return this.scans.listConfigs(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.GithubScansRead)
  @ApiOperation({ summary: 'Get a GitHub scan configuration with the status and progress of its latest scan' })
  @ApiOkResponse({ type: GithubScanConfigResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<GithubScanConfigResponseDto> {
    return this.scans.getConfig(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.GithubScansWrite)
  @ApiOperation({
    summary: 'Configure scanning of a GitHub organization',
    description: 'The token is stored encrypted and never returned.',
  })
  @ApiCreatedResponse({ type: GithubScanConfigResponseDto })
  @ApiErrors(400, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateGithubScanConfigDto): Promise<GithubScanConfigResponseDto> {
    return this.scans.createConfig(principal, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.GithubScansWrite)
  @ApiOperation({ summary: 'Update a GitHub scan configuration', description: 'token: null removes the stored token.' })
  @ApiOkResponse({ type: GithubScanConfigResponseDto })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateGithubScanConfigDto,
  ): Promise<GithubScanConfigResponseDto> {
    return this.scans.updateConfig(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.GithubScansWrite)
  @ApiOperation({ summary: 'Delete a GitHub scan configuration with its scans, results and schedule' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<void> {
    return this.scans.removeConfig(principal, id);
  }

  @Post(':id/scans')
  @HttpCode(202)
  @RequirePermissions(Permission.GithubScansRun)
  @ApiOperation({
    summary: 'Scan the organization now',
    description: 'The scan runs in a worker. While a scan of this configuration is queued or running, the same job is returned.',
  })
  @ApiAcceptedResponse({ type: StartScanResponseDto })
  @ApiErrors(400, 404)
  startScan(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<StartScanResponseDto> {
    return this.scans.startScan(principal, id);
  }

  @Get(':id/scans')
  @RequirePermissions(Permission.GithubScansRead)
  @ApiOperation({ summary: 'List the scans of a configuration (status, progress, cost, error)', description: 'Filter: status.' })
  @ApiPaginatedResponse(GithubScanRunResponseDto)
  @ApiErrors(400, 404)
  listRuns(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Query() query: GithubScanRunQueryDto,
  ): Promise<Paginated<GithubScanRunResponseDto>> {
    return this.scans.listRuns(principal, id, query);
  }

  @Get(':id/scans/:scanId')
  @RequirePermissions(Permission.GithubScansRead)
  @ApiOperation({ summary: 'Get one scan of a configuration' })
  @ApiOkResponse({ type: GithubScanRunResponseDto })
  @ApiErrors(400, 404)
  getRun(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Param('scanId', IdParamPipe) scanId: number,
  ): Promise<GithubScanRunResponseDto> {
    return this.scans.getRun(principal, id, scanId);
  }

  @Get(':id/results')
  @RequirePermissions(Permission.GithubScansRead)
  @ApiOperation({
    summary: 'List the repositories of the organization with their AI usage findings and evidence',
    description:
      'One row per repository (the latest scan). Filters: hasAiUsage, detectionType, addedToRisk; q searches the repository name.',
  })
  @ApiPaginatedResponse(GithubScanResultResponseDto)
  @ApiErrors(400, 404)
  listResults(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Query() query: GithubScanResultQueryDto,
  ): Promise<Paginated<GithubScanResultResponseDto>> {
    return this.scans.listResults(principal, id, query);
  }

  @Get(':id/summaries')
  @RequirePermissions(Permission.GithubScansRead)
  @ApiOperation({ summary: 'List the summaries of the configuration’s completed scans (one per scan)' })
  @ApiPaginatedResponse(GithubScanSummaryResponseDto)
  @ApiErrors(400, 404)
  listSummaries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Query() query: GithubScanConfigQueryDto,
  ): Promise<Paginated<GithubScanSummaryResponseDto>> {
    return this.scans.listSummaries(principal, id, query);
  }

  @Get(':id/bom')
  @RequirePermissions(Permission.GithubScansRead)
  @ApiOperation({
    summary: 'Export the AI usage findings as a CycloneDX 1.6 AI-BOM',
    description: 'Repositories with AI usage, their AI libraries (with package URLs), model files and providers, each with its evidence.',
  })
  @ApiOkResponse({ type: CycloneDxBomDto })
  @ApiErrors(400, 404)
  bom(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<CycloneDxBom> {
    return this.scans.bom(principal, id);
  }
}

@ApiTags('AI usage detection (GitHub)')
@Controller('api/v1/github/scan-results')
export class GithubScanResultsController {
  constructor(private readonly scans: GithubScansService) {}

  @Post(':id/add-to-risk')
  @RequirePermissions(Permission.GithubScansRead, Permission.RisksWrite)
  @ApiOperation({
    summary: 'Record a scan result in the risk register (and optionally the AI inventory)',
    description:
      'Creates a risk item whose systemDetails hold the evidence (201). Idempotent: once added, the same risk item is returned (200). ' +
      'createAiSystem also registers an AI system and requires ai_systems:write.',
  })
  @ApiCreatedResponse({ type: AddToRiskResponseDto, description: 'Risk item created' })
  @ApiOkResponse({ type: AddToRiskResponseDto, description: 'Already added: the existing risk item' })
  @ApiErrors(400, 404)
  async addToRisk(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: AddToRiskDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AddToRiskResponseDto> {
    const outcome = await this.scans.addToRisk(principal, id, dto);
    response.status(outcome.created ? 201 : 200);
    return outcome;
  }
}
