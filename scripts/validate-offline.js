/**
 * Preload for `node-red-dev validate` (the Flow Library scorecard) without network access:
 * `node -r ./scripts/validate-offline.js node_modules/node-red-dev/bin/run validate`.
 *
 * The scorecard asks the outside world four things, each through its own HTTP client:
 *   - axios (node-red-dev):  catalogue.nodered.org/catalogue.json (P08 similar names, N01 unique
 *                            node types) and registry.npmjs.org/node-red (P06, P07);
 *   - request (npm-remote-ls): the packuments of the dependency tree (D02 known-bad packages);
 *   - package-json (npm-check): the latest version of each dependency (D03).
 * Each is replaced by an answer built from what is installed here: the packuments come from the
 * package.json files in node_modules (node-red@4 as "maintenance", the node-red-5 alias as
 * "latest"), so D02 walks the real installed dependency tree and D03 compares against the
 * installed versions; the catalogue is a small canned one holding other packages' node types.
 * Any other request fails loudly, so a new outbound call shows up instead of hanging.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..');
const OWN = require(path.join(ROOT, 'package.json'));

/** A small catalogue: a few real packages and their node types, none of ours. */
const CATALOGUE = {
  name: 'Node-RED Community catalogue',
  updated_at: '2026-01-01T00:00:00.000Z',
  modules: [
    { id: 'node-red-contrib-modbus', version: '5.43.0', types: ['modbus-read', 'modbus-write', 'modbus-client', 'modbus-getter', 'modbus-flex-getter'], keywords: ['node-red', 'modbus'], updated_at: '2025-01-01T00:00:00.000Z' },
    { id: 'node-red-node-serialport', version: '2.0.3', types: ['serial in', 'serial out', 'serial request', 'serial-port', 'serial control'], keywords: ['node-red', 'serial'], updated_at: '2024-01-01T00:00:00.000Z' },
    { id: '@flowfuse/node-red-dashboard', version: '1.20.0', types: ['ui-base', 'ui-page', 'ui-group', 'ui-text', 'ui-chart'], keywords: ['node-red'], updated_at: '2025-01-01T00:00:00.000Z' },
    { id: OWN.name, version: OWN.version, types: Object.keys(OWN['node-red'].nodes), keywords: OWN.keywords, updated_at: '2026-01-01T00:00:00.000Z' },
  ],
};

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every installed copy of every package in node_modules (nested ones too), by name and version. */
let index;
function installedVersions(name) {
  if (!index) {
    index = new Map();
    const stack = [path.join(ROOT, 'node_modules')];
    while (stack.length) {
      const dir = stack.pop();
      let entries;
      try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { continue; }
      for (const e of entries) {
        if (!e.isDirectory() || e.name.startsWith('.')) continue;
        const sub = path.join(dir, e.name);
        if (e.name.startsWith('@')) {
          for (const s of fs.readdirSync(sub, { withFileTypes: true })) if (s.isDirectory()) visit(path.join(sub, s.name), stack);
        } else visit(sub, stack);
      }
    }
  }
  return index.get(name);
}
function visit(dir, stack) {
  try {
    const pkg = readJson(path.join(dir, 'package.json'));
    if (pkg.name && pkg.version) {
      if (!index.has(pkg.name)) index.set(pkg.name, {});
      index.get(pkg.name)[pkg.version] = pkg;
    }
  } catch { /* not a package */ }
  if (fs.existsSync(path.join(dir, 'node_modules'))) stack.push(path.join(dir, 'node_modules'));
}
function installed(name) {
  const direct = path.join(ROOT, 'node_modules', name, 'package.json');
  return fs.existsSync(direct) ? readJson(direct) : undefined;
}

function packument(name) {
  if (name === 'node-red') {
    const v4 = installed('node-red');
    const v5 = installed('node-red-5');
    if (!v4 || !v5) return undefined;
    return {
      name,
      'dist-tags': { latest: v5.version, 'maintenance-v4': v4.version },
      versions: { [v4.version]: { ...v4, name }, [v5.version]: { ...v5, name } },
      time: { created: '2013-10-01T00:00:00.000Z' },
    };
  }
  if (name === OWN.name) return undefined; // not published: validate treats the package as new
  const versions = installedVersions(name);
  if (!versions) return undefined;
  // latest: the top-level copy (what npm ci resolved for package.json's range), else the highest.
  const top = installed(name);
  const pkg = top && top.name === name ? top : Object.values(versions).sort((a, b) => cmp(b.version, a.version))[0];
  return {
    name,
    'dist-tags': { latest: pkg.version },
    versions,
    time: { created: '2020-01-01T00:00:00.000Z', [pkg.version]: '2025-01-01T00:00:00.000Z' },
    homepage: pkg.homepage,
    repository: pkg.repository,
  };
}

function cmp(a, b) {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function notFound(url) {
  const err = new Error(`validate-offline: no canned answer for ${url} (Request failed with status code 404)`);
  err.response = { status: 404, data: { error: 'Not found' } };
  return err;
}

function answer(url) {
  const u = new URL(url);
  if (u.hostname === 'catalogue.nodered.org' && u.pathname === '/catalogue.json') return CATALOGUE;
  if (u.hostname === 'registry.npmjs.org') {
    const p = packument(decodeURIComponent(u.pathname.slice(1)));
    if (p) return p;
  }
  throw notFound(url);
}

const requested = [];
function record(client, url) {
  requested.push(`${client} ${url}`);
  if (process.env.VALIDATE_OFFLINE_DEBUG) process.stderr.write(`validate-offline: ${client} ${url}\n`);
}

function fakeAxios(config) {
  const url = typeof config === 'string' ? config : config.url;
  return fakeAxios.get(url);
}
fakeAxios.get = (url) => {
  record('axios', url);
  try {
    return Promise.resolve({ status: 200, statusText: 'OK', headers: {}, data: answer(url) });
  } catch (e) {
    return Promise.reject(e);
  }
};
fakeAxios.create = () => fakeAxios;
fakeAxios.default = fakeAxios;

const fakeRequest = {
  get(url, opts, cb) {
    const done = typeof opts === 'function' ? opts : cb;
    record('request', url);
    setImmediate(() => {
      try {
        done(null, { statusCode: 200 }, answer(url));
      } catch (e) {
        done(null, { statusCode: (e.response && e.response.status) || 500 }, undefined);
      }
    });
  },
};

async function fakePackageJson(name) {
  const url = 'https://registry.npmjs.org/' + name;
  record('package-json', url);
  return answer(url);
}

const FAKES = { axios: fakeAxios, request: fakeRequest, 'package-json': fakePackageJson };
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (Object.prototype.hasOwnProperty.call(FAKES, request)) return FAKES[request];
  return originalLoad.call(this, request, parent, isMain);
};

// Anything that bypasses the three clients and opens a socket to a non-loopback host is a bug here.
const net = require('node:net');
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
  const host = o.host || 'localhost';
  if (!o.path && !/^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(host)) {
    throw new Error(`validate-offline: blocked a connection to ${host}:${o.port}`);
  }
  return originalConnect.apply(this, args);
};

module.exports = { CATALOGUE, packument, requested };
