import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ApiKey } from '../../api-keys/entities/api-key.entity.js';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { User } from '../../users/entities/user.entity.js';

/** Writes (create, update, delete) and sign-ins to a user's account (login, login_failed). */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'login', 'login_failed'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who wrote: a signed-in user, an API key, a platform admin in the AdminJS console, or an
 * unauthenticated request (self-service registration creates an organization and its first user).
 */
export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'admin_console', 'anonymous'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** One field's value before and after a write; a create has only `after`'s values (before null), a delete only `before`'s. */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

export type AuditChanges = Record<string, FieldChange>;

/** bigint ids come back from pg as strings; they stay far below 2^53. */
const bigintAsNumber = { to: (value: unknown) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/**
 * The audit trail: one row per audited write, written in the same transaction as the write itself
 * (AuditLogSubscriber). Rows are never updated; they go with their organization.
 */
@Entity({ name: 'audit_logs' })
@Index('IDX_audit_logs_organization_created', ['organizationId', 'createdAt', 'id'])
@Index('IDX_audit_logs_organization_entity', ['organizationId', 'entityType', 'entityId'])
export class AuditLog extends BaseEntity {
  @Column({ type: 'bigint', primary: true, generated: 'increment', primaryKeyConstraintName: 'PK_audit_logs', transformer: bigintAsNumber })
  id: number;

  /** Null for platform-wide writes (the frontier catalog and feed sources, roles, an organization's deletion). */
  @Column({ name: 'organization_id', type: 'integer', nullable: true })
  organizationId: number | null;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_audit_logs_organization' })
  organization?: Relation<Organization>;

  @Column({ name: 'actor_type', type: 'text' })
  actorType: AuditActorType;

  @Index('IDX_audit_logs_actor_user')
  @Column({ name: 'actor_user_id', type: 'integer', nullable: true })
  actorUserId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'FK_audit_logs_actor_user' })
  actorUser?: Relation<User>;

  @Index('IDX_audit_logs_actor_api_key')
  @Column({ name: 'actor_api_key_id', type: 'integer', nullable: true })
  actorApiKeyId: number | null;

  @ManyToOne(() => ApiKey, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_api_key_id', foreignKeyConstraintName: 'FK_audit_logs_actor_api_key' })
  actorApiKey?: Relation<ApiKey>;

  /** The actor as they were named at the time (email, or key name and prefix): survives their deletion. */
  @Column({ name: 'actor_label', type: 'text', nullable: true })
  actorLabel: string | null;

  @Column({ type: 'text' })
  action: AuditAction;

  /** Stable snake_case name of the written entity, e.g. `risk_item` (see AUDITED_ENTITIES). */
  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId: string;

  /** `{ field: { before, after } }`; secrets appear as "[redacted]". */
  @Column({ type: 'jsonb' })
  changes: AuditChanges;

  /** The X-Request-Id of the HTTP request (API requests only). */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Column({ name: 'ip_address', type: 'text', nullable: true })
  ipAddress: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
