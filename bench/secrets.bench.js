// Benchmark of the secret scanner (SEC-SECRETS), beside secretlint (the only native npm peer):
//   1. a generated corpus of realistic connector repositories with planted secrets of every provider
//      (bench/lib/secrets-corpus.js): precision and recall overall and per rule family, wall time;
//   2. the CredData development subset in ../shared/data/creddata (scoring rules in its README):
//      precision, recall and F1 overall and per category, for both tools;
//   3. throughput on 10,000-file trees, next to the time to merely read the same files.
// Rows follow bench/run.js: ratio = measured / target, below 1 meets it (target / measured for
// targets that are minimums).
// `export async function run()` returns summary rows for bench/run.js; `node bench/secrets.bench.js`
// runs it alone. Tables go to stdout. The scanner comes from the built package (../dist, or the
// folder named by CC_DIST while developing).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateConnector } from './lib/generate-connector.js';
import { loadSecretlint } from './lib/secretlint.js';
import { FAMILIES, generateCorpus, generateTree } from './lib/secrets-corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = process.env.CC_DIST ? path.resolve(process.env.CC_DIST) : path.join(here, '..', 'dist');
const CREDDATA = path.join(here, '..', '..', 'shared', 'data', 'creddata');

/** Targets from the issue. */
const TARGETS = {
  corpusRecall: 0.95,
  corpusPrecision: 0.95,
  commercetoolsMissed: 0,
  speedUpOverSecretlint: 5,
  creddataPrecision: 0.9,
  creddataRecall: 0.85,
  floorRatio: 3,
};
/**
 * Files in the throughput tree, and repetitions. The best run counts: on a shared machine the other
 * runs measure the neighbours. CPU time (process.cpuUsage, all threads) is reported beside wall time
 * because it is much less sensitive to the machine's load.
 */
const TREE_FILES = 10_000;
const TIMING_RUNS = 5;
/**
 * Timed runs of each tool on the generated corpus. A run there lasts tens of milliseconds, and the
 * JIT needs about ten of them to settle (ours, one process: 142, 106, 79, 61, … 41, 40 ms), so five
 * runs compared a half-compiled scanner. Both tools get the same number of runs.
 */
const CORPUS_TIMING_RUNS = 12;
/** Runs per block; blocks of the two tools alternate (see run()). */
const CORPUS_BLOCK_RUNS = 3;
/**
 * CredData categories that name identifiers rather than credentials: random UUIDs (resource ids in
 * commercetools, Postman collection ids), Firebase and S3 host names, Twilio message/phone SIDs,
 * OAuth nonces and password salts. The scanner does not report bare identifiers by design (a UUID
 * counts only under a credential name). The CredData README puts no category out of scope, so the
 * headline precision/recall/F1 count them all; the figure "excluding identifier categories" is an
 * extra view, not the README score, and carries no target.
 */
const OUT_OF_SCOPE_CATEGORIES = new Set(['UUID', 'Firebase Domain', 'AWS S3 Bucket', 'Twilio Credentials', 'Nonce', 'Salt', 'Tencent WeChat API App ID']);

/** Our rule → family (bench/lib/secrets-corpus.js FAMILIES). */
function familyOfRule(rule) {
  const byId = {
    'gcp-service-account-key': 'gcp',
    'basic-auth-header': 'basic-auth',
    'ntlm-authenticate-header': 'basic-auth',
    'url-credentials': 'url-password',
    'private-key': 'private-key',
    'bearer-token': 'bearer',
  };
  if (byId[rule.id]) return byId[rule.id];
  const byProvider = { google: 'gcp', pem: 'private-key', oauth: 'bearer', url: 'url-password', mailgun: 'generic', akamai: 'generic' };
  return byProvider[rule.provider] ?? rule.provider;
}

/** secretlint rule id → family. */
function familyOfSecretlintRule(ruleId) {
  const name = ruleId.replace('@secretlint/secretlint-rule-', '');
  const map = { basicauth: 'url-password', 'database-connection-string': 'url-password', privatekey: 'private-key' };
  return map[name] ?? name;
}

async function loadScanner() {
  const scanPath = path.join(DIST, 'analyzers', 'secrets', 'scan.js');
  if (!existsSync(scanPath)) throw new Error(`${scanPath} not found: run \`npm run build\` first (or set CC_DIST)`);
  const scan = await import(pathToFileURL(scanPath).href);
  const { SECRET_RULES } = await import(pathToFileURL(path.join(DIST, 'analyzers', 'secrets', 'rules.js')).href);
  const families = new Map(SECRET_RULES.map((r) => [r.id, familyOfRule(r)]));
  return { scanFile: scan.scanFile, familyOf: (id) => families.get(id) ?? 'generic' };
}

/** Every file under `root`, relative, sorted. */
function listFiles(root) {
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Writes files under a fresh temporary folder; returns it. */
function writeTree(files, prefix) {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const f of files) {
    const abs = path.join(root, f.path);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, f.text);
  }
  return root;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `fn` and adds its wall and CPU time (ms) to what it returns. */
async function timed(fn) {
  const wall = performance.now();
  const cpu = cpuMs();
  const result = await fn();
  return { ...result, ms: performance.now() - wall, cpu: cpuMs() - cpu };
}

/** Reads and scans each file the way the secrets/hardcoded check does. */
function scanFiles(scanner, root, relPaths) {
  const findings = [];
  let bytes = 0;
  for (const rel of relPaths) {
    const text = readFileSync(path.join(root, rel), 'utf8');
    bytes += text.length;
    for (const m of scanner.scanFile(rel, text).matches) findings.push({ file: rel, line: m.line, ruleId: m.ruleId });
  }
  return { findings, bytes };
}

function readFiles(root, relPaths) {
  let bytes = 0;
  for (const rel of relPaths) bytes += readFileSync(path.join(root, rel), 'utf8').length;
  return { bytes };
}

/** The better of two results of one step (lowest wall and CPU time each). */
function faster(a, b) {
  return a ? { ...a, ms: Math.min(a.ms, b.ms), cpu: Math.min(a.cpu, b.cpu) } : b;
}

/** Best (lowest) wall and CPU time over `times` runs of each step, the steps interleaved. */
async function bestOf(times, steps) {
  const best = steps.map(() => null);
  for (let i = 0; i < times; i++) {
    for (let k = 0; k < steps.length; k++) {
      const r = await timed(steps[k]);
      const b = best[k];
      best[k] = b ? { ...b, ms: Math.min(b.ms, r.ms), cpu: Math.min(b.cpu, r.cpu) } : r;
    }
  }
  return best;
}

// ── scoring ────────────────────────────────────────────────────────────────────────────────────

/** Corpus: a planted secret is found by a finding on its line in its family; other findings are FPs. */
function scoreCorpus(truth, findings, familyOf) {
  const truthKeys = new Map(truth.map((t) => [`${t.file}\t${t.line}\t${t.family}`, t]));
  const found = new Set();
  let fp = 0;
  const fpByFamily = new Map();
  const fpSamples = [];
  const seen = new Set();
  for (const f of findings) {
    const family = familyOf(f.ruleId);
    const key = `${f.file}\t${f.line}\t${family}`;
    if (seen.has(key)) continue; // several findings of one family on one line count once
    seen.add(key);
    if (truthKeys.has(key)) found.add(key);
    else {
      fp++;
      fpByFamily.set(family, (fpByFamily.get(family) ?? 0) + 1);
      if (fpSamples.length < 10) fpSamples.push(`${f.file}:${f.line} ${f.ruleId}`);
    }
  }
  const perFamily = new Map(FAMILIES.map((fam) => [fam, { planted: 0, found: 0, fp: fpByFamily.get(fam) ?? 0 }]));
  for (const [key, t] of truthKeys) {
    const row = perFamily.get(t.family) ?? { planted: 0, found: 0, fp: 0 };
    row.planted++;
    if (found.has(key)) row.found++;
    perFamily.set(t.family, row);
  }
  for (const [fam, n] of fpByFamily) if (!perFamily.has(fam)) perFamily.set(fam, { planted: 0, found: 0, fp: n });
  const tp = found.size;
  const missed = [...truthKeys.keys()].filter((k) => !found.has(k));
  return {
    tp,
    fp,
    fn: truthKeys.size - tp,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, truthKeys.size),
    perFamily,
    missed,
    fpSamples,
  };
}

function parseCsv(text) {
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const rows = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const cells = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"') {
          if (line[i + 1] === '"') {
            cur += '"';
            i++;
          } else quoted = false;
        } else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    cells.push(cur);
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  }
  return rows;
}

function loadCredDataLabels() {
  const labels = new Map();
  for (const name of readdirSync(path.join(CREDDATA, 'meta'))) {
    for (const row of parseCsv(readFileSync(path.join(CREDDATA, 'meta', name), 'utf8'))) {
      const key = `${row.FilePath}\t${row.LineStart}\t${row.LineEnd}`;
      let label = labels.get(key);
      if (!label) {
        label = { file: row.FilePath, start: Number(row.LineStart), end: Number(row.LineEnd), rows: [] };
        labels.set(key, label);
      }
      label.rows.push(row);
    }
  }
  return [...labels.values()];
}

/** CredData README, "How to score a scanner against it", plus per-category figures. */
function scoreCredData(labels, findings) {
  const lines = new Set(findings.map((f) => `${f.file}\t${f.line}`));
  const matchedLines = new Set();
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tpScoped = 0;
  let fnScoped = 0;
  const categories = new Map();
  const misses = [];
  const falsePositives = [];
  const cat = (c) => {
    if (!categories.has(c)) categories.set(c, { tp: 0, fn: 0, fp: 0 });
    return categories.get(c);
  };
  for (const label of labels) {
    const positive = label.rows.some((r) => r.GroundTruth === 'T');
    let hit = false;
    for (let n = label.start; n <= label.end; n++) {
      const key = `${label.file}\t${n}`;
      if (lines.has(key)) {
        hit = true;
        matchedLines.add(key);
      }
    }
    const names = new Set();
    for (const r of label.rows) if (!positive || r.GroundTruth === 'T') for (const c of r.Category.split(':')) names.add(c);
    if (positive) {
      const inScope = [...names].some((c) => !OUT_OF_SCOPE_CATEGORIES.has(c));
      if (hit) {
        tp++;
        if (inScope) tpScoped++;
      } else {
        fn++;
        if (inScope) fnScoped++;
        misses.push({ file: label.file, line: label.start, categories: [...names].join(':') });
      }
      for (const c of names) cat(c)[hit ? 'tp' : 'fn']++;
    } else if (hit) {
      fp++;
      falsePositives.push({ file: label.file, line: label.start, categories: [...names].join(':') });
      for (const c of names) cat(c).fp++;
    }
  }
  const unlabelled = [...lines].filter((k) => !matchedLines.has(k)).length;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const recallScoped = ratio(tpScoped, tpScoped + fnScoped);
  return {
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: f1(precision, recall),
    tpScoped,
    fnScoped,
    recallScoped,
    f1Scoped: f1(ratio(tpScoped, tpScoped + fp), recallScoped),
    precisionScoped: ratio(tpScoped, tpScoped + fp),
    strictPrecision: ratio(tp, tp + fp + unlabelled),
    unlabelled,
    categories,
    misses,
    falsePositives,
  };
}

const ratio = (a, b) => (b === 0 ? 1 : a / b);
/** bench/run.js convention: ratio = measured / target, below 1 meets it; for at-least targets, target / measured. */
const atLeast = (measured, target) => (measured === 0 ? Infinity : target / measured);
const availableCpus = () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
const f1 = (p, r) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const fmt = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ── the benchmark ──────────────────────────────────────────────────────────────────────────────

export async function run() {
  const scanner = await loadScanner();
  const secretlint = await loadSecretlint();
  const rows = [];
  const temporary = [];
  try {
    // 1. Generated corpus with planted secrets.
    const corpus = generateCorpus({ seed: 42, repositories: 6, ordinaryFilesPerApp: 20 });
    const corpusRoot = writeTree(corpus.files, 'cc-secrets-corpus-');
    temporary.push(corpusRoot);
    const relPaths = corpus.files.map((f) => f.path);
    const loadBefore = loadavg()[0];
    // Each tool's runs come in blocks of their own, so neither pays for the other's garbage, and the
    // blocks alternate: this machine's speed drifts by a third within seconds, and one long block per
    // tool let a slow spell land on one of them only. Each tool starts with one untimed run: a run is
    // short (tens of milliseconds for us), and the JIT needs several to settle.
    const scanOurs = async () => scanFiles(scanner, corpusRoot, relPaths);
    const scanTheirs = async () => ({ findings: await secretlint(corpusRoot, relPaths.map((p) => path.join(corpusRoot, p))) });
    await scanOurs();
    await scanTheirs();
    let ours;
    let theirs;
    for (let block = 0; block < CORPUS_TIMING_RUNS / CORPUS_BLOCK_RUNS; block++) {
      const [o] = await bestOf(CORPUS_BLOCK_RUNS, [scanOurs]);
      const [t] = await bestOf(CORPUS_BLOCK_RUNS, [scanTheirs]);
      ours = faster(ours, o);
      theirs = faster(theirs, t);
    }
    const ourScore = scoreCorpus(corpus.truth, ours.findings, scanner.familyOf);
    const theirScore = scoreCorpus(corpus.truth, theirs.findings, familyOfSecretlintRule);
    const ctRow = ourScore.perFamily.get('commercetools');
    const ctMissed = ctRow.planted - ctRow.found;
    const speedUp = theirs.ms / ours.ms;
    const speedUpCpu = theirs.cpu / ours.cpu;

    console.log(`\n## Generated corpus: ${corpus.files.length} files, ${(ours.bytes / 1e6).toFixed(2)} MB, ${corpus.truth.length} planted secrets (seed 42)\n`);
    console.log(table(
      ['family', 'planted', 'ours found', 'ours FP', 'ours recall', 'secretlint found', 'secretlint FP', 'secretlint recall'],
      FAMILIES.map((fam) => {
        const o = ourScore.perFamily.get(fam) ?? { planted: 0, found: 0, fp: 0 };
        const t = theirScore.perFamily.get(fam) ?? { planted: 0, found: 0, fp: 0 };
        return [fam, o.planted, o.found, o.fp, fmt(ratio(o.found, o.planted), 2), t.found, t.fp, fmt(ratio(t.found, t.planted), 2)];
      }),
    ));
    console.log('\n' + table(
      ['tool', 'TP', 'FP', 'FN', 'precision', 'recall', `wall ms (best of ${CORPUS_TIMING_RUNS} in alternating blocks of ${CORPUS_BLOCK_RUNS}, after 1 warm-up)`, 'CPU ms'],
      [
        ['connect-certify', ourScore.tp, ourScore.fp, ourScore.fn, fmt(ourScore.precision), fmt(ourScore.recall), fmt(ours.ms, 0), fmt(ours.cpu, 0)],
        ['secretlint 12 (preset-recommend, profiler off)', theirScore.tp, theirScore.fp, theirScore.fn, fmt(theirScore.precision), fmt(theirScore.recall), fmt(theirs.ms, 0), fmt(theirs.cpu, 0)],
      ],
    ));
    console.log(`\nspeed-up over secretlint: ${fmt(speedUp, 1)}x wall, ${fmt(speedUpCpu, 1)}x CPU (target >= ${TARGETS.speedUpOverSecretlint}x); 1-minute load average ${fmt(loadBefore, 1)} on ${availableCpus()} CPUs`);
    console.log(`commercetools credentials missed: ${ctMissed} (target ${TARGETS.commercetoolsMissed})`);
    if (ourScore.missed.length > 0) console.log(`missed (first 10): ${ourScore.missed.slice(0, 10).map((k) => k.replace(/\t/g, ':')).join(', ')}`);
    if (ourScore.fpSamples.length > 0) console.log(`false positives (first 10): ${ourScore.fpSamples.join(', ')}`);

    rows.push(
      { name: 'secrets corpus: recall', value: ourScore.recall, unit: '', target: TARGETS.corpusRecall, ratio: atLeast(ourScore.recall, TARGETS.corpusRecall) },
      { name: 'secrets corpus: precision', value: ourScore.precision, unit: '', target: TARGETS.corpusPrecision, ratio: atLeast(ourScore.precision, TARGETS.corpusPrecision) },
      { name: 'secrets corpus: commercetools credentials missed', value: ctMissed, unit: 'secrets', target: TARGETS.commercetoolsMissed, ratio: ctMissed === 0 ? 0 : Infinity },
      { name: 'secrets corpus: secretlint recall', value: theirScore.recall, unit: '' },
      { name: 'secrets corpus: secretlint precision', value: theirScore.precision, unit: '' },
      { name: 'secrets corpus: wall time', value: ours.ms, unit: 'ms' },
      { name: 'secrets corpus: secretlint wall time', value: theirs.ms, unit: 'ms' },
      { name: 'secrets corpus: speed-up over secretlint', value: speedUp, unit: 'x', target: TARGETS.speedUpOverSecretlint, ratio: atLeast(speedUp, TARGETS.speedUpOverSecretlint) },
      { name: 'secrets corpus: speed-up over secretlint, CPU time', value: speedUpCpu, unit: 'x', target: TARGETS.speedUpOverSecretlint, ratio: atLeast(speedUpCpu, TARGETS.speedUpOverSecretlint) },
    );

    // 2. CredData.
    if (existsSync(path.join(CREDDATA, 'meta'))) {
      const labels = loadCredDataLabels();
      const dataFiles = [];
      const walk = (dir) => {
        for (const e of readdirSync(path.join(CREDDATA, dir), { withFileTypes: true })) {
          const rel = `${dir}/${e.name}`;
          if (e.isDirectory()) walk(rel);
          else dataFiles.push(rel);
        }
      };
      walk('data');
      const oursCd = await timed(async () => scanFiles(scanner, CREDDATA, dataFiles));
      const theirsCd = await timed(async () => ({ findings: await secretlint(CREDDATA, dataFiles.map((p) => path.join(CREDDATA, p))) }));
      const slMs = theirsCd.ms;
      const o = scoreCredData(labels, oursCd.findings);
      const t = scoreCredData(labels, theirsCd.findings);
      console.log(`\n## CredData development subset: ${dataFiles.length} files, ${labels.length} labels (line-level scoring, README rules)\n`);
      console.log(table(
        ['tool', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', 'unlabelled', 'strict P', 'R excl. identifiers', 'F1 excl. identifiers', 'wall ms'],
        [
          ['connect-certify', o.tp, o.fp, o.fn, fmt(o.precision), fmt(o.recall), fmt(o.f1), o.unlabelled, fmt(o.strictPrecision), fmt(o.recallScoped), fmt(o.f1Scoped), fmt(oursCd.ms, 0)],
          ['secretlint 12', t.tp, t.fp, t.fn, fmt(t.precision), fmt(t.recall), fmt(t.f1), t.unlabelled, fmt(t.strictPrecision), fmt(t.recallScoped), fmt(t.f1Scoped), fmt(slMs, 0)],
        ],
      ));
      console.log([
        '',
        'Scoring (CredData README, "How to score a scanner against it"): findings reduced to (file, line); a label is',
        'a (file, LineStart..LineEnd) group of rows, positive if any row is T, negative if all are F or X; TP = positive',
        'labels hit by a finding, FN = positive labels hit by none, FP = negative labels hit; several findings on one',
        'label count once. The README puts no category out of scope: precision, recall and F1 count every label.',
        `"unlabelled" = distinct finding lines on no label; "strict P" counts each of them as an FP. "excl. identifiers"`,
        `(not the README score, no target) leaves out ${o.tp + o.fn - o.tpScoped - o.fnScoped} positive labels whose T rows are all in identifier`,
        `categories (${[...OUT_OF_SCOPE_CATEGORIES].join(', ')}).`,
      ].join('\n'));
      console.log('For scale, full CredData 2022 (row-level, not comparable): CredSweeper 0.917 / 0.808, gitleaks 0.526 / 0.244.\n');
      const names = [...o.categories.keys()].sort((a, b) => {
        const A = o.categories.get(a);
        const B = o.categories.get(b);
        return B.tp + B.fn + B.fp - (A.tp + A.fn + A.fp);
      });
      console.log(table(
        ['category', 'positives', 'ours TP', 'ours FP', 'ours P', 'ours R', 'ours F1', 'secretlint TP', 'secretlint FP', 'secretlint R'],
        names.map((c) => {
          const a = o.categories.get(c);
          const b = t.categories.get(c) ?? { tp: 0, fn: 0, fp: 0 };
          const p = ratio(a.tp, a.tp + a.fp);
          const r = ratio(a.tp, a.tp + a.fn);
          return [c + (OUT_OF_SCOPE_CATEGORIES.has(c) ? ' *' : ''), a.tp + a.fn, a.tp, a.fp, fmt(p, 2), fmt(r, 2), fmt(f1(p, r), 2), b.tp, b.fp, fmt(ratio(b.tp, b.tp + b.fn), 2)];
        }),
      ));
      console.log('  * identifier category: bare identifiers are not reported (see "excl. identifiers" above)');
      printMisses(o);
      rows.push(
        { name: 'creddata: precision', value: o.precision, unit: '', target: TARGETS.creddataPrecision, ratio: atLeast(o.precision, TARGETS.creddataPrecision) },
        { name: 'creddata: recall', value: o.recall, unit: '', target: TARGETS.creddataRecall, ratio: atLeast(o.recall, TARGETS.creddataRecall) },
        { name: 'creddata: F1', value: o.f1, unit: '' },
        { name: 'creddata: recall excluding identifier categories (not the README score)', value: o.recallScoped, unit: '' },
        { name: 'creddata: secretlint precision', value: t.precision, unit: '' },
        { name: 'creddata: secretlint recall', value: t.recall, unit: '' },
        { name: 'creddata: secretlint F1', value: t.f1, unit: '' },
      );
    } else {
      console.log(`\n(CredData not found at ${CREDDATA}; skipped)`);
    }

    // 3. Throughput against the read floor, on two 10,000-file trees: the project's standard
    // generated connector (bench/lib/generate-connector.js, clean code: every finding there is a
    // false positive), and this bench's tree of connector repositories, dense with credential-like
    // names and decoys (the scanner's worst case: about one keyword hit every 230 bytes).
    const connectorRoot = mkdtempSync(path.join(tmpdir(), 'cc-secrets-connector-'));
    temporary.push(connectorRoot);
    generateConnector(connectorRoot, { files: TREE_FILES });
    const connectorPaths = listFiles(connectorRoot);
    const tree = generateTree({ seed: 7, count: TREE_FILES });
    const treeRoot = writeTree(tree, 'cc-secrets-tree-');
    temporary.push(treeRoot);
    const trees = [
      { name: 'generated connector (bench/lib/generate-connector.js)', key: 'connector', root: connectorRoot, paths: connectorPaths },
      { name: 'keyword-dense connector repositories (bench/lib/secrets-corpus.js)', key: 'dense', root: treeRoot, paths: tree.map((f) => f.path) },
    ];
    const throughputRows = [];
    let secretlintOnConnector;
    for (const t of trees) {
      readFiles(t.root, t.paths); // warm the page cache
      const load = loadavg()[0];
      const [floor, scanned] = await bestOf(TIMING_RUNS, [async () => readFiles(t.root, t.paths), async () => scanFiles(scanner, t.root, t.paths)]);
      const wall = scanned.ms / floor.ms;
      const cpu = scanned.cpu / floor.cpu;
      throughputRows.push([t.name, t.paths.length, fmt(floor.bytes / 1e6, 1), fmt(floor.ms, 0), fmt(floor.cpu, 0), fmt(scanned.ms, 0), fmt(scanned.cpu, 0), fmt(t.paths.length / (scanned.ms / 1000), 0), fmt(wall, 2), fmt(cpu, 2), scanned.findings.length, fmt(load, 1)]);
      rows.push(
        { name: `secrets throughput (${t.key}): read + scan, ${t.paths.length} files`, value: scanned.ms, unit: 'ms' },
        { name: `secrets throughput (${t.key}): read floor`, value: floor.ms, unit: 'ms' },
        { name: `secrets throughput (${t.key}): ratio to read floor`, value: wall, unit: 'x', target: TARGETS.floorRatio, ratio: wall / TARGETS.floorRatio },
        { name: `secrets throughput (${t.key}): ratio to read floor, CPU time`, value: cpu, unit: 'x', target: TARGETS.floorRatio, ratio: cpu / TARGETS.floorRatio },
      );
      if (t.key === 'connector') {
        rows.push({ name: 'secrets throughput (connector): findings in clean generated code', value: scanned.findings.length, unit: 'findings', target: 0 });
        // The same files through secretlint once (a second run takes as long), for the speed ratio on ordinary code.
        const sl = await timed(async () => ({ findings: await secretlint(t.root, t.paths.map((p) => path.join(t.root, p))) }));
        const speedUpTree = sl.ms / scanned.ms;
        secretlintOnConnector = { ms: sl.ms, cpu: sl.cpu, findings: sl.findings.length, speedUp: speedUpTree };
        rows.push({ name: 'secrets throughput (connector): speed-up over secretlint', value: speedUpTree, unit: 'x', target: TARGETS.speedUpOverSecretlint, ratio: atLeast(speedUpTree, TARGETS.speedUpOverSecretlint) });
      }
    }
    console.log(`\n## Throughput against the read floor (best of ${TIMING_RUNS}, read and read + scan interleaved; ${availableCpus()} CPUs)\n`);
    console.log(table(
      ['tree', 'files', 'MB', 'read ms', 'read CPU', 'read+scan ms', 'read+scan CPU', 'files/s', 'ratio wall', 'ratio CPU', 'findings', 'load avg'],
      throughputRows,
    ));
    console.log(`\ntarget: read + scan within ${TARGETS.floorRatio}x of read alone.`);
    if (secretlintOnConnector) {
      console.log(`secretlint on the generated connector (one run): ${fmt(secretlintOnConnector.ms, 0)} ms wall, ${fmt(secretlintOnConnector.cpu, 0)} ms CPU, ${secretlintOnConnector.findings} findings; connect-certify is ${fmt(secretlintOnConnector.speedUp, 1)}x faster there.`);
    }
  } finally {
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  }
  return rows.map(presentRow);
}

/**
 * The positive labels the scanner missed, by category (most first), with a few places each; and the
 * negative labels it hit. CC_BENCH_MISSES=<file> writes every miss and false positive to that file.
 */
function printMisses(score) {
  const byCategory = new Map();
  for (const m of score.misses) {
    if (!byCategory.has(m.categories)) byCategory.set(m.categories, []);
    byCategory.get(m.categories).push(m);
  }
  console.log(`\nMissed positive labels (${score.misses.length}), by category:`);
  for (const [categories, list] of [...byCategory].sort((a, b) => b[1].length - a[1].length)) {
    const examples = list.slice(0, 3).map((m) => `${m.file}:${m.line}`).join(', ');
    console.log(`  ${String(list.length).padStart(4)}  ${categories.padEnd(34)} ${examples}${list.length > 3 ? ', …' : ''}`);
  }
  console.log(`False positives (${score.falsePositives.length}): ${score.falsePositives.slice(0, 10).map((m) => `${m.file}:${m.line} (${m.categories})`).join(', ')}${score.falsePositives.length > 10 ? ', …' : ''}`);
  if (process.env.CC_BENCH_MISSES) {
    const lines = [...score.misses.map((m) => `FN\t${m.categories}\t${m.file}:${m.line}`), ...score.falsePositives.map((m) => `FP\t${m.categories}\t${m.file}:${m.line}`)];
    writeFileSync(process.env.CC_BENCH_MISSES, `${lines.join('\n')}\n`);
    console.log(`every miss and false positive written to ${process.env.CC_BENCH_MISSES}`);
  }
}

/** bench/run.js prints values and targets as text: round values, spell targets with their direction. */
function presentRow(row) {
  const minimums = /recall|precision|speed-up/;
  const value = typeof row.value === 'number' && Number.isFinite(row.value) ? Number(row.value.toFixed(row.unit === 'ms' || row.unit === 'files/s' ? 0 : 3)) : row.value;
  if (row.target === undefined) return { ...row, value };
  const direction = minimums.test(row.name) ? '>=' : '<=';
  return { ...row, value, target: `${direction} ${row.target}${row.unit === 'x' ? 'x' : ''}` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await run();
  console.log('\n## Summary\n');
  console.log(table(['metric', 'value', 'unit', 'target'], rows.map((r) => [r.name, typeof r.value === 'number' ? fmt(r.value, r.unit === 'ms' || r.unit === 'files/s' ? 0 : 3) : r.value, r.unit, r.target ?? ''])));
}
