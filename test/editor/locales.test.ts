/**
 * locales/: every key the editor HTML uses (data-i18n and t('...')) exists in en-US, de has the same
 * keys as en-US, and every node has help in each language (in the Node-RED help format).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const NODES = ['dlms-meter', 'dlms-link', 'dlms-read', 'dlms-write', 'dlms-profile', 'dlms-push-in'];
const LANGS = ['en-US', 'de'];
type Tree = { [k: string]: string | Tree };

function flat(o: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flat(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const catalog = (lang: string, node: string): Map<string, string> =>
  flat(JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lang, `${node}.json`), 'utf8')) as Tree);

describe('locales', () => {
  for (const node of NODES) {
    it(`${node}: every key the editor uses is in en-US`, () => {
      const html = fs.readFileSync(path.join(ROOT, 'nodes', `${node}.html`), 'utf8');
      const en = catalog('en-US', node);
      const used = new Set<string>();
      for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) for (const part of m[1].split(';')) used.add(part.replace(/^\[[^\]]+\]/, ''));
      for (const m of html.matchAll(/\bt\('([\w.-]+)'/g)) if (!m[1].endsWith('.')) used.add(`${node}.${m[1]}`);
      // Keys built at run time: t('tabs.' + k), t('operation.' + op), t('placeholder.' + op), t('hint.' + op), t('validation.' + key)
      const dynamic = [...html.matchAll(/\bt\('([\w-]+)\.' \+/g)].map((m) => `${node}.${m[1]}.`);
      for (const k of used) assert.ok(en.has(k), `${node}: missing en-US key ${k}`);
      for (const d of dynamic) assert.ok([...en.keys()].some((k) => k.startsWith(d)), `${node}: no keys under ${d}`);
      assert.ok(used.size > 3, `${node}: the editor uses its catalog`);
    });
    it(`${node}: de has the same keys and placeholders as en-US, and translated text`, () => {
      const en = catalog('en-US', node);
      const de = catalog('de', node);
      assert.deepEqual([...de.keys()].sort(), [...en.keys()].sort());
      let same = 0;
      for (const [k, v] of en) {
        const vars = (s: string): string[] => [...s.matchAll(/__(\w+)__/g)].map((m) => m[1]).sort();
        assert.deepEqual(vars(de.get(k)!), vars(v), `${node} ${k}`);
        if (de.get(k) === v && /[a-z]{4}/.test(v)) same++;
      }
      assert.ok(same < en.size / 4, `${node}: ${same} of ${en.size} German texts equal the English ones`);
    });
    for (const lang of LANGS) {
      it(`${node}: help in ${lang}`, () => {
        const help = fs.readFileSync(path.join(ROOT, 'locales', lang, `${node}.html`), 'utf8');
        assert.match(help, new RegExp(`<script type="text/html" data-help-name="${node}">`));
        assert.match(help, /<h3>(Details)<\/h3>/);
        assert.match(help, /<h3>(References|Referenzen)<\/h3>/);
      });
    }
    it(`${node}: no help in the node HTML (it comes from locales/)`, () => {
      assert.ok(!fs.readFileSync(path.join(ROOT, 'nodes', `${node}.html`), 'utf8').includes('data-help-name'));
    });
  }
});
