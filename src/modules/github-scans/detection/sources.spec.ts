import { confidenceOf, scanFile, summarizeFindings } from './detector.js';
import type { EvidenceItem } from './detection.types.js';
import { planFiles } from './file-selection.js';
import { detectApiCalls, detectConfig, detectImports, detectModelFile, detectNotebook } from './sources.js';

const libraries = (items: EvidenceItem[]) => items.map((i) => i.library);

describe('imports in source files', () => {
  it('Python: import, from-import, aliases and submodules; comments are not imports', () => {
    const code = [
      'import os, json',
      'import torch.nn as nn',
      'from sklearn.linear_model import LogisticRegression',
      'from google import generativeai as genai',
      'import google.generativeai',
      '# import openai',
      'import aiohttp',
    ].join('\n');
    const found = detectImports('svc/model.py', code, 'python');
    expect(libraries(found)).toEqual(['torch', 'sklearn', 'google']);
    expect(found.map((f) => f.frameworks[0])).toEqual(['PyTorch', 'scikit-learn', 'Google Gemini']);
  });

  it('JavaScript/TypeScript: import, require, dynamic import, scoped packages and subpaths', () => {
    const code = `import OpenAI from 'openai';\nimport { ChatAnthropic } from "@langchain/anthropic";\nconst { Pinecone } = require('@pinecone-database/pinecone');\nconst tf = await import('@tensorflow/tfjs-node/dist/index.js');\nimport chai from 'chai';\nimport { x } from './openai';\n// import Anthropic from '@anthropic-ai/sdk';\n`;
    expect(libraries(detectImports('src/chat.ts', code, 'javascript'))).toEqual([
      'openai',
      '@langchain/anthropic',
      '@pinecone-database/pinecone',
      '@tensorflow/tfjs-node',
    ]);
  });

  it('Go, Java, Rust and C#', () => {
    const go = `package main\n\nimport (\n\t"context"\n\topenai "github.com/sashabaranov/go-openai"\n)\n`;
    expect(libraries(detectImports('main.go', go, 'go'))).toEqual(['github.com/sashabaranov/go-openai']);
    const java = 'package a;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nimport java.util.List;\n';
    expect(detectImports('A.java', java, 'java').map((f) => f.frameworks)).toEqual([['LangChain']]);
    expect(libraries(detectImports('src/main.rs', 'use async_openai::Client;\nuse serde::Deserialize;\n', 'rust'))).toEqual([
      'async_openai',
    ]);
    expect(libraries(detectImports('Bot.cs', 'using System;\nusing Azure.AI.OpenAI;\n', 'csharp'))).toEqual(['Azure.AI.OpenAI']);
  });
});

describe('API calls, configuration and notebooks', () => {
  it('finds provider endpoints and SDK call sites, not look-alike hosts', () => {
    const code = `const r = await fetch("https://api.openai.com/v1/chat/completions", opts);\nconst url = "https://my-rg.openai.azure.com/openai/deployments";\nconst x = "https://notapi.openai.com.example.org";\nconst res = await client.messages.create({ model });\n`;
    const found = detectApiCalls('src/llm.js', code, 'javascript');
    expect(found.map((f) => f.frameworks[0])).toEqual(['OpenAI', 'OpenAI-compatible API', 'OpenAI', 'Anthropic']);
  });

  it('finds LLM keys in configuration, ignoring comments and generic keys', () => {
    const env = '# OPENAI_API_KEY=commented\nANTHROPIC_API_KEY=\nDATABASE_URL=postgres://\nGOOGLE_API_KEY=maps\n';
    expect(detectConfig('.env.example', env).map((f) => f.frameworks[0])).toEqual(['Anthropic']);
  });

  it('reads code cells of notebooks (imports and pip install), not markdown cells', () => {
    const notebook = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['We could use `import openai` here\n'] },
        { cell_type: 'code', source: ['!pip install -q transformers datasets\n', 'from transformers import pipeline\n'] },
      ],
      nbformat: 4,
    });
    const scan = detectNotebook('notebooks/explore.ipynb', notebook);
    expect(scan.warning).toBeUndefined();
    expect(scan.evidence.map((e) => `${e.kind}:${e.library}`)).toEqual([
      'dependency:transformers',
      'dependency:datasets',
      'import:transformers',
    ]);
  });

  it('records a corrupt notebook as a warning', () => {
    expect(detectNotebook('bad.ipynb', '{"cells": [').warning).toMatch(/bad\.ipynb: not a valid notebook/);
    expect(scanFile({ path: 'x.ipynb', role: 'notebook', text: '[]' }).warnings).toEqual([
      'x.ipynb: not a valid notebook (no cells); skipped',
    ]);
  });

  it('recognises model files by name, flagging pickle formats', () => {
    expect(detectModelFile('models/classifier.onnx')?.match).toBe('ONNX model');
    expect(detectModelFile('weights/model.pt')?.match).toMatch(/pickle/);
    expect(detectModelFile('data/measurements.csv')).toBeNull();
    expect(detectModelFile('src/model.py')).toBeNull();
  });
});

describe('file selection', () => {
  const blob = (path: string, size = 100) => ({ path, type: 'blob', sha: `sha-${path}`, size });

  it('selects manifests, notebooks and configs; skips vendored code, docs and lock files beside a manifest; caps sizes', () => {
    const plan = planFiles([
      blob('package.json'),
      blob('package-lock.json'),
      blob('node_modules/openai/package.json'),
      blob('docs/guide.md'),
      blob('docs/example.py'),
      blob('services/ml/requirements.txt'),
      blob('notebooks/eval.ipynb', 10_000_000),
      blob('.env.example'),
      blob('models/ranker.onnx', 50_000_000),
      blob('src/llm/chat.ts'),
      blob('src/util/date.ts'),
      { path: 'src', type: 'tree', sha: 't' },
    ]);
    expect(plan.primary.map((f) => `${f.role}:${f.path}`)).toEqual([
      'config:.env.example',
      'manifest:package.json',
      'manifest:services/ml/requirements.txt',
    ]);
    expect(plan.warnings).toEqual([expect.stringMatching(/^notebooks\/eval\.ipynb: \d+ KB exceeds/)]);
    expect(plan.modelFiles.map((m) => m.path)).toEqual(['models/ranker.onnx']);
    expect(plan.sources.map((s) => s.path)).toEqual(['src/llm/chat.ts', 'src/util/date.ts']);
  });
});

describe('findings', () => {
  const item = (kind: EvidenceItem['kind'], library?: string): EvidenceItem => ({
    path: 'p',
    kind,
    match: 'm',
    library,
    frameworks: ['OpenAI'],
  });

  it('detectionType is the strongest usage kind; dev and transitive entries are not usage', () => {
    expect(summarizeFindings([item('config'), item('import', 'openai')]).detectionType).toBe('import');
    expect(summarizeFindings([item('model-file'), item('api-call')]).detectionType).toBe('api-call');
    const weak = summarizeFindings([item('dev-dependency', 'openai'), item('transitive', 'openai')]);
    expect(weak).toEqual(expect.objectContaining({ hasAiUsage: false, detectionType: null, confidenceScore: 0, aiLibraries: [] }));
  });

  it('confidence orders declared+imported > declared > imported > API call > model file > config, within [0, 1]', () => {
    const many = (kind: EvidenceItem['kind']) => Array.from({ length: 10 }, () => item(kind));
    const scores = [
      confidenceOf([item('dependency'), item('import')]),
      confidenceOf(many('dependency')),
      confidenceOf(many('import')),
      confidenceOf(many('api-call')),
      confidenceOf(many('model-file')),
      confidenceOf(many('config')),
    ];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(scores).size).toBe(scores.length);
    for (const s of scores) expect(s > 0 && s <= 1).toBe(true);
  });
});
