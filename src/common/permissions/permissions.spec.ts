import { ALL_PERMISSIONS, BUILT_IN_ROLES, PLATFORM_PERMISSIONS, RoleName, isSubsetOf } from './permissions.js';

const role = (name: string) => BUILT_IN_ROLES.find((r) => r.name === name)!;

describe('built-in roles', () => {
  it('are the six roles of the contract', () => {
    expect(BUILT_IN_ROLES.map((r) => r.name)).toEqual([
      'platform_admin',
      'admin',
      'risk_manager',
      'compliance_officer',
      'analyst',
      'viewer',
    ]);
  });

  it('give the platform admin everything and the admin everything but platform permissions', () => {
    expect([...role(RoleName.PlatformAdmin).permissions].sort()).toEqual([...ALL_PERMISSIONS].sort());
    for (const p of PLATFORM_PERMISSIONS) expect(role(RoleName.Admin).permissions).not.toContain(p);
    expect(role(RoleName.Admin).permissions.length).toBe(ALL_PERMISSIONS.length - PLATFORM_PERMISSIONS.length);
  });

  it('keep the viewer read-only and every other role within the admin', () => {
    expect(role(RoleName.Viewer).permissions.every((p) => p.endsWith(':read'))).toBe(true);
    for (const r of BUILT_IN_ROLES.filter((r) => r.name !== RoleName.PlatformAdmin)) {
      expect(isSubsetOf(r.permissions, role(RoleName.Admin).permissions)).toBe(true);
      expect(isSubsetOf(role(RoleName.Viewer).permissions, r.permissions)).toBe(true);
    }
  });

  it('use only <area>:<action> names', () => {
    for (const p of ALL_PERMISSIONS) expect(p).toMatch(/^[a-z_]+:[a-z_]+$/);
  });
});
