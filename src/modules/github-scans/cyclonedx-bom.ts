import { randomUUID } from 'node:crypto';
import type { EvidenceItem } from './detection/detection.types.js';

export interface BomRepository {
  repositoryName: string;
  repositoryUrl: string;
  confidenceScore: number | null;
  detectionType: string | null;
  aiFrameworks: string[];
  evidence: EvidenceItem[];
}

interface BomComponent {
  type: 'application' | 'library' | 'machine-learning-model';
  'bom-ref': string;
  name: string;
  purl?: string;
  description?: string;
  externalReferences?: Array<{ type: string; url: string }>;
  properties?: Array<{ name: string; value: string }>;
  evidence?: { occurrences: Array<{ location: string }> };
}

export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: '1.6';
  serialNumber: string;
  version: number;
  metadata: Record<string, unknown>;
  components: BomComponent[];
  services: Array<{ 'bom-ref': string; name: string; endpoints?: string[]; properties?: Array<{ name: string; value: string }> }>;
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
}

/** Package URL type of a manifest, from its file name. */
function purlType(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^package(-lock)?\.json$/.test(name)) return 'npm';
  if (/^(requirements.*\.txt|pyproject\.toml|Pipfile(\.lock)?|setup\.(py|cfg))$/.test(name) || name.endsWith('.ipynb')) return 'pypi';
  if (/^environment\.ya?ml$/.test(name)) return 'conda';
  if (name === 'go.mod') return 'golang';
  if (/^(pom\.xml|build\.gradle(\.kts)?)$/.test(name)) return 'maven';
  if (name === 'Cargo.toml') return 'cargo';
  if (name === 'Gemfile') return 'gem';
  if (/\.(cs|fs)proj$|^packages\.config$/.test(name)) return 'nuget';
  if (name === 'composer.json') return 'composer';
  return null;
}

function purlOf(type: string, library: string): string {
  if (type === 'maven') {
    const [group, artifact] = library.split(':');
    return `pkg:maven/${encodeURIComponent(group)}/${encodeURIComponent(artifact ?? '')}`;
  }
  if (type === 'npm' && library.startsWith('@')) {
    const [scope, name] = library.split('/');
    return `pkg:npm/${encodeURIComponent(scope)}/${encodeURIComponent(name ?? '')}`;
  }
  if (type === 'golang' || type === 'composer') return `pkg:${type}/${library.split('/').map(encodeURIComponent).join('/')}`;
  return `pkg:${type}/${encodeURIComponent(type === 'pypi' ? library.toLowerCase().replace(/[-_.]+/g, '-') : library)}`;
}

/**
 * A CycloneDX 1.6 AI-BOM of an organization's AI usage: each repository with AI usage is an
 * application depending on its AI libraries (`library`, with package URLs) and model files
 * (`machine-learning-model`); providers reached by API calls or configuration are `services`.
 * Every component carries its evidence (repository/path occurrences).
 */
export function buildCycloneDxBom(
  organization: string,
  toolVersion: string,
  repositories: readonly BomRepository[],
  now = new Date(),
): CycloneDxBom {
  const components = new Map<string, BomComponent>();
  const services = new Map<string, CycloneDxBom['services'][number]>();
  const dependencies: CycloneDxBom['dependencies'] = [];
  const occur = (component: BomComponent, location: string) => {
    component.evidence ??= { occurrences: [] };
    if (!component.evidence.occurrences.some((o) => o.location === location)) component.evidence.occurrences.push({ location });
  };

  for (const repo of repositories) {
    const repoRef = `repository:${repo.repositoryName}`;
    components.set(repoRef, {
      type: 'application',
      'bom-ref': repoRef,
      name: repo.repositoryName,
      externalReferences: [{ type: 'vcs', url: repo.repositoryUrl }],
      properties: [
        { name: 'aura:detectionType', value: repo.detectionType ?? 'none' },
        { name: 'aura:confidenceScore', value: String(repo.confidenceScore ?? 0) },
        { name: 'aura:aiFrameworks', value: repo.aiFrameworks.join(', ') },
      ],
    });
    const dependsOn = new Set<string>();
    for (const item of repo.evidence) {
      const location = `${repo.repositoryName}/${item.path}`;
      if ((item.kind === 'dependency' || item.kind === 'import') && item.library) {
        const type = item.kind === 'dependency' ? purlType(item.path) : null;
        const ref = `library:${type ?? 'unknown'}:${item.library}`;
        const existing = [...components.values()].find((c) => c.type === 'library' && c.name === item.library);
        const component = existing ?? {
          type: 'library' as const,
          'bom-ref': ref,
          name: item.library,
          ...(type ? { purl: purlOf(type, item.library) } : {}),
          properties: item.frameworks.map((value) => ({ name: 'aura:framework', value })),
        };
        if (!existing) components.set(ref, component);
        occur(component, location);
        dependsOn.add(component['bom-ref']);
      } else if (item.kind === 'model-file') {
        const ref = `model:${repo.repositoryName}/${item.path}`;
        const component: BomComponent = components.get(ref) ?? {
          type: 'machine-learning-model',
          'bom-ref': ref,
          name: item.path.slice(item.path.lastIndexOf('/') + 1),
          description: item.match,
        };
        components.set(ref, component);
        occur(component, location);
        dependsOn.add(ref);
      } else if (item.kind === 'api-call' || item.kind === 'config') {
        for (const framework of item.frameworks) {
          const ref = `service:${framework}`;
          const service = services.get(ref) ?? { 'bom-ref': ref, name: framework, properties: [] };
          services.set(ref, service);
          service.properties!.push({ name: 'aura:occurrence', value: `${location} (${item.kind})` });
          dependsOn.add(ref);
        }
      }
    }
    dependencies.push({ ref: repoRef, dependsOn: [...dependsOn].sort() });
  }

  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString(),
      tools: { components: [{ type: 'application', name: 'AuraAI GitHub AI-usage scanner', version: toolVersion }] },
      component: {
        type: 'application',
        'bom-ref': `github-organization:${organization}`,
        name: organization,
        description: 'GitHub organization',
      },
    },
    components: [...components.values()],
    services: [...services.values()],
    dependencies,
  };
}
