import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OrganizationOwnedEntity } from '../../../database/organization-owned.entity.js';
import { Role } from '../../roles/entities/role.entity.js';
import { User } from '../../users/entities/user.entity.js';

/** Integration keys. Only a SHA-256 hash of the key is stored; the key itself is shown once. */
@Entity({ name: 'api_keys' })
export class ApiKey extends OrganizationOwnedEntity {
  @Column({ type: 'text' })
  name: string;

  /** The first characters of the key, kept so people can tell their keys apart. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix: string;

  @Column({ name: 'key_hash', type: 'text', unique: true, select: false })
  keyHash: string;

  @Index()
  @Column({ name: 'role_id', type: 'integer' })
  roleId: number;

  @ManyToOne(() => Role, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role_id' })
  role?: Relation<Role>;

  @Index()
  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User>;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
