import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { BiasAnalysisScan } from './bias-analysis-scan.entity.js';

@Entity({ name: 'bias_analysis_results' })
export class BiasAnalysisResult extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'scan_id', type: 'integer' })
  scanId: number;

  @ManyToOne(() => BiasAnalysisScan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scan_id' })
  scan?: Relation<BiasAnalysisScan>;

  @Index()
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @Column({ name: 'metric_name', type: 'text' })
  metricName: string;

  @Column({ name: 'metric_description', type: 'text', nullable: true })
  metricDescription: string | null;

  /** Null where the metric is undefined (e.g. a ratio whose maximum is 0). */
  @Column({ type: 'double precision', nullable: true })
  score: number | null;

  @Column({ type: 'double precision' })
  threshold: number;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'demographic_group', type: 'text', nullable: true })
  demographicGroup: string | null;

  /** JSON text, as the seed specifies. */
  @Column({ name: 'additional_data', type: 'text', nullable: true })
  additionalData: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
