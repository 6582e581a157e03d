import { InitialSchema1795973023339 } from './1795973023339-InitialSchema.js';
import { BuiltInRoles1795973023340 } from './1795973023340-BuiltInRoles.js';
import { RiskItemFilterIndexes1795973736051 } from './1795973736051-RiskItemFilterIndexes.js';
import { CaseInsensitiveUsernames1795974600000 } from './1795974600000-CaseInsensitiveUsernames.js';
// github-scans migrations (timestamps 1796000000000–1796099999999)
import { GithubScanRuns1796000000000 } from './1796000000000-GithubScanRuns.js';
import { GithubScanActiveRunsIndex1796000000001 } from './1796000000001-GithubScanActiveRunsIndex.js';
// bias-analysis migrations (timestamps 1796100000000–1796199999999)
import { BiasAnalysisIngestion1796100000000 } from './1796100000000-BiasAnalysisIngestion.js';
import { BiasScansQueuedIndex1796100000001 } from './1796100000001-BiasScansQueuedIndex.js';
// frontier-models migrations (timestamps 1796200000000–1796299999999)
import { FrontierAlerting1796200000000 } from './1796200000000-FrontierAlerting.js';
import { FrontierAlertWebhooks1796200000001 } from './1796200000001-FrontierAlertWebhooks.js';
import { FrontierDefaultSources1796200000002 } from './1796200000002-FrontierDefaultSources.js';
// admin migrations (timestamps 1796300000000–1796399999999)
import { AdminSessions1796300000000 } from './1796300000000-AdminSessions.js';
// audit-logs migrations (timestamps 1796400000000–1796499999999)
import { AuditLogs1796400000000 } from './1796400000000-AuditLogs.js';
// scale (indexes for large data) migrations (timestamps 1796500000000–1796599999999)
import { OrganizationIdOrderIndexes1796500000000 } from './1796500000000-OrganizationIdOrderIndexes.js';
import { RiskItemsListIndex1796500000001 } from './1796500000001-RiskItemsListIndex.js';

/**
 * Every migration, in timestamp order. Listed explicitly rather than globbed so that the app, the
 * CLI and the ESM test runner load them the same way; a test checks that no migration file is
 * missing here.
 */
export const MIGRATIONS = [
  InitialSchema1795973023339,
  BuiltInRoles1795973023340,
  RiskItemFilterIndexes1795973736051,
  CaseInsensitiveUsernames1795974600000,
  // github-scans
  GithubScanRuns1796000000000,
  GithubScanActiveRunsIndex1796000000001,
  // bias-analysis
  BiasAnalysisIngestion1796100000000,
  BiasScansQueuedIndex1796100000001,
  // frontier-models
  FrontierAlerting1796200000000,
  FrontierAlertWebhooks1796200000001,
  FrontierDefaultSources1796200000002,
  // admin
  AdminSessions1796300000000,
  // audit-logs
  AuditLogs1796400000000,
  // scale
  OrganizationIdOrderIndexes1796500000000,
  RiskItemsListIndex1796500000001,
];
