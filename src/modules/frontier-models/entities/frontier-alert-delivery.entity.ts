import {
  BaseEntity,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';
import { FrontierAlertWebhook } from './frontier-alert-webhook.entity.js';

/** One POST of new alerts to an organization's webhook, with its retry state. */
@Entity({ name: 'frontier_alert_deliveries' })
export class FrontierAlertDelivery extends BaseEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_frontier_alert_deliveries' })
  id: number;

  @Index('IDX_frontier_alert_deliveries_organization')
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_frontier_alert_deliveries_organization' })
  organization?: Relation<Organization>;

  @Index('IDX_frontier_alert_deliveries_webhook')
  @Column({ name: 'webhook_id', type: 'integer' })
  webhookId: number;

  @ManyToOne(() => FrontierAlertWebhook, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'FK_frontier_alert_deliveries_webhook' })
  webhook?: Relation<FrontierAlertWebhook>;

  @Column({ name: 'alert_ids', type: 'integer', array: true })
  alertIds: number[];

  /** pending | retrying | delivered | failed (WEBHOOK_DELIVERY_STATUSES). */
  @Column({ type: 'text', default: 'pending' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
