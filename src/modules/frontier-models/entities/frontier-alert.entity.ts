import {
  BaseEntity,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { FrontierAlertConfig } from './frontier-alert-config.entity.js';
import { FrontierFeedItem } from './frontier-feed-item.entity.js';

@Entity({ name: 'frontier_models_alerts' })
@Index(['organizationId', 'datePublished'])
// One alert per followed (model, category) and feed item, whatever the number of workers, fetches or feeds.
@Unique('UQ_frontier_alerts_config_item', ['alertConfigId', 'feedItemId'])
export class FrontierAlert extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'alert_config_id', type: 'integer' })
  alertConfigId: number;

  @ManyToOne(() => FrontierAlertConfig, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_config_id' })
  alertConfig?: Relation<FrontierAlertConfig>;

  @Index('IDX_frontier_alerts_feed_item')
  @Column({ name: 'feed_item_id', type: 'integer' })
  feedItemId: number;

  @ManyToOne(() => FrontierFeedItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'feed_item_id', foreignKeyConstraintName: 'FK_frontier_alerts_feed_item' })
  feedItem?: Relation<FrontierFeedItem>;

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
