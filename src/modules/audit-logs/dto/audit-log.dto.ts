import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { DateField, QueryEnumFilter, QueryIdFilter } from '../../../common/validation/fields.js';
import { AUDITED_ENTITY_TYPES } from '../audited-entities.js';
import { AUDIT_ACTIONS, AUDIT_ACTOR_TYPES, type AuditChanges, type AuditLog } from '../entities/audit-log.entity.js';

export class AuditLogQueryDto extends PageQueryDto {
  @QueryEnumFilter(AUDITED_ENTITY_TYPES, 'Only writes of this kind of entity')
  entityType?: string[];

  @ApiPropertyOptional({ description: 'Only writes of the entity with this id (combine with entityType)', example: '42', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[\w:.{}",-]+$/, { message: 'entityId must be an entity id such as 42' })
  entityId?: string;

  @QueryEnumFilter(AUDIT_ACTIONS, 'Only these actions')
  action?: string[];

  @QueryEnumFilter(AUDIT_ACTOR_TYPES, 'Only writes by this kind of actor')
  actorType?: string[];

  @QueryIdFilter('Only writes by this user (through the API or the admin console)')
  actorUserId?: number;

  @QueryIdFilter('Only writes made with this API key')
  actorApiKeyId?: number;

  @DateField({ optional: true, description: 'Only writes at or after this time (ISO-8601)', example: '2026-01-01T00:00:00Z' })
  from?: Date;

  @DateField({ optional: true, description: 'Only writes before this time (ISO-8601)', example: '2026-02-01T00:00:00Z' })
  to?: Date;
}

export class AuditFieldChangeDto {
  @ApiProperty({ description: 'Value before the write (null on create); "[redacted]" for secrets', nullable: true, example: 'open' })
  before: unknown;

  @ApiProperty({ description: 'Value after the write (null on delete); "[redacted]" for secrets', nullable: true, example: 'mitigated' })
  after: unknown;
}

export class AuditLogResponseDto {
  @ApiProperty({ example: 1207 }) id: number;
  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'Null for platform-wide writes' }) organizationId: number | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'update' }) action: string;
  @ApiProperty({ enum: AUDITED_ENTITY_TYPES, example: 'risk_item' }) entityType: string;
  @ApiProperty({ example: '42' }) entityId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/AuditFieldChangeDto' },
    description:
      'Field → { before, after }. An update lists only the fields it changed; a create lists every field (before null), a delete every field (after null).',
    example: { status: { before: 'open', after: 'mitigated' } },
  })
  changes: AuditChanges;
  @ApiProperty({ enum: AUDIT_ACTOR_TYPES, example: 'user' }) actorType: string;
  @ApiProperty({ type: Number, nullable: true, example: 7, description: 'The user (also for admin-console writes)' })
  actorUserId: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'The API key the write was made with' })
  actorApiKeyId: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ada@example.com',
    description: "The actor's email, or an API key's name and prefix, as they were at the time",
  })
  actorLabel: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'X-Request-Id of the request', example: '5f0c…' }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) ipAddress: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export function toAuditLogResponse(log: AuditLog): AuditLogResponseDto {
  return {
    id: log.id,
    organizationId: log.organizationId,
    action: log.action,
    entityType: log.entityType,
    entityId: log.entityId,
    changes: log.changes,
    actorType: log.actorType,
    actorUserId: log.actorUserId,
    actorApiKeyId: log.actorApiKeyId,
    actorLabel: log.actorLabel,
    requestId: log.requestId,
    ipAddress: log.ipAddress,
    createdAt: log.createdAt,
  };
}
