import type { EvidenceItem } from './detection.types.js';
import { CONFIG_KEYS, frameworksForPackage, frameworksForPythonModule, frameworksForRustCrate, PROVIDER_HOSTS } from './knowledge-base.js';

export type SourceLanguage = 'python' | 'javascript' | 'go' | 'java' | 'rust' | 'ruby' | 'php' | 'csharp';

const EXTENSIONS: Record<string, SourceLanguage> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'javascript',
  tsx: 'javascript',
  mts: 'javascript',
  go: 'go',
  java: 'java',
  kt: 'java',
  rs: 'rust',
  rb: 'ruby',
  php: 'php',
  cs: 'csharp',
};

export function sourceLanguage(path: string): SourceLanguage | null {
  if (/\.d\.ts$/.test(path)) return null;
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return EXTENSIONS[ext] ?? null;
}

/** npm specifier → package name (`@scope/pkg/sub` → `@scope/pkg`, `pkg/sub` → `pkg`); relative and node: paths are none. */
function npmPackageOf(specifier: string): string | null {
  if (/^(\.|\/|node:|[a-z]+:)/.test(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function dedupe(items: EvidenceItem[]): EvidenceItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.path}|${i.kind}|${i.library ?? i.match}|${i.frameworks.join()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Strips comments so that commented-out imports do not count (line comments only; good enough for imports). */
function codeLines(text: string, language: SourceLanguage): string[] {
  const comment = language === 'python' || language === 'ruby' ? /^\s*#/ : /^\s*(\/\/|\*|\/\*)/;
  return text.split(/\r?\n/).filter((line) => !comment.test(line));
}

/** Import evidence from one source file. */
export function detectImports(path: string, text: string, language: SourceLanguage): EvidenceItem[] {
  const found: EvidenceItem[] = [];
  const add = (library: string, frameworks: string[], match: string) => {
    if (frameworks.length) found.push({ path, kind: 'import', match: match.trim().slice(0, 200), library, frameworks });
  };
  const lines = codeLines(text, language);
  if (language === 'python') {
    for (const line of lines) {
      const from = /^\s*from\s+([\w.]+)\s+import\b/.exec(line);
      const imports = /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/.exec(line);
      const modules = from ? [from[1]] : imports ? imports[1].split(',').map((m) => m.trim().split(/\s+/)[0]) : [];
      for (const module of modules) add(module.split('.')[0], frameworksForPythonModule(module), line);
    }
  } else if (language === 'javascript') {
    const body = lines.join('\n');
    for (const m of body.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"'\n]+)["']/g)) {
      const pkg = npmPackageOf(m[1]);
      if (pkg) add(pkg, frameworksForPackage('npm', pkg), m[0]);
    }
  } else if (language === 'go') {
    const body = lines.join('\n');
    const blocks = [...body.matchAll(/^import\s*\(([\s\S]*?)^\)/gm)].map((b) => b[1]);
    const singles = [...body.matchAll(/^import\s+(?:\w+\s+)?("[^"]+")/gm)].map((s) => s[1]);
    for (const spec of [...blocks.flatMap((b) => b.split('\n')), ...singles]) {
      const path = /"([^"]+)"/.exec(spec)?.[1];
      if (path) add(path, frameworksForPackage('go', path), `import "${path}"`);
    }
  } else if (language === 'java') {
    for (const line of lines) {
      const m = /^\s*import\s+(?:static\s+)?([\w.]+)/.exec(line);
      if (!m) continue;
      const javaPackage = m[1];
      const frameworks = JAVA_PACKAGES.filter(([prefix]) => javaPackage.startsWith(prefix)).map(([, framework]) => framework);
      add(javaPackage.split('.').slice(0, 3).join('.'), frameworks, line);
    }
  } else if (language === 'rust') {
    for (const line of lines) {
      const m = /^\s*(?:pub\s+)?(?:use|extern\s+crate)\s+([a-zA-Z_][\w]*)/.exec(line);
      if (m) add(m[1], frameworksForRustCrate(m[1]), line);
    }
  } else if (language === 'ruby') {
    for (const line of lines) {
      const m = /^\s*require\s+["']([\w/-]+)["']/.exec(line);
      if (m) add(m[1], frameworksForPackage('rubygems', m[1] === 'openai' ? 'ruby-openai' : m[1]), line);
    }
  } else if (language === 'php') {
    for (const line of lines) {
      const m = /^\s*use\s+(OpenAI|Anthropic)\\/.exec(line);
      if (m) add(m[1], [m[1]], line);
    }
  } else if (language === 'csharp') {
    for (const line of lines) {
      const m = /^\s*using\s+([\w.]+)\s*;/.exec(line);
      if (m) add(m[1], frameworksForPackage('nuget', m[1]), line);
    }
  }
  return dedupe(found);
}

/** Java packages (imports) of AI SDKs; Maven coordinates are in the knowledge base. */
const JAVA_PACKAGES: ReadonlyArray<[string, string]> = [
  ['com.openai.', 'OpenAI'],
  ['com.theokanning.openai.', 'OpenAI'],
  ['com.azure.ai.openai.', 'OpenAI'],
  ['com.anthropic.', 'Anthropic'],
  ['dev.langchain4j.', 'LangChain'],
  ['org.tensorflow.', 'TensorFlow'],
  ['ai.onnxruntime.', 'ONNX Runtime'],
  ['com.google.genai.', 'Google Gemini'],
];

/** SDK call sites that prove a client is used, not only installed. */
const CALL_SITES: ReadonlyArray<[RegExp, string]> = [
  [/\.chat\.completions\.create\s*\(/, 'OpenAI'],
  [/\.responses\.create\s*\(/, 'OpenAI'],
  [/\.embeddings\.create\s*\(/, 'OpenAI'],
  [/\bopenai\.ChatCompletion\.create\s*\(/, 'OpenAI'],
  [/\.messages\.create\s*\(/, 'Anthropic'],
  [/\.generateContent\s*\(/, 'Google Gemini'],
  [/\b(generateText|streamText|generateObject)\s*\(/, 'Vercel AI SDK'],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Provider endpoints, `/v1/chat/completions` and SDK call sites in source code. */
export function detectApiCalls(path: string, text: string, language: SourceLanguage | null): EvidenceItem[] {
  const found: EvidenceItem[] = [];
  const lines = language ? codeLines(text, language) : text.split(/\r?\n/);
  for (const line of lines) {
    for (const { host, framework } of PROVIDER_HOSTS) {
      // A host with a leading dot is a suffix (*.openai.azure.com); a trailing dot a prefix (bedrock-runtime.<region>).
      const pattern = host.startsWith('.')
        ? new RegExp(`[\\w-]+${escapeRegExp(host)}\\b`)
        : host.endsWith('.')
          ? new RegExp(`\\b${escapeRegExp(host)}[\\w.-]+`)
          : new RegExp(`(^|[^\\w.-])${escapeRegExp(host)}\\b`);
      if (pattern.test(line)) found.push({ path, kind: 'api-call', match: line.trim().slice(0, 200), frameworks: [framework] });
    }
    if (/["'`][^"'`]*\/v1\/chat\/completions["'`]/.test(line))
      found.push({ path, kind: 'api-call', match: line.trim().slice(0, 200), frameworks: ['OpenAI-compatible API'] });
    if (language)
      for (const [pattern, framework] of CALL_SITES)
        if (pattern.test(line)) found.push({ path, kind: 'api-call', match: line.trim().slice(0, 200), frameworks: [framework] });
  }
  return dedupe(found).slice(0, 10);
}

/** LLM keys and endpoints named in configuration (.env examples, CI workflows, compose files). */
export function detectConfig(path: string, text: string): EvidenceItem[] {
  const found: EvidenceItem[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(/\b([A-Z][A-Z0-9_]{2,})\b/g)) {
      const framework = CONFIG_KEYS.get(m[1]);
      if (framework) found.push({ path, kind: 'config', match: line.trim().slice(0, 200), frameworks: [framework] });
    }
    for (const { host, framework } of PROVIDER_HOSTS)
      if (!host.startsWith('.') && !host.endsWith('.') && line.includes(host))
        found.push({ path, kind: 'config', match: line.trim().slice(0, 200), frameworks: [framework] });
  }
  return dedupe(found).slice(0, 10);
}

export interface NotebookScan {
  evidence: EvidenceItem[];
  /** Set when the file is not a readable notebook. */
  warning?: string;
}

/** Jupyter notebooks: imports and `pip install` lines of the code cells (markdown cells are not usage). */
export function detectNotebook(path: string, text: string): NotebookScan {
  let notebook: { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
  try {
    notebook = JSON.parse(text);
  } catch {
    return { evidence: [], warning: `${path}: not a valid notebook (JSON parse error); skipped` };
  }
  if (!notebook || !Array.isArray(notebook.cells)) return { evidence: [], warning: `${path}: not a valid notebook (no cells); skipped` };
  const code = notebook.cells
    .filter((cell) => cell?.cell_type === 'code')
    .map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : String(cell.source ?? '')))
    .join('\n');
  const evidence: EvidenceItem[] = [];
  for (const m of code.matchAll(/^\s*[!%]\s*pip3?\s+install\s+([^\n]+)/gm)) {
    for (const requirement of m[1].split(/\s+/).filter((arg) => arg && !arg.startsWith('-'))) {
      const name = /^([A-Za-z0-9][\w.-]*)/.exec(requirement.replace(/^["']/, ''))?.[1];
      const frameworks = name ? frameworksForPackage('pypi', name) : [];
      if (name && frameworks.length)
        evidence.push({ path, kind: 'dependency', match: m[0].trim().slice(0, 200), library: name, frameworks });
    }
  }
  const pythonCode = code.replace(/^\s*[!%].*$/gm, '');
  return { evidence: dedupe([...evidence, ...detectImports(path, pythonCode, 'python'), ...detectApiCalls(path, pythonCode, 'python')]) };
}

const PICKLE_NOTE = 'pickle format: loading it can execute code';

const MODEL_FILES: ReadonlyArray<[RegExp, string, string?]> = [
  [/\.onnx$/i, 'ONNX model'],
  [/\.safetensors$/i, 'safetensors weights'],
  [/\.gguf$/i, 'GGUF model (llama.cpp)'],
  [/\.ggml$/i, 'GGML model (llama.cpp)'],
  [/\.tflite$/i, 'TensorFlow Lite model'],
  [/\.mlmodel$/i, 'Core ML model'],
  [/\.keras$/i, 'Keras model'],
  [/\.(pt|pth)$/i, 'PyTorch weights', PICKLE_NOTE],
  [/\.ckpt$/i, 'checkpoint', PICKLE_NOTE],
  [/(^|\/)pytorch_model\.bin$/i, 'PyTorch weights', PICKLE_NOTE],
  [/(^|\/)saved_model\.pbtxt?$/i, 'TensorFlow SavedModel'],
  [/(^|\/)(model|weights)[\w.-]*\.(h5|hdf5)$/i, 'Keras/HDF5 model'],
];

/** Model artifacts, seen from the tree listing only (never downloaded). */
export function detectModelFile(path: string): EvidenceItem | null {
  for (const [pattern, label, note] of MODEL_FILES)
    if (pattern.test(path)) return { path, kind: 'model-file', match: note ? `${label} (${note})` : label, frameworks: [] };
  return null;
}
