import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntitySubscriberInterface, InsertEvent, ObjectLiteral, RemoveEvent, UpdateEvent } from 'typeorm';
import type { EntityMetadata } from 'typeorm';
import { currentAuditContext, type AuditActor, type AuditContext } from './audit-context.js';
import { snapshotChanges, updateChanges } from './audit-changes.js';
import { auditedEntity, organizationIdOf } from './audited-entities.js';
import { insertAuditRecord } from './audit-writer.js';
import type { AuditAction, AuditChanges } from './entities/audit-log.entity.js';

type Row = Record<string, unknown>;

/**
 * Records every insert, update and delete of an audited entity made inside a request (API or AdminJS
 * console) as an audit_logs row, through the write's own EntityManager: the row commits or rolls
 * back with the write. Writes outside a request (workers, scripts) are not recorded.
 *
 * TypeORM only reports the row for writes made with save()/remove(): product code writes audited
 * entities that way. Bare QueryBuilder update()/delete() calls (bookkeeping such as last_login_at)
 * carry no row and are not recorded (logged at debug level).
 */
@Injectable()
export class AuditLogSubscriber implements EntitySubscriberInterface {
  private readonly logger = new Logger(AuditLogSubscriber.name);

  constructor(@InjectDataSource() dataSource: DataSource) {
    // Registered on the API's data source only: the worker process never imports this module.
    dataSource.subscribers.push(this);
  }

  // The actor is resolved before the write: deleting one's own API key or user removes the row that names them.
  async beforeInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    await this.prepare(event.metadata, event.manager);
  }

  async beforeUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    await this.prepare(event.metadata, event.manager);
  }

  async beforeRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    await this.prepare(event.metadata, event.manager);
  }

  async afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    const audited = auditedEntity(event.metadata);
    const context = currentAuditContext();
    if (!audited || !context) return;
    const row = event.entity as Row | undefined;
    if (!row || event.metadata.getEntityIdMixedMap(row) === undefined) return this.unrecorded(event.metadata, 'insert');
    const changes = snapshotChanges(event.metadata, row, 'after', audited.ignored);
    await this.record(event.manager, context, event.metadata, 'create', row, changes, audited.type);
  }

  async afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    const audited = auditedEntity(event.metadata);
    const context = currentAuditContext();
    if (!audited || !context) return;
    const row = event.entity as Row | undefined;
    if (!row) return this.unrecorded(event.metadata, 'update');
    const before = event.databaseEntity as Row | undefined;
    const changes = updateChanges(event.metadata, before, row, event.updatedColumns, event.updatedRelations, audited.ignored);
    if (!Object.keys(changes).length) return;
    await this.record(event.manager, context, event.metadata, 'update', { ...before, ...row }, changes, audited.type);
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    const audited = auditedEntity(event.metadata);
    const context = currentAuditContext();
    if (!audited || !context) return;
    if (!event.entity && !event.databaseEntity) return this.unrecorded(event.metadata, 'delete');
    // TypeORM clears the removed entity's id; the database row loaded before the delete keeps it.
    const row = { ...(event.entity as Row | undefined), ...(event.databaseEntity as Row | undefined) };
    const changes = snapshotChanges(event.metadata, row, 'before', audited.ignored);
    await this.record(event.manager, context, event.metadata, 'delete', row, changes, audited.type, event.entityId);
  }

  private async prepare(metadata: EntityMetadata, manager: EntityManager): Promise<void> {
    const context = currentAuditContext();
    if (context && !context.resolvedActor && auditedEntity(metadata)) context.resolvedActor = await resolveActor(context, manager);
  }

  private async record(
    manager: EntityManager,
    context: AuditContext,
    metadata: EntityMetadata,
    action: AuditAction,
    row: Row,
    changes: AuditChanges,
    entityType: string,
    /** The id as TypeORM reports it (a value, or a map for composite keys); read from the row when absent. */
    reportedId?: unknown,
  ): Promise<void> {
    const actor = context.resolvedActor ?? (context.resolvedActor = await resolveActor(context, manager));
    const id = reportedId ?? metadata.getEntityIdMixedMap(row);
    const entityId = id !== null && typeof id === 'object' ? JSON.stringify(id) : String(id);
    const record = { organizationId: organizationIdOf(metadata, row), actor, action, entityType, entityId, changes };
    await insertAuditRecord(manager, record, context);
  }

  private unrecorded(metadata: EntityMetadata, operation: string): void {
    this.logger.debug(`audit trail: a query-builder ${operation} of ${metadata.tableName} was not recorded (use save()/remove())`);
  }
}

/** Ids and label of the context's actor, named as they are now (the label is kept if they are deleted later). */
async function resolveActor(context: AuditContext, manager: EntityManager): Promise<AuditActor> {
  const source = context.actor();
  switch (source.type) {
    case 'user': {
      const [user] = source.userId
        ? await manager.query<Array<{ email: string }>>('SELECT email FROM users WHERE id = $1', [source.userId])
        : [];
      return { type: 'user', userId: source.userId, apiKeyId: null, label: user?.email ?? null };
    }
    case 'api_key': {
      const [key] = source.apiKeyId
        ? await manager.query<Array<{ name: string; key_prefix: string }>>('SELECT name, key_prefix FROM api_keys WHERE id = $1', [
            source.apiKeyId,
          ])
        : [];
      return { type: 'api_key', userId: null, apiKeyId: source.apiKeyId, label: key ? `${key.name} (${key.key_prefix}…)` : null };
    }
    case 'admin_console':
      return { type: 'admin_console', userId: source.userId, apiKeyId: null, label: source.label };
    case 'anonymous':
      return { type: 'anonymous', userId: null, apiKeyId: null, label: null };
  }
}
