import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { BiasAnalysisScan } from './bias-analysis-scan.entity.js';

/**
 * Staged input of a scan: the uploaded file or the webhook batches, as raw bytes in order, so a
 * worker on any machine can stream them from PostgreSQL. Deleted once the analysis ends unless
 * BIAS_RETAIN_DATA is set.
 */
@Entity({ name: 'bias_analysis_data_chunks' })
@Unique('UQ_bias_analysis_data_chunks_scan_seq', ['scanId', 'seq'])
export class BiasAnalysisDataChunk extends BaseEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_bias_analysis_data_chunks' })
  id: number;

  @Column({ name: 'scan_id', type: 'integer' })
  scanId: number;

  @ManyToOne(() => BiasAnalysisScan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scan_id', foreignKeyConstraintName: 'FK_bias_analysis_data_chunks_scan' })
  scan?: Relation<BiasAnalysisScan>;

  @Index('IDX_bias_analysis_data_chunks_organization')
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_bias_analysis_data_chunks_organization' })
  organization?: Relation<Organization>;

  /** Position of the chunk in the scan's data (0, 1, 2, …). */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;
}
