// Frontier feed parsing and model matching throughput (CPU only, no database).
// Run: npm run build && node bench/frontier-matching/run.mjs
import { performance } from 'node:perf_hooks';
import { categorize } from '../../dist/src/modules/frontier-models/feeds/categories.js';
import { decodeFeedBody } from '../../dist/src/modules/frontier-models/feeds/feed-decode.js';
import { parseFeed } from '../../dist/src/modules/frontier-models/feeds/feed-parsers.js';
import { FrontierModelMatcher } from '../../dist/src/modules/frontier-models/feeds/model-matcher.js';
import { FRONTIER_MODEL_CATALOG } from '../../dist/src/modules/frontier-models/data/frontier-model-catalog.js';

const models = FRONTIER_MODEL_CATALOG.map((model, index) => ({ id: index + 1, provider: model.provider, aliases: model.aliases }));
const names = FRONTIER_MODEL_CATALOG.map((model) => model.name);
const ITEMS = 500;

function rssDocument() {
  const items = [];
  for (let i = 0; i < ITEMS; i++) {
    const name = names[i % names.length];
    const other = names[(i * 7) % names.length];
    const paragraph = `<p>Today we&rsquo;re updating <strong>${name}</strong> &amp; ${other}. ${'Developers can read the notes and plan ahead. '.repeat(12)}</p>`;
    items.push(
      `<item><title>${i % 5 === 0 ? 'Deprecating' : 'Introducing'} ${name} update ${i}</title><link>/news/${i}?utm_source=rss</link>` +
        `<guid isPermaLink="false">item-${i}</guid><description><![CDATA[${paragraph}]]></description>` +
        `<pubDate>Wed, 06 May 2026 08:${String(i % 60).padStart(2, '0')}:00 +0000</pubDate></item>`,
    );
  }
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>${items.join('')}</channel></rss>`,
  );
}

function time(label, runs, fn) {
  fn(); // warm-up
  const start = performance.now();
  let result;
  for (let i = 0; i < runs; i++) result = fn();
  const ms = (performance.now() - start) / runs;
  console.log(`${label}: ${ms.toFixed(2)} ms per run`);
  return { ms, result };
}

const body = rssDocument();
console.log(
  `document: ${ITEMS} RSS items, ${(body.length / 1024).toFixed(0)} KiB; catalog: ${models.length} models, ${models.reduce((n, m) => n + m.aliases.length, 0)} aliases`,
);
const parsed = time('decode + parse + clean (whole document)', 20, () =>
  parseFeed('rss', decodeFeedBody(body, 'application/rss+xml'), 'https://bench.test/feed.xml'),
);
console.log(`  → ${((ITEMS / parsed.ms) * 1000).toFixed(0)} items/s`);
const matcher = new FrontierModelMatcher(models);
const matched = time('match models + categorize (all items)', 20, () =>
  parsed.result.map((item) => [matcher.match(`${item.title}\n${item.text}`), categorize(`${item.title}\n${item.text}`, false)]),
);
console.log(
  `  → ${((ITEMS / matched.ms) * 1000).toFixed(0)} items/s; ${matched.result.filter(([ids]) => ids.length).length} items matched a model`,
);
const longText = parsed.result
  .map((item) => item.text)
  .join(' ')
  .slice(0, 20_000);
time('match models in one 20,000-character text', 200, () => matcher.match(longText));
