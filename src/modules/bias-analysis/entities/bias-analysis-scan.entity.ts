import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ComplianceIssue } from '../../compliance-issues/entities/compliance-issue.entity.js';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { User } from '../../users/entities/user.entity.js';
import type { ScanConfig } from '../bias-analysis.types.js';

@Entity({ name: 'bias_analysis_scans' })
@Index(['organizationId', 'status'])
// Only the queued, unfinished analyses: the queue reconciler's periodic check reads nothing when none waits.
@Index('IDX_bias_analysis_scans_queued', ['queuedAt'], { where: "status IN ('pending', 'processing') AND queued_at IS NOT NULL" })
export class BiasAnalysisScan extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'data_source', type: 'text' })
  dataSource: string;

  @Column({ type: 'text', default: 'pending' })
  status: string;

  /** When a worker began the analysis (null while pending). */
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true, default: () => 'now()' })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Index()
  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<User>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The analysis settings (columns, attributes, thresholds), validated at creation. */
  @Column({ type: 'jsonb' })
  config: ScanConfig;

  /** How the stored data chunks are encoded: csv, json (arrays) or ndjson. */
  @Column({ name: 'data_format', type: 'text' })
  dataFormat: string;

  /** Webhook scans: the signing secret, AES-256-GCM encrypted; never returned after creation. */
  @Column({ name: 'webhook_secret', type: 'text', nullable: true })
  webhookSecret: string | null;

  /** Set when the analysis was queued; a webhook scan takes no more records after it. */
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  progress: number;

  @Column({ name: 'row_count', type: 'integer', nullable: true })
  rowCount: number | null;

  /** Why the scan failed, in words a user can act on. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The compliance issue opened automatically when a metric failed (config.openComplianceIssue). */
  @Index('IDX_bias_analysis_scans_compliance_issue')
  @Column({ name: 'compliance_issue_id', type: 'integer', nullable: true })
  complianceIssueId: number | null;

  @ManyToOne(() => ComplianceIssue, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'compliance_issue_id', foreignKeyConstraintName: 'FK_bias_analysis_scans_compliance_issue' })
  complianceIssue?: Relation<ComplianceIssue>;
}
