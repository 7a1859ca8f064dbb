// Runs testdata/vectors.json against layouts/assets/search-core.js on an index Build wrote
// into $SEARCH_INDEX_DIR (started by TestEngineJS).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const S = require('../../../layouts/assets/search-core.js');
function vectors(file) { return JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8')); }
const V = vectors('vectors.json');
// TestEngineJS writes the index of each vectors*.json into $SEARCH_INDEX_DIR/<its name>/.
const root = process.env.SEARCH_INDEX_DIR;
const sets = fs.readdirSync(__dirname).filter(f => /^vectors.*\.json$/.test(f)).sort();
let dir = root && path.join(root, 'vectors');

const fetched = [];
function fetchFile(url) {
  const name = url.replace(/^idx\//, '').replace(/\?v=.*$/, '');
  fetched.push(name);
  return Promise.resolve({ ok: true, status: 200, json: async () => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) });
}

test('tokenize vectors', () => {
  for (const c of V.tokenize) assert.deepStrictEqual(S.tokenize(c.in), c.out, c.in);
});

for (const set of sets) test('query vectors of ' + set, { skip: !root && 'SEARCH_INDEX_DIR not set' }, async () => {
  dir = path.join(root, set.replace(/\.json$/, ''));
  const V = vectors(set);
  for (const c of V.queries) {
    const eng = S.open('idx', { fetch: fetchFile });
    const r = await eng.search(c.q, { filters: c.filters || {}, limit: 10 });
    const ids = r.results.map(x => x.id);
    assert.deepStrictEqual(ids.slice(0, c.ids.length), c.ids, c.name);
    if (c.total !== undefined) assert.strictEqual(r.total, c.total, c.name);
    if (c.suggestion !== undefined) assert.strictEqual(r.suggestion || '', c.suggestion, c.name);
    for (const x of r.results) assert.ok(x.record && x.record.t, c.name + ': record of ' + x.id);
  }
  for (const c of V.counts) {
    const eng = S.open('idx', { fetch: fetchFile });
    assert.deepStrictEqual(await eng.facetCounts(c.q, c.filters), c.want, c.q);
  }
});

test('one-word query reads the manifest and one bucket', { skip: !root && 'SEARCH_INDEX_DIR not set' }, async () => {
  dir = path.join(root, 'vectors');
  fetched.length = 0;
  const eng = S.open('idx', { fetch: fetchFile });
  const r = await eng.search('pricing');
  assert.ok(r.results.length > 0);
  assert.deepStrictEqual(fetched.filter(n => !n.startsWith('t/')), ['index.json']);
  const fs2 = await eng.facets();
  assert.strictEqual(fs2[0].name, 'expertise');
  assert.ok(fs2[0].values.some(v => v.key === 'dotnet' && v.label === '.NET'));
});

test('highlight', () => {
  assert.deepStrictEqual(S.highlight('José builds C# apps, jose.', ['jose', 'ap'], true), [
    { text: 'José', mark: true }, { text: ' builds C# ', mark: false }, { text: 'apps', mark: true },
    { text: ', ', mark: false }, { text: 'jose', mark: true }, { text: '.', mark: false },
  ]);
});
