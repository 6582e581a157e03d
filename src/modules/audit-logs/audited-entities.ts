import type { EntityMetadata } from 'typeorm';
import { AiSystem } from '../ai-systems/entities/ai-system.entity.js';
import { ApiKey } from '../api-keys/entities/api-key.entity.js';
import { BiasAnalysisScan } from '../bias-analysis/entities/bias-analysis-scan.entity.js';
import { ComplianceIssue } from '../compliance-issues/entities/compliance-issue.entity.js';
import { FrontierAlertConfig } from '../frontier-models/entities/frontier-alert-config.entity.js';
import { FrontierAlertWebhook } from '../frontier-models/entities/frontier-alert-webhook.entity.js';
import { FrontierModel } from '../frontier-models/entities/frontier-model.entity.js';
import { FrontierSource } from '../frontier-models/entities/frontier-source.entity.js';
import { GithubScanConfig } from '../github-scans/entities/github-scan-config.entity.js';
import { GithubScanResult } from '../github-scans/entities/github-scan-result.entity.js';
import { GithubScanRun } from '../github-scans/entities/github-scan-run.entity.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { RiskItem } from '../risk-items/entities/risk-item.entity.js';
import { RiskMitigation } from '../risk-items/entities/risk-mitigation.entity.js';
import { Role } from '../roles/entities/role.entity.js';
import { User } from '../users/entities/user.entity.js';

export interface AuditedEntity {
  /** Stable snake_case name stored as entity_type (never rename: old rows keep it). */
  type: string;
  /** Properties left out of the trail: bookkeeping that changes on its own, or bulky caches. */
  ignored?: readonly string[];
}

/**
 * The entities whose writes are audited: everything people and integrations change. Bulk data
 * written by jobs or uploads (scan results and summaries, uploaded data chunks, feed items, alerts,
 * webhook deliveries) is not: it would drown the trail and its own run or scan is audited.
 */
const AUDITED = new Map<Function, AuditedEntity>([
  [Organization, { type: 'organization' }],
  [Role, { type: 'role' }],
  [User, { type: 'user', ignored: ['lastLoginAt'] }],
  [ApiKey, { type: 'api_key', ignored: ['lastUsedAt'] }],
  [AiSystem, { type: 'ai_system' }],
  [RiskItem, { type: 'risk_item' }],
  [RiskMitigation, { type: 'risk_mitigation' }],
  [ComplianceIssue, { type: 'compliance_issue' }],
  [GithubScanConfig, { type: 'github_scan_config', ignored: ['listingCache'] }],
  [GithubScanRun, { type: 'github_scan_run' }],
  [GithubScanResult, { type: 'github_scan_result', ignored: ['evidence'] }],
  [BiasAnalysisScan, { type: 'bias_scan' }],
  [FrontierModel, { type: 'frontier_model' }],
  [FrontierSource, { type: 'frontier_source' }],
  [FrontierAlertConfig, { type: 'frontier_alert_config' }],
  [FrontierAlertWebhook, { type: 'frontier_alert_webhook' }],
]);

export const AUDITED_ENTITY_TYPES: readonly string[] = [...AUDITED.values()].map((entity) => entity.type).sort();

export function auditedEntity(metadata: EntityMetadata): AuditedEntity | undefined {
  return typeof metadata.target === 'function' ? AUDITED.get(metadata.target) : undefined;
}

/** The organization a row belongs to: its own id for an organization, null for platform-wide rows (catalog, sources, roles). */
export function organizationIdOf(metadata: EntityMetadata, row: Record<string, unknown>): number | null {
  const value =
    metadata.target === Organization ? row.id : metadata.findColumnWithPropertyName('organizationId') ? row.organizationId : null;
  return typeof value === 'number' ? value : null;
}
