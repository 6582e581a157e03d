import { USAGE_KINDS, type DeclaredDependency, type EvidenceItem, type RepositoryFindings, type UsageKind } from './detection.types.js';
import { frameworksForPackage } from './knowledge-base.js';
import { ManifestParseError, parseManifest } from './manifests.js';
import { detectApiCalls, detectConfig, detectImports, detectNotebook, sourceLanguage } from './sources.js';
import type { FileRole } from './file-selection.js';

export interface FetchedFile {
  path: string;
  role: FileRole;
  text: string;
}

export interface FileScan {
  evidence: EvidenceItem[];
  warnings: string[];
}

function dependencyEvidence(path: string, deps: DeclaredDependency[]): EvidenceItem[] {
  return deps.flatMap((d) => {
    const frameworks = frameworksForPackage(d.ecosystem, d.name);
    if (!frameworks.length) return [];
    const kind = d.scope === 'runtime' ? 'dependency' : d.scope === 'dev' ? 'dev-dependency' : 'transitive';
    const match = `${d.name}${d.version ? ` ${d.version}` : ''} in ${d.section}`;
    return [{ path, kind, match, library: d.name, frameworks } satisfies EvidenceItem];
  });
}

/** Evidence from one fetched file, by its role. Never throws: unreadable files become warnings. */
export function scanFile(file: FetchedFile): FileScan {
  switch (file.role) {
    case 'manifest':
    case 'lockfile':
      try {
        return { evidence: dependencyEvidence(file.path, parseManifest(file.path, file.text)), warnings: [] };
      } catch (error) {
        if (error instanceof ManifestParseError) return { evidence: [], warnings: [`${file.path}: ${error.message}; skipped`] };
        throw error;
      }
    case 'notebook': {
      const scan = detectNotebook(file.path, file.text);
      return { evidence: scan.evidence, warnings: scan.warning ? [scan.warning] : [] };
    }
    case 'config':
      return { evidence: detectConfig(file.path, file.text), warnings: [] };
    case 'source': {
      const language = sourceLanguage(file.path);
      if (!language) return { evidence: [], warnings: [] };
      return {
        evidence: [...detectImports(file.path, file.text, language), ...detectApiCalls(file.path, file.text, language)],
        warnings: [],
      };
    }
  }
}

const BASE_CONFIDENCE: Record<UsageKind, number> = {
  dependency: 0.7,
  import: 0.55,
  'api-call': 0.45,
  'model-file': 0.35,
  config: 0.2,
};

/**
 * Confidence in [0, 1]: the strongest kind sets the base; declared and imported together adds
 * 0.15; each further usage item adds 0.025, at most 0.1. The bands keep the order
 * declared+imported > declared > imported > API call > model file > config.
 */
export function confidenceOf(evidence: readonly EvidenceItem[]): number {
  const usage = evidence.filter((e) => (USAGE_KINDS as readonly string[]).includes(e.kind));
  if (!usage.length) return 0;
  const strongest = USAGE_KINDS.find((kind) => usage.some((e) => e.kind === kind))!;
  const corroborated = strongest === 'dependency' && usage.some((e) => e.kind === 'import' || e.kind === 'api-call');
  const extra = Math.min(0.1, (usage.length - 1) * 0.025);
  return Math.round(Math.min(0.99, BASE_CONFIDENCE[strongest] + (corroborated ? 0.15 : 0) + extra) * 100) / 100;
}

/** Combines a repository's evidence into its result. Dev-only and lock-file-only packages are not usage. */
export function summarizeFindings(evidence: readonly EvidenceItem[]): RepositoryFindings {
  const usage = evidence.filter((e) => (USAGE_KINDS as readonly string[]).includes(e.kind));
  const detectionType = USAGE_KINDS.find((kind) => usage.some((e) => e.kind === kind)) ?? null;
  // Declared names win; an import adds its module name only for a framework nothing declares (e.g. torch with no manifest).
  const declared = usage.filter((e) => e.kind === 'dependency' && e.library);
  const declaredFrameworks = new Set(declared.flatMap((e) => e.frameworks));
  const importedOnly = usage.filter((e) => e.kind === 'import' && e.library && !e.frameworks.every((f) => declaredFrameworks.has(f)));
  const libraries = [...declared, ...importedOnly].map((e) => e.library!);
  return {
    hasAiUsage: usage.length > 0,
    aiLibraries: [...new Set(libraries)].sort(),
    aiFrameworks: [...new Set(usage.flatMap((e) => e.frameworks))].sort(),
    detectionType,
    confidenceScore: confidenceOf(evidence),
    evidence: [...evidence].slice(0, 100),
  };
}

/** Whether the manifests already declare AI usage (the scanner then samples fewer source files). */
export function declaresAiUsage(evidence: readonly EvidenceItem[]): boolean {
  return evidence.some((e) => e.kind === 'dependency');
}
