import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiThrottled, CurrentPrincipal, Public, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import { BiasScansService } from './bias-scans.service.js';
import {
  BiasResultQueryDto,
  BiasResultResponseDto,
  BiasScanQueryDto,
  BiasScanResponseDto,
  CreatedBiasScanResponseDto,
  CreateWebhookScanDto,
  RecordsAcceptedResponseDto,
  UploadScanDto,
} from './dto/bias-scan.dto.js';

@ApiTags('Bias analysis')
@ApiExtraModels(UploadScanDto, CreateWebhookScanDto)
@Controller('api/v1/bias-analysis/scans')
export class BiasAnalysisController {
  constructor(private readonly scans: BiasScansService) {}

  @Get()
  @RequirePermissions(Permission.BiasScansRead)
  @ApiOperation({
    summary: 'List the bias scans of your organization',
    description: 'Filters: status, dataSource; q searches name and description.',
  })
  @ApiPaginatedResponse(BiasScanResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: BiasScanQueryDto): Promise<Paginated<BiasScanResponseDto>> {
    return this.scans.list(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.BiasScansRead)
  @ApiOperation({ summary: 'Get a bias scan', description: 'A failed scan says why in `error`.' })
  @ApiOkResponse({ type: BiasScanResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<BiasScanResponseDto> {
    return this.scans.get(principal, id);
  }

  @Get(':id/results')
  @RequirePermissions(Permission.BiasScansRead)
  @ApiOperation({
    summary: 'The metric rows of a completed bias scan',
    description:
      'Per attribute (and intersection, e.g. "race+sex") the aggregate metrics, then one disparate_impact row per group ("race=Caucasian|sex=Male"). Filters: metricName, status.',
  })
  @ApiPaginatedResponse(BiasResultResponseDto)
  @ApiErrors(400, 404)
  results(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Query() query: BiasResultQueryDto,
  ): Promise<Paginated<BiasResultResponseDto>> {
    return this.scans.listResults(principal, id, query);
  }

  @Post()
  @HttpCode(202)
  @RequirePermissions(Permission.BiasScansRun)
  @ApiOperation({
    summary: 'Start a bias scan from an uploaded file, or create a webhook scan',
    description:
      'multipart/form-data: the fields `name`, `description?` and `config` (JSON text) first, then `file` (CSV with a header row, a JSON array of records, or NDJSON; type from the file name or media type). The file is streamed to storage and the analysis queued. ' +
      'application/json `{name, description?, dataSource:"webhook", config}`: creates a scan fed through /records; the answer carries `webhookUrl` and `webhookSecret` (shown once). ' +
      'Empty attribute values form the group "(missing)". Duplicate CSV column names: the first one is used.',
  })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(UploadScanDto) }, { $ref: getSchemaPath(CreateWebhookScanDto) }] } })
  @ApiAcceptedResponse({ type: CreatedBiasScanResponseDto })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'The file exceeds BIAS_UPLOAD_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Not a CSV, JSON array or NDJSON file' })
  @ApiErrors(400)
  create(@CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<CreatedBiasScanResponseDto> {
    return this.scans.create(principal, request);
  }

  @Post(':id/records')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: 'Webhook: push a batch of records into a webhook scan',
    description:
      'Body: a JSON array of records (objects), at most 16 MiB. Authenticated by `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the scan secret>` instead of a token; nothing is stored unless it matches. ' +
      'Throttled (429 + Retry-After): an address sending WEBHOOK_MAX_FAILURES bad signatures is refused for WEBHOOK_FAILURE_WINDOW_SECONDS; one scan takes at most WEBHOOK_MAX_BATCHES_PER_MINUTE batches.',
  })
  @ApiHeader({ name: 'X-Signature-256', required: true, description: 'sha256=<hex HMAC-SHA256 of the raw body>' })
  @ApiBody({ schema: { type: 'array', items: { type: 'object', additionalProperties: true } } })
  @ApiAcceptedResponse({ type: RecordsAcceptedResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or invalid signature' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'The batch exceeds 16 MiB' })
  @ApiErrors(400, 404, 409)
  @ApiThrottled()
  ingest(@Param('id', IdParamPipe) id: number, @Req() request: Request): Promise<RecordsAcceptedResponseDto> {
    return this.scans.ingestRecords(id, request);
  }

  @Post(':id/complete')
  @HttpCode(202)
  @RequirePermissions(Permission.BiasScansRun)
  @ApiOperation({ summary: 'End webhook ingestion and queue the analysis', description: 'Repeating it changes nothing.' })
  @ApiAcceptedResponse({ type: CreatedBiasScanResponseDto })
  @ApiErrors(400, 404, 409)
  complete(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<CreatedBiasScanResponseDto> {
    return this.scans.complete(principal, id);
  }

  @Post(':id/rerun')
  @HttpCode(202)
  @RequirePermissions(Permission.BiasScansRun)
  @ApiOperation({
    summary: 'Queue a failed scan again',
    description: 'Needs the scan data, which is kept after analysis only with BIAS_RETAIN_DATA=true (409 otherwise).',
  })
  @ApiAcceptedResponse({ type: CreatedBiasScanResponseDto })
  @ApiErrors(400, 404, 409)
  rerun(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<CreatedBiasScanResponseDto> {
    return this.scans.rerun(principal.organizationId, id);
  }
}
