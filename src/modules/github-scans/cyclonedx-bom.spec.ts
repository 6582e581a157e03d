import { buildCycloneDxBom } from './cyclonedx-bom.js';

describe('CycloneDX AI-BOM', () => {
  const bom = buildCycloneDxBom('acme', '2026.11.1', [
    {
      repositoryName: 'bot',
      repositoryUrl: 'https://github.com/acme/bot',
      confidenceScore: 0.87,
      detectionType: 'dependency',
      aiFrameworks: ['OpenAI'],
      evidence: [
        { path: 'package.json', kind: 'dependency', match: 'openai ^4 in dependencies', library: 'openai', frameworks: ['OpenAI'] },
        { path: 'src/chat.ts', kind: 'import', match: "import OpenAI from 'openai'", library: 'openai', frameworks: ['OpenAI'] },
        { path: 'api/requirements.txt', kind: 'dependency', match: 'scikit_learn', library: 'scikit_learn', frameworks: ['scikit-learn'] },
        { path: 'models/ranker.onnx', kind: 'model-file', match: 'ONNX model', frameworks: [] },
        { path: '.env.example', kind: 'config', match: 'OPENAI_API_KEY=', frameworks: ['OpenAI'] },
      ],
    },
  ]);

  it('is a CycloneDX 1.6 document with the organization as its subject', () => {
    expect(bom).toEqual(expect.objectContaining({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 }));
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(bom.metadata.component).toEqual(expect.objectContaining({ name: 'acme' }));
  });

  it('lists libraries with package URLs, model files as ML models and providers as services, each with evidence', () => {
    const openai = bom.components.find((c) => c.name === 'openai')!;
    expect(openai).toEqual(expect.objectContaining({ type: 'library', purl: 'pkg:npm/openai' }));
    expect(openai.evidence?.occurrences).toEqual([{ location: 'bot/package.json' }, { location: 'bot/src/chat.ts' }]);
    expect(bom.components.find((c) => c.name === 'scikit_learn')?.purl).toBe('pkg:pypi/scikit-learn');
    expect(bom.components.find((c) => c.type === 'machine-learning-model')).toEqual(
      expect.objectContaining({ name: 'ranker.onnx', evidence: { occurrences: [{ location: 'bot/models/ranker.onnx' }] } }),
    );
    expect(bom.services.map((s) => s.name)).toEqual(['OpenAI']);
    expect(bom.dependencies).toEqual([
      {
        ref: 'repository:bot',
        dependsOn: ['library:npm:openai', 'library:pypi:scikit_learn', 'model:bot/models/ranker.onnx', 'service:OpenAI'],
      },
    ]);
  });
});
