import { AiSystem } from '../modules/ai-systems/entities/ai-system.entity.js';
import { ApiKey } from '../modules/api-keys/entities/api-key.entity.js';
import { AuditLog } from '../modules/audit-logs/entities/audit-log.entity.js';
import { BiasAnalysisDataChunk } from '../modules/bias-analysis/entities/bias-analysis-data-chunk.entity.js';
import { BiasAnalysisResult } from '../modules/bias-analysis/entities/bias-analysis-result.entity.js';
import { BiasAnalysisScan } from '../modules/bias-analysis/entities/bias-analysis-scan.entity.js';
import { ComplianceIssue } from '../modules/compliance-issues/entities/compliance-issue.entity.js';
import { FrontierAlertConfig } from '../modules/frontier-models/entities/frontier-alert-config.entity.js';
import { FrontierAlert } from '../modules/frontier-models/entities/frontier-alert.entity.js';
import { FrontierModel } from '../modules/frontier-models/entities/frontier-model.entity.js';
import { FrontierAlertDelivery } from '../modules/frontier-models/entities/frontier-alert-delivery.entity.js';
import { FrontierAlertWebhook } from '../modules/frontier-models/entities/frontier-alert-webhook.entity.js';
import { FrontierFeedItemKey } from '../modules/frontier-models/entities/frontier-feed-item-key.entity.js';
import { FrontierFeedItem } from '../modules/frontier-models/entities/frontier-feed-item.entity.js';
import { FrontierSource } from '../modules/frontier-models/entities/frontier-source.entity.js';
import { GithubScanConfig } from '../modules/github-scans/entities/github-scan-config.entity.js';
import { GithubScanRun } from '../modules/github-scans/entities/github-scan-run.entity.js';
import { GithubScanResult } from '../modules/github-scans/entities/github-scan-result.entity.js';
import { GithubScanSummary } from '../modules/github-scans/entities/github-scan-summary.entity.js';
import { Organization } from '../modules/organizations/entities/organization.entity.js';
import { RiskItem } from '../modules/risk-items/entities/risk-item.entity.js';
import { RiskMitigation } from '../modules/risk-items/entities/risk-mitigation.entity.js';
import { Role } from '../modules/roles/entities/role.entity.js';
import { User } from '../modules/users/entities/user.entity.js';

/** Every entity of the product, listed explicitly (no globs) for the app, the CLI and ormconfig.ts. */
export const ENTITIES = [
  Organization,
  Role,
  User,
  ApiKey,
  AiSystem,
  RiskItem,
  RiskMitigation,
  ComplianceIssue,
  GithubScanConfig,
  GithubScanResult,
  GithubScanSummary,
  BiasAnalysisScan,
  BiasAnalysisResult,
  FrontierModel,
  FrontierAlertConfig,
  FrontierAlert,
  // github-scans additions
  GithubScanRun,
  // bias-analysis additions
  BiasAnalysisDataChunk,
  // frontier-models additions
  FrontierSource,
  FrontierFeedItem,
  FrontierFeedItemKey,
  FrontierAlertWebhook,
  FrontierAlertDelivery,
  // audit-logs additions
  AuditLog,
];
