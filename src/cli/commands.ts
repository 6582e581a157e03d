import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../common/auth/password.js';
import { RoleName } from '../common/permissions/permissions.js';
import { RegisterDto } from '../modules/auth/dto/auth.dto.js';
import { AiSystem } from '../modules/ai-systems/entities/ai-system.entity.js';
import { ComplianceIssue } from '../modules/compliance-issues/entities/compliance-issue.entity.js';
import { Organization } from '../modules/organizations/entities/organization.entity.js';
import { RiskItem } from '../modules/risk-items/entities/risk-item.entity.js';
import { RiskMitigation } from '../modules/risk-items/entities/risk-mitigation.entity.js';
import { Role } from '../modules/roles/entities/role.entity.js';
import { User } from '../modules/users/entities/user.entity.js';

export interface CliResult {
  ok: boolean;
  message: string;
}

/** Creates an organization and its first platform admin; the input is validated like registration. */
export async function bootstrapPlatformAdmin(
  dataSource: DataSource,
  args: { org?: string; email?: string; username?: string; password?: string },
): Promise<CliResult> {
  const dto = plainToInstance(RegisterDto, {
    organizationName: args.org,
    email: args.email,
    username: args.username,
    password: args.password,
  });
  const errors = await validate(dto, { whitelist: true });
  if (errors.length) {
    const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    return { ok: false, message: `invalid arguments:\n  - ${problems.join('\n  - ').replace(/organizationName/g, '--org')}` };
  }
  return dataSource.transaction(async (manager) => {
    const taken = await manager.query('SELECT 1 FROM users WHERE lower(email) = lower($1) OR lower(username) = lower($2)', [
      dto.email,
      dto.username,
    ]);
    if (taken.length) return { ok: false, message: `a user with email ${dto.email} or username ${dto.username} already exists` };
    const role = await manager.findOneBy(Role, { name: RoleName.PlatformAdmin });
    if (!role) return { ok: false, message: 'the built-in roles are missing: run `npm run migration:run` first' };
    const organization = await manager.save(manager.create(Organization, { name: dto.organizationName }));
    const user = await manager.save(
      manager.create(User, {
        username: dto.username,
        email: dto.email,
        password: await hashPassword(dto.password),
        organizationId: organization.id,
        roleId: role.id,
      }),
    );
    return {
      ok: true,
      message: `created organization "${organization.name}" (id ${organization.id}) and platform admin ${user.email} (id ${user.id})`,
    };
  });
}

export const DEMO = {
  organization: 'Acme Demo Bank',
  adminEmail: 'admin@demo.aura.local',
  adminUsername: 'demo-admin',
  adminPassword: 'demo-password-123',
  viewerEmail: 'viewer@demo.aura.local',
  viewerUsername: 'demo-viewer',
};

/** A small, realistic demo organization so that a new user sees a populated register. Idempotent. */
export async function seedDemoData(dataSource: DataSource): Promise<CliResult> {
  return dataSource.transaction(async (manager) => {
    const existing = await manager.findOneBy(User, { email: DEMO.adminEmail });
    if (existing) {
      return { ok: true, message: `demo data already present: sign in as ${DEMO.adminEmail} / ${DEMO.adminPassword}` };
    }
    const [admin, viewer] = await Promise.all([
      manager.findOneByOrFail(Role, { name: RoleName.Admin }),
      manager.findOneByOrFail(Role, { name: RoleName.Viewer }),
    ]);
    const organization = await manager.save(manager.create(Organization, { name: DEMO.organization }));
    const password = await hashPassword(DEMO.adminPassword);
    const owner = await manager.save(
      manager.create(User, {
        username: DEMO.adminUsername,
        email: DEMO.adminEmail,
        password,
        firstName: 'Dana',
        lastName: 'Admin',
        organizationId: organization.id,
        roleId: admin.id,
      }),
    );
    await manager.save(
      manager.create(User, {
        username: DEMO.viewerUsername,
        email: DEMO.viewerEmail,
        password,
        firstName: 'Victor',
        lastName: 'Viewer',
        organizationId: organization.id,
        roleId: viewer.id,
      }),
    );
    const systems = await manager.save(
      [
        {
          name: 'Credit scoring model',
          description: 'Gradient-boosted model scoring consumer loan applications.',
          status: 'active',
          riskLevel: 'high',
          version: '3.2.0',
          deployedAt: new Date('2025-03-01T00:00:00Z'),
        },
        {
          name: 'Customer support assistant',
          description: 'LLM chatbot answering account questions, built on a hosted frontier model.',
          status: 'active',
          riskLevel: 'limited',
          version: '1.4.0',
          deployedAt: new Date('2025-09-15T00:00:00Z'),
        },
        {
          name: 'Fraud detection',
          description: 'Real-time transaction anomaly detection.',
          status: 'testing',
          riskLevel: 'medium',
          version: '0.9.0',
        },
      ].map((s) => manager.create(AiSystem, { ...s, ownerId: owner.id, organizationId: organization.id })),
    );
    const risks = await manager.save(
      [
        {
          title: 'Disparate impact on protected groups',
          category: 'bias',
          severity: 'high',
          impact: 'high',
          likelihood: 'medium',
          status: 'open',
          aiSystemId: systems[0].id,
          description: 'Approval rates may differ by age and ethnicity beyond the four-fifths rule.',
        },
        {
          title: 'Prompt injection exposes account data',
          category: 'security',
          severity: 'critical',
          impact: 'high',
          likelihood: 'medium',
          status: 'open',
          aiSystemId: systems[1].id,
          description: 'Crafted messages could make the assistant reveal other customers’ data.',
        },
        {
          title: 'Hallucinated policy answers',
          category: 'reliability',
          severity: 'medium',
          impact: 'medium',
          likelihood: 'high',
          status: 'mitigated',
          aiSystemId: systems[1].id,
        },
        {
          title: 'Model drift after market shift',
          category: 'performance',
          severity: 'low',
          impact: 'medium',
          likelihood: 'low',
          status: 'closed',
          aiSystemId: systems[2].id,
        },
      ].map((r) => manager.create(RiskItem, { ...r, createdById: owner.id, organizationId: organization.id })),
    );
    await manager.save(
      [
        { riskItemId: risks[0].id, description: 'Quarterly bias analysis with the four-fifths rule', status: 'in-progress' },
        { riskItemId: risks[1].id, description: 'Output filter and retrieval scoped to the signed-in customer', status: 'planned' },
        { riskItemId: risks[2].id, description: 'Answers grounded in the policy knowledge base with citations', status: 'completed' },
      ].map((m) => manager.create(RiskMitigation, { ...m, createdById: owner.id, organizationId: organization.id })),
    );
    await manager.save(
      [
        {
          title: 'EU AI Act Annex III: credit scoring is high-risk',
          status: 'in-progress',
          severity: 'high',
          aiSystemId: systems[0].id,
          description: 'Conformity assessment and technical documentation required.',
        },
        { title: 'Chatbot must disclose it is an AI (Art. 50)', status: 'resolved', severity: 'medium', aiSystemId: systems[1].id },
      ].map((c) => manager.create(ComplianceIssue, { ...c, organizationId: organization.id })),
    );
    return {
      ok: true,
      message: `demo organization "${DEMO.organization}" created: sign in as ${DEMO.adminEmail} / ${DEMO.adminPassword} (viewer: ${DEMO.viewerEmail}, same password)`,
    };
  });
}
