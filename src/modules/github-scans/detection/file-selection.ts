import type { EvidenceItem } from './detection.types.js';
import { LOCK_FILES, manifestParser } from './manifests.js';
import { detectModelFile, sourceLanguage } from './sources.js';

export interface TreeEntry {
  path: string;
  type: string;
  sha: string;
  size?: number;
}

export type FileRole = 'manifest' | 'lockfile' | 'notebook' | 'config' | 'source';

export interface PlannedFile {
  path: string;
  sha: string;
  size: number;
  role: FileRole;
}

export interface FilePlan {
  /** Manifests, lock files without a sibling manifest, notebooks and configuration: fetched first. */
  primary: PlannedFile[];
  /** Source files ranked by how likely they are to import an AI SDK; the scanner takes a few. */
  sources: PlannedFile[];
  modelFiles: EvidenceItem[];
  warnings: string[];
}

/** Size caps per role: anything larger is skipped with a warning (GitHub blobs are base64, ~4/3 larger). */
export const SIZE_CAPS: Record<FileRole, number> = {
  manifest: 1_000_000,
  lockfile: 3_000_000,
  notebook: 3_000_000,
  config: 100_000,
  source: 300_000,
};

export const PLAN_LIMITS = { manifests: 8, notebooks: 2, configs: 2 };

/** Vendored code, build output and documentation are not the repository's own usage. */
const EXCLUDED =
  /(^|\/)(node_modules|vendor|site-packages|\.venv|venv|virtualenv|dist|build|out|target|third_party|__pycache__|\.git|bower_components|docs?|examples?\/node_modules)\//i;

const CONFIG_FILE =
  /(^|\/)(\.env\.(example|sample|template|dist|local\.example)|example\.env|env\.example|docker-compose[\w.-]*\.ya?ml|compose\.ya?ml|\.github\/workflows\/[\w.-]+\.ya?ml|\.mcp\.json|mcp\.json)$/i;

const AI_HINT =
  /(ai|llm|gpt|chat|agent|model|embed|openai|anthropic|claude|gemini|rag|prompt|inference|predict|train|classif|vector|neural|nlp)/i;
const ENTRY_POINT = /(^|\/)(main|app|index|server|__init__|cli|api|handler|lib)\.[a-z]+$/i;

function sourceRank(path: string): number {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const depth = path.split('/').length - 1;
  return (
    (AI_HINT.test(name) ? 0 : AI_HINT.test(path) ? 10 : ENTRY_POINT.test(path) ? 20 : 30) +
    Math.min(depth, 9) +
    (/test|spec|mock/i.test(path) ? 15 : 0)
  );
}

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** Decides, from the tree listing alone, which files are worth a blob request. */
export function planFiles(entries: readonly TreeEntry[]): FilePlan {
  const warnings: string[] = [];
  const blobs = entries.filter((e) => e.type === 'blob' && !EXCLUDED.test(e.path));
  const modelFiles = blobs.flatMap((e) => detectModelFile(e.path) ?? []);
  const manifestDirs = new Set(blobs.filter((e) => manifestParser(e.path) && !LOCK_FILES.has(baseName(e.path))).map((e) => dirOf(e.path)));
  const planned: PlannedFile[] = [];
  const take = (entry: TreeEntry, role: FileRole) => {
    const size = entry.size ?? 0;
    if (size > SIZE_CAPS[role])
      warnings.push(`${entry.path}: ${Math.round(size / 1024)} KB exceeds the ${SIZE_CAPS[role] / 1000} KB cap for ${role} files; skipped`);
    else planned.push({ path: entry.path, sha: entry.sha, size, role });
  };
  const byDepth = [...blobs].sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path));
  const counts = { manifest: 0, notebook: 0, config: 0 };
  for (const entry of byDepth) {
    const name = baseName(entry.path);
    if (manifestParser(entry.path)) {
      const lock = LOCK_FILES.has(name);
      if (lock && manifestDirs.has(dirOf(entry.path))) continue;
      if (counts.manifest++ < PLAN_LIMITS.manifests) take(entry, lock ? 'lockfile' : 'manifest');
    } else if (name.endsWith('.ipynb')) {
      if (counts.notebook++ < PLAN_LIMITS.notebooks) take(entry, 'notebook');
    } else if (CONFIG_FILE.test(entry.path)) {
      if (counts.config++ < PLAN_LIMITS.configs) take(entry, 'config');
    }
  }
  const sources = blobs
    .filter((e) => sourceLanguage(e.path) && (e.size ?? 0) <= SIZE_CAPS.source && (e.size ?? 1) > 0)
    .sort((a, b) => sourceRank(a.path) - sourceRank(b.path) || a.path.localeCompare(b.path))
    .map((e) => ({ path: e.path, sha: e.sha, size: e.size ?? 0, role: 'source' as const }));
  return { primary: planned, sources, modelFiles, warnings };
}

/** Manifest paths tried one by one when the tree listing is truncated (root of the repository). */
export const FALLBACK_MANIFEST_PATHS = [
  'package.json',
  'requirements.txt',
  'pyproject.toml',
  'Pipfile',
  'setup.py',
  'environment.yml',
  'go.mod',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'Cargo.toml',
  'Gemfile',
  'composer.json',
] as const;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
