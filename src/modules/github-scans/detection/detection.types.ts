/** Kinds of evidence, strongest first; the strongest usage kind becomes a result's detectionType. */
export const USAGE_KINDS = ['dependency', 'import', 'api-call', 'model-file', 'config'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** Recorded for a reviewer but not AI usage on their own (dev-only or lock-file-only declarations). */
export type WeakKind = 'dev-dependency' | 'transitive';

export type EvidenceKind = UsageKind | WeakKind;

export interface EvidenceItem {
  /** File path in the repository. */
  path: string;
  kind: EvidenceKind;
  /** What matched, as found in the file (e.g. `openai ^4.52.0 in dependencies`, `import torch`). */
  match: string;
  /** The package or module as declared, when there is one. */
  library?: string;
  /** Canonical framework names from the knowledge base. */
  frameworks: string[];
}

export type Ecosystem = 'npm' | 'pypi' | 'conda' | 'go' | 'maven' | 'cargo' | 'rubygems' | 'nuget' | 'composer';

/** A dependency read from a manifest or lock file. */
export interface DeclaredDependency {
  ecosystem: Ecosystem;
  name: string;
  /** runtime (incl. optional and peer), dev (dev/test groups) or transitive (lock files). */
  scope: 'runtime' | 'dev' | 'transitive';
  /** Where in the file, e.g. `dependencies`, `[tool.poetry.dependencies]`. */
  section: string;
  version?: string;
}

export interface RepositoryFindings {
  hasAiUsage: boolean;
  aiLibraries: string[];
  aiFrameworks: string[];
  detectionType: UsageKind | null;
  confidenceScore: number;
  evidence: EvidenceItem[];
}
