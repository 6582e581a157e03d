import {
  BaseEntity,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';

/** An organization's notification webhook: new alerts are POSTed to it, signed with its secret. */
@Entity({ name: 'frontier_alert_webhooks' })
@Unique('UQ_frontier_alert_webhooks_organization', ['organizationId'])
export class FrontierAlertWebhook extends BaseEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_frontier_alert_webhooks' })
  id: number;

  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @OneToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_frontier_alert_webhooks_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** HMAC key, AES-256-GCM encrypted with ENCRYPTION_KEY; never returned after creation. */
  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
