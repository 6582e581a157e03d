import { frameworksForPackage, KNOWLEDGE_BASE_VERSION } from './knowledge-base.js';
import { ManifestParseError, parseManifest } from './manifests.js';
import { scanFile, summarizeFindings } from './detector.js';

const names = (path: string, text: string, scope = 'runtime') =>
  parseManifest(path, text)
    .filter((d) => d.scope === scope)
    .map((d) => d.name);

const aiLibraries = (path: string, text: string) => summarizeFindings(scanFile({ path, role: 'manifest', text }).evidence).aiLibraries;

describe('knowledge base', () => {
  it('is versioned', () => {
    expect(KNOWLEDGE_BASE_VERSION).toMatch(/^\d{4}\.\d+\.\d+$/);
  });

  it('matches names exactly per ecosystem, with prefixes only where declared', () => {
    expect(frameworksForPackage('npm', 'openai')).toEqual(['OpenAI']);
    expect(frameworksForPackage('npm', '@langchain/openai').sort()).toEqual(['LangChain', 'OpenAI']);
    expect(frameworksForPackage('npm', '@langchain/core')).toEqual(['LangChain']);
    expect(frameworksForPackage('npm', 'ai')).toEqual(['Vercel AI SDK']);
    expect(frameworksForPackage('pypi', 'Scikit_Learn')).toEqual(['scikit-learn']);
    expect(frameworksForPackage('pypi', 'openai-whisper')).toEqual(['OpenAI Whisper']);
    expect(frameworksForPackage('go', 'github.com/sashabaranov/go-openai')).toEqual(['OpenAI']);
    expect(frameworksForPackage('maven', 'dev.langchain4j:langchain4j-open-ai').sort()).toEqual(['LangChain', 'OpenAI']);
  });

  it('does not take look-alikes for AI packages', () => {
    for (const [ecosystem, name] of [
      ['npm', 'openapi-types'],
      ['npm', 'chai'],
      ['npm', 'aid'],
      ['npm', 'ai-sdk-like'],
      ['npm', '@langchain'],
      ['pypi', 'aiohttp'],
      ['pypi', 'aiofiles'],
      ['pypi', 'openapi-spec-validator'],
      ['pypi', 'torchmetrics-lookalike'],
      ['pypi', 'langchain'.slice(0, 5)],
      ['go', 'github.com/sashabaranov/go-openai-fork'],
      ['cargo', 'openai-lookalike'],
    ] as const)
      expect({ name, frameworks: frameworksForPackage(ecosystem, name) }).toEqual({ name, frameworks: [] });
  });
});

describe('manifests per ecosystem', () => {
  it('npm package.json: runtime, peer and optional are usage; devDependencies are not', () => {
    const text = JSON.stringify({
      name: 'support-bot',
      dependencies: { express: '^4.19.2', openai: '^4.52.0', '@pinecone-database/pinecone': '^2.2.0' },
      peerDependencies: { ai: '^3.2.0' },
      devDependencies: { '@anthropic-ai/sdk': '^0.24.0', jest: '^29.7.0', chai: '^4.4.1' },
    });
    expect(names('package.json', text)).toEqual(['express', 'openai', '@pinecone-database/pinecone', 'ai']);
    expect(names('package.json', text, 'dev')).toEqual(['@anthropic-ai/sdk', 'jest', 'chai']);
    const findings = summarizeFindings(scanFile({ path: 'package.json', role: 'manifest', text }).evidence);
    expect(findings.aiLibraries).toEqual(['@pinecone-database/pinecone', 'ai', 'openai']);
    expect(findings.aiFrameworks).toEqual(['OpenAI', 'Pinecone', 'Vercel AI SDK']);
    expect(findings.evidence.find((e) => e.library === '@anthropic-ai/sdk')?.kind).toBe('dev-dependency');
  });

  it('package-lock.json: root declarations are direct, nested packages transitive (not usage)', () => {
    const text = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { express: '^4.19.2' } },
        'node_modules/express': { version: '4.19.2' },
        'node_modules/openai': { version: '4.52.0' },
      },
    });
    const findings = summarizeFindings(scanFile({ path: 'package-lock.json', role: 'lockfile', text }).evidence);
    expect(findings.hasAiUsage).toBe(false);
    expect(findings.evidence).toEqual([expect.objectContaining({ kind: 'transitive', library: 'openai' })]);
  });

  it('pip requirements: versions, extras, markers, comments and options', () => {
    const text = [
      '# ML service',
      '--index-url https://pypi.org/simple',
      '-r base.txt',
      'torch==2.3.1 ; platform_system != "Darwin"',
      'transformers[torch]>=4.41',
      'scikit_learn~=1.5',
      'aiohttp==3.9.5  # HTTP client, not AI',
      'git+https://github.com/org/private.git',
      '',
    ].join('\n');
    expect(names('requirements.txt', text)).toEqual(['torch', 'transformers', 'scikit_learn', 'aiohttp']);
    expect(aiLibraries('requirements.txt', text)).toEqual(['scikit_learn', 'torch', 'transformers']);
    expect(names('requirements-dev.txt', 'openai==1.30.0\n', 'dev')).toEqual(['openai']);
  });

  it('pyproject.toml: PEP 621, optional dependencies and Poetry groups', () => {
    const text = `
[project]
name = "rag-api"
dependencies = ["fastapi>=0.110", "langchain-openai>=0.1.8", "qdrant-client"]

[project.optional-dependencies]
local = ["llama-cpp-python"]

[tool.poetry.dependencies]
python = "^3.11"
anthropic = "^0.28"

[tool.poetry.group.dev.dependencies]
openai = "^1.30"
`;
    expect(names('pyproject.toml', text).sort()).toEqual(['anthropic', 'fastapi', 'langchain-openai', 'llama-cpp-python', 'qdrant-client']);
    expect(names('pyproject.toml', text, 'dev')).toEqual(['openai']);
  });

  it('Pipfile, setup.py, setup.cfg and conda environment.yml', () => {
    expect(names('Pipfile', '[packages]\ncohere = "*"\nrequests = "*"\n\n[dev-packages]\npytest = "*"\n')).toEqual(['cohere', 'requests']);
    const setup = `from setuptools import setup\nsetup(name="x", install_requires=["numpy>=1.26", "tensorflow==2.16.1"], extras_require={"gpu": ["jax[cuda12]"]},)\n`;
    expect(names('setup.py', setup)).toEqual(['numpy', 'tensorflow', 'jax']);
    expect(names('setup.cfg', '[metadata]\nname = x\n\n[options]\ninstall_requires =\n    mistralai>=0.4\n    click\n')).toEqual([
      'mistralai',
      'click',
    ]);
    const conda =
      'name: research\nchannels: [pytorch, conda-forge]\ndependencies:\n  - python=3.11\n  - pytorch::pytorch=2.3\n  - pandas\n  - pip\n  - pip:\n      - sentence-transformers==3.0.1\n';
    expect(aiLibraries('environment.yml', conda)).toEqual(['pytorch', 'sentence-transformers']);
  });

  it('go.mod skips indirect requirements', () => {
    const text = `module example.com/bot\n\ngo 1.22\n\nrequire (\n\tgithub.com/sashabaranov/go-openai v1.26.0\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/pinecone-io/go-pinecone v1.0.0 // indirect\n)\n\nrequire github.com/tmc/langchaingo v0.1.10\n`;
    expect(names('go.mod', text)).toEqual(['github.com/sashabaranov/go-openai', 'github.com/gin-gonic/gin', 'github.com/tmc/langchaingo']);
    expect(names('go.mod', text, 'transitive')).toEqual(['github.com/pinecone-io/go-pinecone']);
    expect(aiLibraries('go.mod', text)).toEqual(['github.com/sashabaranov/go-openai', 'github.com/tmc/langchaingo']);
  });

  it('Maven pom.xml and Gradle builds (test scope is not usage)', () => {
    const pom = `<?xml version="1.0"?><project><dependencies>
      <dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-open-ai</artifactId><version>0.31.0</version></dependency>
      <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
      <dependency><groupId>com.openai</groupId><artifactId>openai-java</artifactId><scope>test</scope></dependency>
    </dependencies></project>`;
    expect(aiLibraries('pom.xml', pom)).toEqual(['dev.langchain4j:langchain4j-open-ai']);
    const gradle = `dependencies {\n  implementation("com.microsoft.onnxruntime:onnxruntime:1.18.0")\n  implementation 'com.squareup.okhttp3:okhttp:4.12.0'\n  testImplementation("com.anthropic:anthropic-java:0.1.0")\n}\n`;
    expect(aiLibraries('build.gradle.kts', gradle)).toEqual(['com.microsoft.onnxruntime:onnxruntime']);
  });

  it('Cargo.toml, Gemfile, NuGet and Composer', () => {
    expect(
      aiLibraries(
        'Cargo.toml',
        '[package]\nname = "x"\n\n[dependencies]\nasync-openai = "0.23"\ntokio = { version = "1", features = ["full"] }\n',
      ),
    ).toEqual(['async-openai']);
    expect(
      aiLibraries(
        'Gemfile',
        "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem 'ruby-openai'\ngroup :development, :test do\n  gem 'anthropic'\nend\n",
      ),
    ).toEqual(['ruby-openai']);
    expect(
      aiLibraries(
        'src/Bot/Bot.csproj',
        '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Azure.AI.OpenAI" Version="1.0.0" /><PackageReference Include="Serilog" Version="3.1.1" /></ItemGroup></Project>',
      ),
    ).toEqual(['Azure.AI.OpenAI']);
    expect(
      aiLibraries(
        'packages.config',
        '<?xml version="1.0"?><packages><package id="Microsoft.ML.OnnxRuntime" version="1.18.0" /></packages>',
      ),
    ).toEqual(['Microsoft.ML.OnnxRuntime']);
    expect(
      aiLibraries(
        'composer.json',
        JSON.stringify({ require: { php: '^8.2', 'openai-php/client': '^0.10', 'laravel/framework': '^11.0' } }),
      ),
    ).toEqual(['openai-php/client']);
  });

  it('reports an unreadable manifest as a warning, not an error', () => {
    expect(() => parseManifest('package.json', '{ "dependencies": ')).toThrow(ManifestParseError);
    expect(scanFile({ path: 'api/package.json', role: 'manifest', text: '{ nope' })).toEqual({
      evidence: [],
      warnings: ['api/package.json: not valid JSON; skipped'],
    });
  });
});
