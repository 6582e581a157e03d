import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { GithubScanConfig } from './github-scan-config.entity.js';
import { GithubScanRun } from './github-scan-run.entity.js';

/** The figures of one completed scan run. */
@Entity({ name: 'github_scan_summaries' })
@Index('UQ_github_scan_summaries_run', ['runId'], { unique: true })
export class GithubScanSummary extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'scan_config_id', type: 'integer' })
  scanConfigId: number;

  @ManyToOne(() => GithubScanConfig, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scan_config_id' })
  scanConfig?: Relation<GithubScanConfig>;

  @Index('IDX_github_scan_summaries_organization')
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_github_scan_summaries_organization' })
  organization?: Relation<Organization>;

  @Column({ name: 'total_repositories', type: 'integer', default: 0 })
  totalRepositories: number;

  @Column({ name: 'repositories_with_ai', type: 'integer', default: 0 })
  repositoriesWithAi: number;

  @Column({ name: 'scan_date', type: 'timestamptz', default: () => 'now()' })
  scanDate: Date;

  @Column({ name: 'run_id', type: 'integer', nullable: true })
  runId: number | null;

  @ManyToOne(() => GithubScanRun, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_github_scan_summaries_run' })
  run?: Relation<GithubScanRun>;

  @Column({ name: 'repositories_failed', type: 'integer', default: 0 })
  repositoriesFailed: number;

  @Column({ name: 'repositories_skipped', type: 'integer', default: 0 })
  repositoriesSkipped: number;

  @Column({ name: 'repositories_reused', type: 'integer', default: 0 })
  repositoriesReused: number;

  /** Repositories whose AI usage disappeared since the previous scan. */
  @Column({ name: 'repositories_ai_removed', type: 'integer', default: 0 })
  repositoriesAiRemoved: number;

  @Column({ name: 'api_requests', type: 'integer', default: 0 })
  apiRequests: number;
}
