import data from './knowledge-base.json' with { type: 'json' };
import type { Ecosystem } from './detection.types.js';

interface FrameworkEntry {
  name: string;
  packages: Partial<Record<Ecosystem, string[]>>;
  modules?: { python?: string[]; rust?: string[] };
  hosts?: string[];
  configKeys?: string[];
}

export const KNOWLEDGE_BASE_VERSION: string = data.version;

const FRAMEWORKS = data.frameworks as FrameworkEntry[];

/** Each ecosystem's name normalization: PyPI per PEP 503, case-insensitive registries lower-cased. */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  const trimmed = name.trim();
  switch (ecosystem) {
    case 'pypi':
    case 'conda':
      return trimmed.toLowerCase().replace(/[-_.]+/g, '-');
    case 'nuget':
    case 'composer':
    case 'rubygems':
    case 'cargo':
      return trimmed.toLowerCase();
    default:
      return trimmed;
  }
}

interface Pattern {
  value: string;
  prefix: boolean;
  framework: string;
}

function patternsOf(values: string[] | undefined, framework: string, normalize: (v: string) => string): Pattern[] {
  return (values ?? []).map((raw) => {
    const prefix = raw.endsWith('*');
    return { value: normalize(prefix ? raw.slice(0, -1) : raw), prefix, framework };
  });
}

function matcher(patterns: Pattern[]): (name: string) => string[] {
  const exact = new Map<string, Set<string>>();
  const prefixes = patterns.filter((p) => p.prefix);
  for (const p of patterns.filter((p) => !p.prefix)) exact.set(p.value, (exact.get(p.value) ?? new Set()).add(p.framework));
  return (name) => {
    const found = new Set(exact.get(name) ?? []);
    for (const p of prefixes) if (name.startsWith(p.value) && name.length > p.value.length) found.add(p.framework);
    return [...found];
  };
}

const packageMatchers = new Map<Ecosystem, (name: string) => string[]>();
for (const ecosystem of ['npm', 'pypi', 'conda', 'go', 'maven', 'cargo', 'rubygems', 'nuget', 'composer'] as Ecosystem[]) {
  packageMatchers.set(
    ecosystem,
    matcher(FRAMEWORKS.flatMap((f) => patternsOf(f.packages[ecosystem], f.name, (v) => normalizePackageName(ecosystem, v)))),
  );
}
// A conda environment may name PyPI packages too.
const pypiMatcher = packageMatchers.get('pypi')!;
const condaOnly = packageMatchers.get('conda')!;
packageMatchers.set('conda', (name) => [...new Set([...condaOnly(name), ...pypiMatcher(name)])]);

/** Canonical frameworks of a declared package; Go paths match a module or any package below it. */
export function frameworksForPackage(ecosystem: Ecosystem, name: string): string[] {
  const normalized = normalizePackageName(ecosystem, name);
  const match = packageMatchers.get(ecosystem)!;
  if (ecosystem !== 'go') return match(normalized);
  const segments = normalized.split('/');
  for (let n = segments.length; n >= 3; n--) {
    const found = match(segments.slice(0, n).join('/'));
    if (found.length) return found;
  }
  return [];
}

const pythonModules = new Map<string, string[]>();
for (const f of FRAMEWORKS)
  for (const module of f.modules?.python ?? []) pythonModules.set(module, [...(pythonModules.get(module) ?? []), f.name]);

/** Frameworks of a Python import (`google.generativeai`, `torch.nn` → its longest known parent). */
export function frameworksForPythonModule(module: string): string[] {
  const parts = module.split('.');
  for (let n = parts.length; n >= 1; n--) {
    const found = pythonModules.get(parts.slice(0, n).join('.'));
    if (found) return found;
  }
  return [];
}

const rustCrates = matcher(FRAMEWORKS.flatMap((f) => patternsOf(f.modules?.rust, f.name, (v) => v)));

/** Frameworks of a Rust `use` path (crate names with underscores), also trying the Cargo package name. */
export function frameworksForRustCrate(crate: string): string[] {
  return [...new Set([...rustCrates(crate), ...frameworksForPackage('cargo', crate.replace(/_/g, '-'))])];
}

export interface HostRule {
  host: string;
  framework: string;
}

export const PROVIDER_HOSTS: readonly HostRule[] = FRAMEWORKS.flatMap((f) => (f.hosts ?? []).map((host) => ({ host, framework: f.name })));

export const CONFIG_KEYS: ReadonlyMap<string, string> = new Map(
  FRAMEWORKS.flatMap((f) => (f.configKeys ?? []).map((key) => [key, f.name] as [string, string])),
);
