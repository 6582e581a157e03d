import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { DeclaredDependency, Ecosystem } from './detection.types.js';

/** Thrown for a manifest that cannot be parsed; the caller records it as a warning. */
export class ManifestParseError extends Error {}

type Parser = (text: string) => DeclaredDependency[];

const dep = (
  ecosystem: Ecosystem,
  name: string,
  scope: DeclaredDependency['scope'],
  section: string,
  version?: unknown,
): DeclaredDependency => ({ ecosystem, name: name.trim(), scope, section, ...(typeof version === 'string' ? { version } : {}) });

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function parseJson(text: string): Record<string, unknown> {
  try {
    return record(JSON.parse(text));
  } catch {
    throw new ManifestParseError('not valid JSON');
  }
}

function parseTomlRecord(text: string): Record<string, unknown> {
  try {
    return record(parseToml(text));
  } catch {
    throw new ManifestParseError('not valid TOML');
  }
}

/** PEP 508 requirement → distribution name (`torch>=2; python_version>"3.8"`, `transformers[torch]==4.4`). */
export function pep508Name(requirement: string): string | null {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement);
  return match ? match[1] : null;
}

const packageJson: Parser = (text) => {
  const json = parseJson(text);
  const sections: Array<[string, DeclaredDependency['scope']]> = [
    ['dependencies', 'runtime'],
    ['peerDependencies', 'runtime'],
    ['optionalDependencies', 'runtime'],
    ['devDependencies', 'dev'],
  ];
  return sections.flatMap(([section, scope]) =>
    Object.entries(record(json[section])).map(([name, version]) => dep('npm', name, scope, section, version)),
  );
};

/** package-lock.json: the root package's own declarations are direct, every other entry transitive. */
const packageLock: Parser = (text) => {
  const json = parseJson(text);
  const root = record(record(json.packages)['']);
  const direct = [
    ...Object.entries(record(root.dependencies)).map(([name, v]) => dep('npm', name, 'runtime', 'packages[""].dependencies', v)),
    ...Object.entries(record(root.devDependencies)).map(([name, v]) => dep('npm', name, 'dev', 'packages[""].devDependencies', v)),
  ];
  const directNames = new Set(direct.map((d) => d.name));
  const transitive = Object.keys(record(json.packages))
    .filter((path) => path.startsWith('node_modules/'))
    .map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    .filter((name) => !directNames.has(name))
    .map((name) => dep('npm', name, 'transitive', 'packages'));
  return [...direct, ...transitive];
};

const requirementsTxt: Parser = (text) =>
  text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('-') && !/^[a-z+]+:\/\//i.test(line))
    .flatMap((line) => {
      const name = pep508Name(line);
      return name ? [dep('pypi', name, 'runtime', 'requirements', line.slice(name.length).trim() || undefined)] : [];
    });

const pyproject: Parser = (text) => {
  const toml = parseTomlRecord(text);
  const project = record(toml.project);
  const poetry = record(record(toml.tool).poetry);
  const out: DeclaredDependency[] = [];
  const pep508List = (list: unknown, scope: DeclaredDependency['scope'], section: string) => {
    for (const entry of Array.isArray(list) ? list : []) {
      const name = typeof entry === 'string' ? pep508Name(entry) : null;
      if (name) out.push(dep('pypi', name, scope, section));
    }
  };
  pep508List(project.dependencies, 'runtime', '[project] dependencies');
  for (const [extra, list] of Object.entries(record(project['optional-dependencies'])))
    pep508List(list, 'runtime', `[project.optional-dependencies] ${extra}`);
  for (const [group, list] of Object.entries(record(toml['dependency-groups']))) pep508List(list, 'dev', `[dependency-groups] ${group}`);
  const poetryTable = (table: unknown, scope: DeclaredDependency['scope'], section: string) => {
    for (const [name, version] of Object.entries(record(table)))
      if (name.toLowerCase() !== 'python') out.push(dep('pypi', name, scope, section, version));
  };
  poetryTable(poetry.dependencies, 'runtime', '[tool.poetry.dependencies]');
  poetryTable(poetry['dev-dependencies'], 'dev', '[tool.poetry.dev-dependencies]');
  for (const [group, table] of Object.entries(record(poetry.group))) {
    // Poetry's main group is runtime; every other group (dev, test, docs) is not shipped.
    poetryTable(record(table).dependencies, group === 'main' ? 'runtime' : 'dev', `[tool.poetry.group.${group}.dependencies]`);
  }
  return out;
};

const pipfile: Parser = (text) => {
  const toml = parseTomlRecord(text);
  return [
    ...Object.entries(record(toml.packages)).map(([name, v]) => dep('pypi', name, 'runtime', '[packages]', v)),
    ...Object.entries(record(toml['dev-packages'])).map(([name, v]) => dep('pypi', name, 'dev', '[dev-packages]', v)),
  ];
};

const pipfileLock: Parser = (text) => {
  const json = parseJson(text);
  return [
    ...Object.keys(record(json.default)).map((name) => dep('pypi', name, 'transitive', 'default')),
    ...Object.keys(record(json.develop)).map((name) => dep('pypi', name, 'dev', 'develop')),
  ];
};

/** setup.py is code: read the string literals of install_requires / extras_require only. */
const setupPy: Parser = (text) => {
  const out: DeclaredDependency[] = [];
  for (const match of text.matchAll(/(install_requires|extras_require)\s*=\s*([[{][\s\S]*?[\]}])\s*[,)]/g)) {
    for (const literal of match[2].matchAll(/["']([^"'\n]+)["']\s*(:)?/g)) {
      if (literal[2]) continue; // a key of extras_require: the extra's name, not a requirement
      const name = pep508Name(literal[1]);
      if (name) out.push(dep('pypi', name, 'runtime', match[1]));
    }
  }
  return out;
};

const setupCfg: Parser = (text) => {
  const match = /^install_requires\s*=\s*\n((?:[ \t]+.*\n?)*)/m.exec(text);
  return match ? requirementsTxt(match[1]).map((d) => ({ ...d, section: '[options] install_requires' })) : [];
};

const condaEnvironment: Parser = (text) => {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    throw new ManifestParseError('not valid YAML');
  }
  const out: DeclaredDependency[] = [];
  for (const entry of Array.isArray(record(doc).dependencies) ? (record(doc).dependencies as unknown[]) : []) {
    if (typeof entry === 'string') {
      const name = /^(?:[\w-]+::)?([A-Za-z0-9][\w.-]*)/.exec(entry)?.[1];
      if (name && name !== 'python' && name !== 'pip') out.push(dep('conda', name, 'runtime', 'dependencies'));
    } else {
      for (const requirement of Array.isArray(record(entry).pip) ? (record(entry).pip as unknown[]) : []) {
        const name = typeof requirement === 'string' ? pep508Name(requirement) : null;
        if (name) out.push(dep('pypi', name, 'runtime', 'dependencies.pip'));
      }
    }
  }
  return out;
};

/** go.mod: `// indirect` requirements are transitive. */
const goMod: Parser = (text) => {
  const out: DeclaredDependency[] = [];
  const add = (line: string) => {
    const match = /^\s*([^\s()]+)\s+(v[^\s]+)(.*)$/.exec(line);
    if (match) out.push(dep('go', match[1], /\/\/\s*indirect/.test(match[3]) ? 'transitive' : 'runtime', 'require', match[2]));
  };
  for (const block of text.matchAll(/^require\s*\(([\s\S]*?)^\)/gm)) block[1].split('\n').forEach(add);
  for (const single of text.matchAll(/^require\s+([^(\s].*)$/gm)) add(single[1]);
  return out;
};

const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['dependency', 'PackageReference', 'package'].includes(name) });

function parseXml(text: string): Record<string, unknown> {
  try {
    return record(xml.parse(text, true));
  } catch {
    throw new ManifestParseError('not valid XML');
  }
}

const pomXml: Parser = (text) => {
  const project = record(parseXml(text).project);
  const lists = [record(project.dependencies).dependency, record(record(project.dependencyManagement).dependencies).dependency];
  return lists.flatMap((list) =>
    (Array.isArray(list) ? list : []).map((d) => {
      const entry = record(d);
      const scope = String(entry.scope ?? 'compile') === 'test' ? 'dev' : 'runtime';
      return dep('maven', `${String(entry.groupId)}:${String(entry.artifactId)}`, scope, 'dependencies', entry.version);
    }),
  );
};

const gradle: Parser = (text) => {
  const out: DeclaredDependency[] = [];
  const pattern =
    /\b(implementation|api|compileOnly|runtimeOnly|kapt|annotationProcessor|testImplementation|testRuntimeOnly|androidTestImplementation)\s*\(?\s*["']([\w.-]+):([\w.-]+)(?::([^"']+))?["']/g;
  for (const m of text.matchAll(pattern))
    out.push(dep('maven', `${m[2]}:${m[3]}`, m[1].startsWith('test') || m[1].startsWith('androidTest') ? 'dev' : 'runtime', m[1], m[4]));
  return out;
};

const cargoToml: Parser = (text) => {
  const toml = parseTomlRecord(text);
  const table = (t: unknown, scope: DeclaredDependency['scope'], section: string) =>
    Object.entries(record(t)).map(([name, v]) => dep('cargo', name, scope, section, typeof v === 'string' ? v : record(v).version));
  return [
    ...table(toml.dependencies, 'runtime', '[dependencies]'),
    ...table(toml['dev-dependencies'], 'dev', '[dev-dependencies]'),
    ...table(record(toml.workspace).dependencies, 'runtime', '[workspace.dependencies]'),
  ];
};

const gemfile: Parser = (text) => {
  const out: DeclaredDependency[] = [];
  let devDepth = 0;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*group\b.*:(development|test)\b.*\bdo\b/.test(line)) devDepth++;
    else if (devDepth && /^\s*end\b/.test(line)) devDepth--;
    const match = /^\s*gem\s+["']([^"']+)["']/.exec(line);
    if (match) out.push(dep('rubygems', match[1], devDepth ? 'dev' : 'runtime', devDepth ? 'group :development/:test' : 'Gemfile'));
  }
  return out;
};

const csproj: Parser = (text) => {
  const project = record(parseXml(text).Project);
  const groups = Array.isArray(project.ItemGroup) ? project.ItemGroup : [project.ItemGroup];
  return groups.flatMap((g) =>
    (Array.isArray(record(g).PackageReference) ? (record(g).PackageReference as unknown[]) : []).flatMap((ref) => {
      const name = record(ref)['@_Include'];
      return typeof name === 'string' ? [dep('nuget', name, 'runtime', 'PackageReference', record(ref)['@_Version'])] : [];
    }),
  );
};

const packagesConfig: Parser = (text) => {
  const packages = record(parseXml(text).packages).package;
  return (Array.isArray(packages) ? packages : []).flatMap((p) => {
    const id = record(p)['@_id'];
    return typeof id === 'string'
      ? [dep('nuget', id, record(p)['@_developmentDependency'] === 'true' ? 'dev' : 'runtime', 'packages', record(p)['@_version'])]
      : [];
  });
};

const composerJson: Parser = (text) => {
  const json = parseJson(text);
  return [
    ...Object.entries(record(json.require)).map(([name, v]) => dep('composer', name, 'runtime', 'require', v)),
    ...Object.entries(record(json['require-dev'])).map(([name, v]) => dep('composer', name, 'dev', 'require-dev', v)),
  ].filter((d) => d.name !== 'php' && !d.name.startsWith('ext-'));
};

/** Manifest parsers by file name (the last path segment). */
const BY_NAME: Record<string, Parser> = {
  'package.json': packageJson,
  'package-lock.json': packageLock,
  'pyproject.toml': pyproject,
  Pipfile: pipfile,
  'Pipfile.lock': pipfileLock,
  'setup.py': setupPy,
  'setup.cfg': setupCfg,
  'environment.yml': condaEnvironment,
  'environment.yaml': condaEnvironment,
  'go.mod': goMod,
  'pom.xml': pomXml,
  'build.gradle': gradle,
  'build.gradle.kts': gradle,
  'Cargo.toml': cargoToml,
  Gemfile: gemfile,
  'packages.config': packagesConfig,
  'composer.json': composerJson,
};

/** Lock files: read only when no manifest sits next to them (the manifest says what is direct). */
export const LOCK_FILES = new Set(['package-lock.json', 'Pipfile.lock']);

export function manifestParser(path: string): Parser | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (BY_NAME[name]) return BY_NAME[name];
  if (/^requirements([-_.][\w.-]*)?\.txt$/i.test(name) || /(^|\/)requirements\/[\w.-]+\.txt$/i.test(path)) return requirementsTxt;
  if (name.endsWith('.csproj') || name.endsWith('.fsproj')) return csproj;
  return null;
}

/** Dependencies declared by one manifest or lock file (throws ManifestParseError when unreadable). */
export function parseManifest(path: string, text: string): DeclaredDependency[] {
  const parser = manifestParser(path);
  if (!parser) return [];
  const deps = parser(text);
  // requirements-dev.txt and friends declare development tools.
  if (/requirements[-_.](dev|test|tests|lint|docs)\b/i.test(path)) return deps.map((d) => ({ ...d, scope: 'dev' as const }));
  return deps;
}
