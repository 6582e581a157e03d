import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, type Relation } from 'typeorm';
import { OrganizationOwnedEntity } from '../../../database/organization-owned.entity.js';
import { Role } from '../../roles/entities/role.entity.js';

@Entity({ name: 'users' })
export class User extends OrganizationOwnedEntity {
  @Column({ type: 'text', unique: true })
  username: string;

  /** Stored lower-cased so that uniqueness is case-insensitive. */
  @Column({ type: 'text', unique: true })
  email: string;

  /** argon2id hash; never leaves the users/auth services. */
  @Column({ type: 'text', select: false })
  password: string;

  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName: string | null;

  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName: string | null;

  @Column({ name: 'avatar_url', type: 'text', nullable: true })
  avatarUrl: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Index()
  @Column({ name: 'role_id', type: 'integer' })
  roleId: number;

  @ManyToOne(() => Role, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role_id' })
  role?: Relation<Role>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;
}
