import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OrganizationOwnedEntity } from '../../../database/organization-owned.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { GithubScanConfig } from './github-scan-config.entity.js';

/** One scan of a configuration's organization: its status, progress and cost. */
@Entity({ name: 'github_scan_runs' })
@Index('IDX_github_scan_runs_config_created', ['scanConfigId', 'createdAt'])
// Only the active runs: the queue reconciler's periodic check reads nothing when no scan is in progress.
@Index('IDX_github_scan_runs_active', ['createdAt'], { where: "status IN ('queued', 'running')" })
export class GithubScanRun extends OrganizationOwnedEntity {
  @Column({ name: 'scan_config_id', type: 'integer' })
  scanConfigId: number;

  @ManyToOne(() => GithubScanConfig, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scan_config_id', foreignKeyConstraintName: 'FK_github_scan_runs_config' })
  scanConfig?: Relation<GithubScanConfig>;

  /** queued, running, completed or failed. */
  @Column({ type: 'text', default: 'queued' })
  status: string;

  /** manual or scheduled. */
  @Column({ type: 'text', default: 'manual' })
  trigger: string;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'progress_done', type: 'integer', default: 0 })
  progressDone: number;

  @Column({ name: 'progress_total', type: 'integer', default: 0 })
  progressTotal: number;

  @Column({ name: 'repositories_skipped', type: 'integer', default: 0 })
  repositoriesSkipped: number;

  @Column({ name: 'repositories_reused', type: 'integer', default: 0 })
  repositoriesReused: number;

  @Column({ name: 'repositories_failed', type: 'integer', default: 0 })
  repositoriesFailed: number;

  /** GitHub requests that count against the rate limit (304s excluded). */
  @Column({ name: 'api_requests', type: 'integer', default: 0 })
  apiRequests: number;

  @Column({ name: 'not_modified_responses', type: 'integer', default: 0 })
  notModifiedResponses: number;

  @Index('IDX_github_scan_runs_requested_by')
  @Column({ name: 'requested_by_id', type: 'integer', nullable: true })
  requestedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'requested_by_id', foreignKeyConstraintName: 'FK_github_scan_runs_requested_by' })
  requestedBy?: Relation<User>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
