import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { FrontierAlertConfig } from './frontier-alert-config.entity.js';

@Entity({ name: 'frontier_models_alerts' })
@Index(['organizationId', 'datePublished'])
export class FrontierAlert extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'alert_config_id', type: 'integer' })
  alertConfigId: number;

  @ManyToOne(() => FrontierAlertConfig, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_config_id' })
  alertConfig?: Relation<FrontierAlertConfig>;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'date_published', type: 'timestamptz' })
  datePublished: Date;

  @Index()
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
