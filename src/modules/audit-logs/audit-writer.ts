import type { EntityManager } from 'typeorm';
import { currentAuditContext, type AuditActor, type AuditContext } from './audit-context.js';
import type { AuditAction, AuditChanges } from './entities/audit-log.entity.js';

export interface AuditRecord {
  organizationId: number | null;
  actor: AuditActor;
  action: AuditAction;
  entityType: string;
  entityId: string;
  changes: AuditChanges;
}

/**
 * Inserts one audit row through `manager` (inside the caller's transaction when it has one), with
 * the request id and client address of `context`.
 */
export async function insertAuditRecord(manager: EntityManager, record: AuditRecord, context?: AuditContext): Promise<void> {
  // The organization or actor may be gone by now (deleted by this very write): the reference is then
  // left empty rather than failing the write; the label keeps the actor's name.
  await manager.query(
    `INSERT INTO "audit_logs" ("organization_id", "actor_type", "actor_user_id", "actor_api_key_id", "actor_label", "action", "entity_type", "entity_id", "changes", "request_id", "ip_address")
     VALUES ((SELECT "id" FROM "organizations" WHERE "id" = $1), $2, (SELECT "id" FROM "users" WHERE "id" = $3), (SELECT "id" FROM "api_keys" WHERE "id" = $4), $5, $6, $7, $8, $9::jsonb, $10, $11)`,
    [
      record.organizationId,
      record.actor.type,
      record.actor.userId,
      record.actor.apiKeyId,
      record.actor.label,
      record.action,
      record.entityType,
      record.entityId,
      JSON.stringify(record.changes),
      context?.requestId() ?? null,
      context?.ipAddress ?? null,
    ],
  );
}

/**
 * Security events of the audit trail: a sign-in to `user`'s account, successful (the user is the
 * actor) or refused (a wrong password, or a deactivated account: the caller is anonymous). Attempts
 * on unknown emails are not recorded (they belong to no organization, and the attempted text may be
 * a mistyped password).
 */
export async function recordSignIn(
  manager: EntityManager,
  user: { id: number; email: string; organizationId: number },
  outcome: 'login' | 'login_failed',
): Promise<void> {
  const actor: AuditActor =
    outcome === 'login'
      ? { type: 'user', userId: user.id, apiKeyId: null, label: user.email }
      : { type: 'anonymous', userId: null, apiKeyId: null, label: null };
  await insertAuditRecord(
    manager,
    { organizationId: user.organizationId, actor, action: outcome, entityType: 'user', entityId: String(user.id), changes: {} },
    currentAuditContext(),
  );
}
