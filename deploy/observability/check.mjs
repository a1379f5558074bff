// Checks deploy/observability (deploy/README.md, "Monitoring"):
//   - alerts.yml: every rule has alert, expr, for, labels.severity (critical, warning or info) and the summary and
//     description annotations; names unique; every selector is of job="chuangguan"; the outbox's gauges (the same on
//     every instance) are read through max without (instance, ...);
//   - grafana-dashboard.json: schemaVersion 39 or later, the DS_PROMETHEUS, job and instance variables, unique panel
//     ids, a gridPos inside the 24 columns for every panel, no two panels overlapping, every query on ${DS_PROMETHEUS}
//     and using only variables the dashboard defines;
//   - every metric name that a rule, a panel or a variable reads is one the application publishes (metrics.txt), and,
//     given a scrape of the application's /q/metrics, is in that scrape, with the label values the query selects on;
//   - where promtool is installed (Debian's prometheus package): promtool check rules alerts.yml, the unit tests of
//     alerts.test.yml, the dashboard's queries parsed by promtool, and promtool check config on the example scrape
//     configurations.
//
//   node deploy/observability/check.mjs [SCRAPE]          check (SCRAPE: the text of GET :9000/q/metrics)
//   node deploy/observability/check.mjs --record SCRAPE   rewrite metrics.txt from a scrape, then check against it
//
// Exits 1 on any error. Needs the yaml package (npm ci in this folder) and no network.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, stringify } from 'yaml';

const HERE = dirname(fileURLToPath(import.meta.url));
const ALERTS = join(HERE, 'alerts.yml');
const ALERT_TESTS = join(HERE, 'alerts.test.yml');
const DASHBOARD = join(HERE, 'grafana-dashboard.json');
const KNOWN = join(HERE, 'metrics.txt');
const SCRAPE_CONFIGS = ['prometheus.yml', 'prometheus-kubernetes.yml'];

const JOB = 'chuangguan';
const SEVERITIES = new Set(['critical', 'warning', 'info']);
/** Labels Prometheus adds to a target's series: never in the application's own scrape. */
const TARGET_LABELS = new Set(['job', 'instance', 'pod', 'namespace']);
/** Labels whose values depend on what traffic happened (a 5xx need not have occurred before the scrape). */
const TRAFFIC_LABELS = new Set(['status', 'outcome']);
/** Gauges every instance measures from the same table: one alert per deployment, not one per instance. */
const SHARED_GAUGES = ['chuangguan_leaderboard_outbox_depth', 'chuangguan_leaderboard_outbox_age_seconds',
  'chuangguan_leaderboard_outbox_parked_rows'];
const GRAFANA_BUILTINS = new Set(['__rate_interval', '__interval', '__range', '__interval_ms', '__range_s', '__range_ms']);
const PANEL_TYPES = new Set(['row', 'timeseries', 'stat', 'gauge', 'bargauge', 'table', 'text', 'heatmap']);

const errors = [];
const notes = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);

// ---- arguments
const args = process.argv.slice(2);
let scrapeFile = null;
let record = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--record') record = true;
  else if (args[i].startsWith('-')) usage(`unknown option ${args[i]}`);
  else if (scrapeFile === null) scrapeFile = args[i];
  else usage('one scrape file at most');
}
if (record && !scrapeFile) usage('--record needs a scrape file');

function usage(why) {
  console.error(`check.mjs: ${why}\nusage: node check.mjs [--record] [SCRAPE]`);
  process.exit(2);
}

// ---- PromQL: the selectors of an expression, without a full parser (promtool parses where it is installed)
const LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan',
  // aggregations, which may be followed by by (…) or without (…) before their parentheses
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile',
  'limitk', 'limit_ratio']);

/** The vector selectors of a PromQL expression: [{name, matchers: [{label, op, value}]}]; problems in `problems`. */
function selectors(expr, problems) {
  const found = [];
  const closers = [];
  let i = 0;
  const n = expr.length;
  const ws = (k) => { while (k < n && /\s/.test(expr[k])) k++; return k; };
  const readString = () => {
    const quote = expr[i];
    let value = '';
    let j = i + 1;
    while (j < n && expr[j] !== quote) {
      if (expr[j] === '\\' && quote !== '`' && j + 1 < n) {
        const next = expr[j + 1];
        value += next === '\\' || next === quote ? next : expr[j] + next;
        j += 2;
      } else {
        value += expr[j++];
      }
    }
    if (j >= n) problems.push('a string is not closed');
    i = j + 1;
    return value;
  };
  const readMatchers = () => {
    const matchers = [];
    i++; // {
    for (;;) {
      i = ws(i);
      if (i >= n) { problems.push('a label selector {…} is not closed'); return matchers; }
      if (expr[i] === '}') { i++; return matchers; }
      const label = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(expr.slice(i));
      if (!label) { problems.push(`unexpected "${expr.slice(i, i + 10)}" in a label selector`); return matchers; }
      i = ws(i + label[0].length);
      const op = /^(=~|!~|!=|=)/.exec(expr.slice(i));
      if (!op) { problems.push(`no =, !=, =~ or !~ after the label ${label[0]}`); return matchers; }
      i = ws(i + op[0].length);
      if (!`"'\``.includes(expr[i])) { problems.push(`the label ${label[0]} is not matched against a string`); return matchers; }
      matchers.push({ label: label[0], op: op[0], value: readString() });
      i = ws(i);
      if (expr[i] === ',') i++;
    }
  };
  while (i < n) {
    const c = expr[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') { while (i < n && expr[i] !== '\n') i++; continue; }
    if (c === '"' || c === "'" || c === '`') { readString(); continue; }
    if (c === '(') { closers.push(')'); i++; continue; }
    if (c === ')') { if (closers.pop() !== ')') problems.push('unbalanced parentheses'); i++; continue; }
    if (c === '[') {
      const end = expr.indexOf(']', i);
      if (end < 0) { problems.push('a range [...] is not closed'); return found; }
      i = end + 1;
      continue;
    }
    if (c === ']' || c === '}') { problems.push(`unexpected ${c}`); i++; continue; }
    if (c === '{') { problems.push('a selector without a metric name ({…}): name the metric'); readMatchers(); continue; }
    if (c === '$') { // a Grafana variable: $name or ${name}
      i++;
      if (expr[i] === '{') { const end = expr.indexOf('}', i); i = end < 0 ? n : end + 1; } else while (i < n && /\w/.test(expr[i])) i++;
      continue;
    }
    if (/[0-9.]/.test(c)) { while (i < n && /[0-9a-zA-Z_.]/.test(expr[i])) i++; continue; } // a number or a duration
    if (/[a-zA-Z_:]/.test(c)) {
      let j = i;
      while (j < n && /[a-zA-Z0-9_:]/.test(expr[j])) j++;
      const word = expr.slice(i, j);
      const lower = word.toLowerCase();
      const k = ws(j);
      i = j;
      if (LIST_KEYWORDS.has(lower)) {
        if (expr[k] === '(') { const end = expr.indexOf(')', k); i = end < 0 ? n : end + 1; }
        continue;
      }
      if (lower === 'offset') { i = ws(i); if (expr[i] === '-') i++; while (i < n && /\w/.test(expr[i])) i++; continue; }
      if (KEYWORDS.has(lower) || expr[k] === '(') continue; // an operator, a function or an aggregation
      const selector = { name: word, matchers: [] };
      if (expr[k] === '{') { i = k; selector.matchers = readMatchers(); }
      found.push(selector);
      continue;
    }
    i++; // operators, commas, @
  }
  if (closers.length) problems.push('unbalanced parentheses');
  return found;
}

// ---- what the application publishes
function readKnown() {
  const known = new Map(); // name -> {firstUse}
  for (const line of readFileSync(KNOWN, 'utf8').split('\n')) {
    const text = line.replace(/#.*/, '').trim();
    if (!text) continue;
    const [name, flag] = text.split(/\s+/);
    if (flag !== undefined && flag !== 'first-use') fail('metrics.txt', `unknown flag "${flag}" after ${name}`);
    known.set(name, { firstUse: flag === 'first-use' });
  }
  return known;
}

function readScrape(file) {
  const samples = new Map(); // name -> [labels]
  const types = new Map(); // family -> type
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)/.exec(line);
      if (type) types.set(type[1], type[2]);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+/.exec(line);
    if (!m) { fail(file, `cannot read the sample line "${line.slice(0, 80)}"`); continue; }
    const labels = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    if (!samples.has(m[1])) samples.set(m[1], []);
    samples.get(m[1]).push(labels);
  }
  return { samples, types };
}

function writeKnown(scrape, previous) {
  const firstUse = [...previous].filter(([, v]) => v.firstUse).map(([k]) => k);
  const names = [...scrape.samples.keys()].filter((n) => !firstUse.includes(n)).sort();
  const header = readFileSync(KNOWN, 'utf8').split('\n').filter((l) => l.startsWith('#'));
  writeFileSync(KNOWN, [...header, ...names, ...firstUse.sort().map((n) => `${n} first-use`)].join('\n') + '\n');
  console.log(`metrics.txt: ${names.length} names from ${scrapeFile}, ${firstUse.length} registered on first use kept`);
}

/** Top-level alternatives of a regular expression (a|b|c), each as a whole-value RegExp. */
function alternatives(regex) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') { i++; continue; }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) { parts.push(regex.slice(start, i)); start = i + 1; }
  }
  parts.push(regex.slice(start));
  return parts.map((p) => ({ text: p, re: new RegExp(`^(?:${p})$`) }));
}

/** Checks one query's selectors against metrics.txt and the scrape; `where` names the query in messages. */
function checkNames(where, sels, known, scrape, stats) {
  for (const { name, matchers } of sels) {
    stats.add(name);
    if (name === 'up') continue; // Prometheus's own, per target
    const entry = known.get(name);
    if (!entry) {
      const family = [...known.keys()].filter((k) => name.startsWith(k.replace(/_(count|sum|max|total|bucket)$/, '') + '_'));
      fail(where, `${name} is not a metric the application publishes (metrics.txt)` +
        (family.length ? `; its family has ${family.slice(0, 6).join(', ')}` : ''));
      continue;
    }
    if (!scrape) continue;
    const samples = scrape.samples.get(name);
    if (!samples) {
      if (entry.firstUse) continue; // registered at its first count: a fresh application lacks it
      const base = name.replace(/_(bucket|count|sum|max|total)$/, '');
      const type = scrape.types.get(base);
      fail(where, `${name} is not in the scrape` + (type ? ` (${base} is a ${type} there: ` +
        `${[...scrape.samples.keys()].filter((k) => k.startsWith(base + '_') || k === base).join(', ')})` : ''));
      continue;
    }
    for (const { label, op, value } of matchers) {
      if (TARGET_LABELS.has(label) || TRAFFIC_LABELS.has(label) || value.includes('$') || op.startsWith('!')) continue;
      const values = new Set(samples.map((s) => s[label]).filter((v) => v !== undefined));
      if (!values.size) { fail(where, `${name} has no label ${label} in the scrape`); continue; }
      if (op === '=') {
        if (!values.has(value)) fail(where, `${name}{${label}="${value}"} is not in the scrape; its ${label} values: ${[...values].join(', ')}`);
      } else {
        let alts;
        try { alts = alternatives(value); } catch (e) { fail(where, `${label}=~"${value}": ${e.message}`); continue; }
        for (const alt of alts) {
          if (![...values].some((v) => alt.re.test(v))) {
            fail(where, `${name}{${label}=~"${value}"}: "${alt.text}" matches none of its ${label} values in the scrape: ${[...values].join(', ')}`);
          }
        }
      }
    }
  }
}

// ---- alerts.yml
function readYaml(file) {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
  for (const e of doc.errors) fail(file.replace(HERE + '/', ''), e.message);
  return doc.toJS();
}

function checkAlerts(known, scrape, stats) {
  const rules = [];
  const doc = readYaml(ALERTS);
  if (!Array.isArray(doc?.groups) || !doc.groups.length) { fail('alerts.yml', 'no groups'); return rules; }
  const groupNames = new Set();
  const alertNames = new Set();
  for (const group of doc.groups) {
    const g = `alerts.yml: group ${group?.name}`;
    if (typeof group?.name !== 'string' || !group.name) fail('alerts.yml', 'a group without a name');
    else if (groupNames.has(group.name)) fail(g, 'the group name is used twice');
    groupNames.add(group?.name);
    if (!Array.isArray(group?.rules) || !group.rules.length) { fail(g, 'no rules'); continue; }
    for (const rule of group.rules) {
      const where = `alerts.yml: ${rule?.alert ?? '(a rule without alert:)'}`;
      for (const key of Object.keys(rule ?? {})) {
        if (!['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'].includes(key)) fail(where, `unexpected key ${key}`);
      }
      if (typeof rule?.alert !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(rule.alert)) fail(where, 'alert: must be a CamelCase name');
      else if (alertNames.has(rule.alert)) fail(where, 'the alert name is used twice');
      alertNames.add(rule?.alert);
      if (typeof rule?.expr !== 'string' || !rule.expr.trim()) { fail(where, 'no expr'); continue; }
      if (typeof rule.for !== 'string' || !/^([0-9]+(ms|s|m|h|d|w|y))+$/.test(rule.for)) fail(where, `for: must be a duration such as 5m (is ${rule.for})`);
      if (!SEVERITIES.has(rule.labels?.severity)) fail(where, `labels.severity must be one of ${[...SEVERITIES].join(', ')}`);
      for (const a of ['summary', 'description']) {
        if (typeof rule.annotations?.[a] !== 'string' || rule.annotations[a].trim().length < 10) fail(where, `annotations.${a} is missing or empty`);
      }
      const problems = [];
      const sels = selectors(rule.expr, problems);
      problems.forEach((p) => fail(where, p));
      if (!sels.length) fail(where, 'the expression reads no metric');
      for (const s of sels) {
        if (!s.matchers.some((m) => m.label === 'job' && m.op === '=' && m.value === JOB)) fail(where, `${s.name} is not selected with job="${JOB}"`);
        if (SHARED_GAUGES.includes(s.name) && !/max without \(instance/.test(rule.expr)) {
          fail(where, `${s.name} is the same on every instance: take max without (instance, pod) (…), one alert per deployment`);
        }
      }
      checkNames(where, sels, known, scrape, stats);
      rules.push(rule);
    }
  }
  return rules;
}

// ---- grafana-dashboard.json
function checkDashboard(known, scrape, stats) {
  const queries = []; // {where, expr}
  let d;
  try { d = JSON.parse(readFileSync(DASHBOARD, 'utf8')); } catch (e) { fail('grafana-dashboard.json', `not JSON: ${e.message}`); return { queries, panels: [] }; }
  const W = 'grafana-dashboard.json';
  if (!(Number.isInteger(d.schemaVersion) && d.schemaVersion >= 39)) fail(W, `schemaVersion must be 39 or later (is ${d.schemaVersion})`);
  for (const key of ['title', 'uid']) if (typeof d[key] !== 'string' || !d[key]) fail(W, `no ${key}`);
  if (d.id !== null && d.id !== undefined) fail(W, 'id must be null (Grafana gives one on import)');
  const vars = new Map((d.templating?.list ?? []).map((v) => [v.name, v]));
  const ds = vars.get('DS_PROMETHEUS');
  if (!ds || ds.type !== 'datasource' || ds.query !== 'prometheus') fail(W, 'no datasource variable DS_PROMETHEUS of type prometheus');
  for (const name of ['job', 'instance']) if (vars.get(name)?.type !== 'query') fail(W, `no query variable ${name}`);
  const usedVars = (expr, where) => {
    for (const m of expr.matchAll(/\$(?:\{(\w+)(?::\w+)?\}|(\w+))/g)) {
      const name = m[1] ?? m[2];
      if (!vars.has(name) && !GRAFANA_BUILTINS.has(name)) fail(where, `uses $${name}, which the dashboard does not define`);
    }
  };
  const dsRef = (where, ref) => {
    if (ref?.type !== 'prometheus' || ref?.uid !== '${DS_PROMETHEUS}') fail(where, 'datasource must be {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}');
  };
  for (const v of vars.values()) {
    if (v.type !== 'query') continue;
    const where = `${W}: variable ${v.name}`;
    dsRef(where, v.datasource);
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    if (typeof q !== 'string' || !q) { fail(where, 'no query'); continue; }
    usedVars(q, where);
    const lv = /^\s*label_values\((.*),\s*([a-zA-Z_]\w*)\s*\)\s*$/.exec(q);
    const expr = lv ? lv[1] : q;
    const problems = [];
    const sels = selectors(expr, problems);
    problems.forEach((p) => fail(where, p));
    checkNames(where, sels, known, scrape, stats);
  }

  const all = [];
  const collect = (list) => { for (const p of list ?? []) { all.push(p); if (p.type === 'row') collect(p.panels); } };
  collect(d.panels);
  if (!all.length) fail(W, 'no panels');
  const ids = new Set();
  const boxes = [];
  for (const p of all) {
    const where = `${W}: panel ${p.id} "${p.title}"`;
    if (!Number.isInteger(p.id) || p.id < 1) fail(where, 'id must be a positive integer');
    else if (ids.has(p.id)) fail(where, 'the id is used twice');
    ids.add(p.id);
    if (!PANEL_TYPES.has(p.type)) fail(where, `unknown type ${p.type}`);
    if (typeof p.title !== 'string' || !p.title) fail(where, 'no title');
    const g = p.gridPos ?? {};
    if (!['x', 'y', 'w', 'h'].every((k) => Number.isInteger(g[k]))) { fail(where, 'gridPos needs integer x, y, w and h'); continue; }
    if (g.x < 0 || g.y < 0 || g.w < 1 || g.h < 1 || g.x + g.w > 24) fail(where, `gridPos ${JSON.stringify(g)} is outside the 24 columns`);
    if (p.type === 'row' && (g.w !== 24 || g.h !== 1 || g.x !== 0)) fail(where, 'a row spans the 24 columns at x 0, 1 high');
    for (const b of boxes) {
      if (g.x < b.g.x + b.g.w && b.g.x < g.x + g.w && g.y < b.g.y + b.g.h && b.g.y < g.y + g.h) fail(where, `overlaps panel ${b.id}`);
    }
    boxes.push({ id: p.id, g });
    if (p.type === 'row' || p.type === 'text') continue;
    dsRef(where, p.datasource);
    if (!Array.isArray(p.targets) || !p.targets.length) { fail(where, 'no queries'); continue; }
    const refIds = new Set();
    for (const t of p.targets) {
      const tw = `${where} query ${t.refId}`;
      if (typeof t.refId !== 'string' || !t.refId || refIds.has(t.refId)) fail(tw, 'refId missing or used twice');
      refIds.add(t.refId);
      dsRef(tw, t.datasource);
      if (typeof t.expr !== 'string' || !t.expr.trim()) { fail(tw, 'no expr'); continue; }
      usedVars(t.expr, tw);
      const problems = [];
      const sels = selectors(t.expr, problems);
      problems.forEach((pr) => fail(tw, pr));
      if (!sels.length) fail(tw, 'the query reads no metric');
      for (const s of sels) {
        if (!s.matchers.some((m) => m.label === 'job' && m.value === '$job')) fail(tw, `${s.name} is not selected with job="$job"`);
      }
      checkNames(tw, sels, known, scrape, stats);
      queries.push({ id: p.id, refId: t.refId, expr: t.expr });
    }
  }
  return { queries, panels: all };
}

// ---- the example scrape configurations: the job the rules select, the rules loaded
function checkScrapeConfigs() {
  for (const file of SCRAPE_CONFIGS) {
    const c = readYaml(join(HERE, file));
    const jobs = (c?.scrape_configs ?? []).map((j) => j.job_name);
    if (!jobs.includes(JOB)) fail(file, `no scrape job named ${JOB} (the rules and the dashboard select job="${JOB}")`);
    if (!(c?.rule_files ?? []).includes('alerts.yml')) fail(file, 'rule_files does not load alerts.yml');
  }
}

// ---- promtool
function promtool(args, cwd) {
  const r = spawnSync(process.env.PROMTOOL || 'promtool', args, { cwd, encoding: 'utf8' });
  return r.error ? null : { ok: r.status === 0, out: (r.stdout + r.stderr).trim() };
}

function withPromtool(queries) {
  if (!promtool(['--version'])) {
    notes.push('promtool not installed (Debian: apt-get install prometheus): the rules and queries were read by this script only, their unit tests not run');
    return;
  }
  const done = [];
  const run = (what, args, cwd) => {
    const r = promtool(args, cwd);
    if (!r.ok) fail(`promtool ${args.join(' ')}`, '\n' + r.out);
    else done.push(what);
  };
  run('check rules', ['check', 'rules', ALERTS]);
  const tmp = mkdtempSync(join(tmpdir(), 'cg-observability-'));
  try {
    // the unit tests compare labels; annotations are compared word for word by promtool, so they are left out
    const doc = parseDocument(readFileSync(ALERTS, 'utf8')).toJS();
    for (const g of doc.groups ?? []) for (const r of g.rules ?? []) delete r.annotations;
    writeFileSync(join(tmp, 'alerts.yml'), stringify(doc));
    copyFileSync(ALERT_TESTS, join(tmp, 'alerts.test.yml'));
    run('test rules (alerts.test.yml)', ['test', 'rules', 'alerts.test.yml'], tmp);
    // the dashboard's queries, with its variables filled in, as recording rules promtool parses
    const fill = (e) => e.replace(/\$\{?__rate_interval\}?|\$\{?__interval\}?/g, '5m').replace(/\$\{?__range\}?/g, '1h')
      .replace(/\$\{?job\}?/g, JOB).replace(/\$\{?instance(:\w+)?\}?/g, '.*');
    const rules = queries.map((q) => ({ record: `dashboard:panel_${q.id}_${q.refId}`, expr: fill(q.expr) }));
    writeFileSync(join(tmp, 'dashboard-queries.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
    run(`the dashboard's ${queries.length} queries parsed`, ['check', 'rules', join(tmp, 'dashboard-queries.yml')]);
    for (const config of SCRAPE_CONFIGS) {
      const r = promtool(['check', 'config', config], HERE);
      if (r.ok) done.push(`check config ${config}`);
      else if (/field kubernetes_sd_configs not found/.test(r.out)) {
        // Debian's promtool is built without the Kubernetes discovery: the file's own structure is checked above
        notes.push(`${config}: this promtool has no Kubernetes discovery (Debian's build), so promtool check config was skipped for it`);
      } else fail(`promtool check config ${config}`, '\n' + r.out);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  notes.push(`promtool: ${done.join('; ')}`);
}

// ---- run
let known = readKnown();
const scrape = scrapeFile ? readScrape(scrapeFile) : null;
if (record) { writeKnown(scrape, known); known = readKnown(); }
const stats = new Set();
const rules = checkAlerts(known, scrape, stats);
const { queries, panels } = checkDashboard(known, scrape, stats);
checkScrapeConfigs();
withPromtool(queries);

console.log(`deploy/observability: ${rules.length} alert rules, ${panels.length} dashboard panels (${queries.length} queries), ` +
  `${stats.size} metric names read, ` + (scrape ? `all checked against the scrape ${scrapeFile} (${scrape.samples.size} names)`
    : 'checked against metrics.txt only (no scrape given)'));
for (const note of notes) console.log(`deploy/observability: ${note}`);
if (errors.length) {
  for (const e of errors) console.error(`deploy/observability: ${e}`);
  console.error(`deploy/observability: ${errors.length} error(s)`);
  process.exit(1);
}
