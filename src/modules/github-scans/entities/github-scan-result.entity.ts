import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { AiSystem } from '../../ai-systems/entities/ai-system.entity.js';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { RiskItem } from '../../risk-items/entities/risk-item.entity.js';
import type { EvidenceItem } from '../detection/detection.types.js';
import { GithubScanConfig } from './github-scan-config.entity.js';
import { GithubScanRun } from './github-scan-run.entity.js';

/**
 * The latest findings for one repository of a configuration (one row per repository, upserted by
 * every scan), with the state that lets a rescan skip an unchanged repository.
 */
@Entity({ name: 'github_scan_results' })
@Unique('UQ_github_scan_results_config_repository', ['scanConfigId', 'repositoryName'])
export class GithubScanResult extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'scan_config_id', type: 'integer' })
  scanConfigId: number;

  @ManyToOne(() => GithubScanConfig, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scan_config_id' })
  scanConfig?: Relation<GithubScanConfig>;

  @Index('IDX_github_scan_results_organization')
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_github_scan_results_organization' })
  organization?: Relation<Organization>;

  @Column({ name: 'repository_name', type: 'text' })
  repositoryName: string;

  @Column({ name: 'repository_url', type: 'text' })
  repositoryUrl: string;

  @Column({ name: 'has_ai_usage', type: 'boolean', default: false })
  hasAiUsage: boolean;

  @Column({ name: 'ai_libraries', type: 'text', array: true, default: () => "'{}'" })
  aiLibraries: string[];

  @Column({ name: 'ai_frameworks', type: 'text', array: true, default: () => "'{}'" })
  aiFrameworks: string[];

  @Column({ name: 'scan_date', type: 'timestamptz', default: () => 'now()' })
  scanDate: Date;

  @Column({ name: 'added_to_risk', type: 'boolean', default: false })
  addedToRisk: boolean;

  @Column({ name: 'confidence_score', type: 'double precision', nullable: true })
  confidenceScore: number | null;

  @Column({ name: 'detection_type', type: 'text', nullable: true })
  detectionType: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  evidence: EvidenceItem[];

  /** Files that could not be read (too large, corrupt); the repository was still scanned. */
  @Column({ name: 'scan_warnings', type: 'text', array: true, default: () => "'{}'" })
  scanWarnings: string[];

  /** Why this repository could not be scanned (the scan itself went on). */
  @Column({ name: 'scan_error', type: 'text', nullable: true })
  scanError: string | null;

  @Column({ name: 'pushed_at', type: 'timestamptz', nullable: true })
  pushedAt: Date | null;

  @Column({ name: 'default_branch', type: 'text', nullable: true })
  defaultBranch: string | null;

  @Column({ name: 'tree_sha', type: 'text', nullable: true })
  treeSha: string | null;

  /** Knowledge-base version the findings were computed with; another version forces a rescan. */
  @Column({ name: 'knowledge_base_version', type: 'text', nullable: true })
  knowledgeBaseVersion: string | null;

  /** When a scan last found no AI usage where the previous one had found some. */
  @Column({ name: 'ai_usage_removed_at', type: 'timestamptz', nullable: true })
  aiUsageRemovedAt: Date | null;

  /** The scan run that last processed this repository. */
  @Index('IDX_github_scan_results_run')
  @Column({ name: 'run_id', type: 'integer', nullable: true })
  runId: number | null;

  @ManyToOne(() => GithubScanRun, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_github_scan_results_run' })
  run?: Relation<GithubScanRun>;

  @Index('IDX_github_scan_results_risk_item')
  @Column({ name: 'risk_item_id', type: 'integer', nullable: true })
  riskItemId: number | null;

  @ManyToOne(() => RiskItem, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'risk_item_id', foreignKeyConstraintName: 'FK_github_scan_results_risk_item' })
  riskItem?: Relation<RiskItem>;

  @Index('IDX_github_scan_results_ai_system')
  @Column({ name: 'ai_system_id', type: 'integer', nullable: true })
  aiSystemId: number | null;

  @ManyToOne(() => AiSystem, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ai_system_id', foreignKeyConstraintName: 'FK_github_scan_results_ai_system' })
  aiSystem?: Relation<AiSystem>;
}
