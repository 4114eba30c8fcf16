#!/usr/bin/env node
// Layer report (issue "one home per concern"): imports that run against the layers of
// shared/STYLE.md, the five largest source files, and functions longer than 60 lines.
// Usage: node scripts/layers.mjs [--json]   (exit 0; it reports, lint enforces)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SOURCE_DIRS = ['schema', 'platform', 'gateway', 'subgraphs', 'hub', 'tools', 'bin', 'bench'];

/** Which layers a layer may import (its own always). */
const ALLOWED = {
  schema: [],
  platform: ['schema'],
  kit: ['schema', 'platform'],
  subgraph: ['schema', 'kit'],
  gateway: ['schema', 'platform'],
  hub: ['schema', 'platform', 'kit', 'subgraph', 'gateway', 'tools'],
  tools: ['schema', 'platform'],
  bin: ['schema', 'platform', 'hub', 'tools'],
  bench: ['schema', 'platform', 'kit', 'subgraph', 'gateway', 'hub', 'tools'],
};

function layerOf(file) {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'subgraphs') {
    return rel[1] === 'kit' ? 'kit' : `subgraph:${rel[1]}`;
  }
  return rel[0];
}

function baseLayer(layer) {
  return layer.startsWith('subgraph:') ? 'subgraph' : layer;
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist') {
        walk(full, out);
      }
    } else if (/\.(ts|mts|cts)$/.test(name) && !/\.(test|e2e)\.ts$/.test(name)) {
      out.push(full);
    }
  }
  return out;
}

const files = SOURCE_DIRS.flatMap((dir) => {
  const full = path.join(root, dir);
  try {
    return statSync(full).isDirectory() ? walk(full) : [];
  } catch {
    return [];
  }
});

const violations = [];
const longFunctions = [];
const sizes = [];

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  sizes.push([path.relative(root, file), text.split('\n').length]);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const from = layerOf(file);
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text.startsWith('.')
    ) {
      const target = path.resolve(path.dirname(file), node.moduleSpecifier.text);
      const to = layerOf(target);
      const ok =
        to === from ||
        (ALLOWED[baseLayer(from)]?.includes(baseLayer(to)) &&
          !(baseLayer(from) === 'subgraph' && baseLayer(to) === 'subgraph'));
      if (!ok) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        violations.push(
          `${path.relative(root, file)}:${line} ${from} → ${to} (${node.moduleSpecifier.text})`,
        );
      }
    }
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > 60) {
        const name = node.name?.getText?.() ?? '(anonymous)';
        longFunctions.push(
          `${path.relative(root, file)}:${start + 1} ${name} (${end - start + 1} lines)`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

sizes.sort((a, b) => b[1] - a[1]);
const report = {
  files: files.length,
  largest: sizes.slice(0, 5).map(([file, lines]) => `${file} ${lines}`),
  functionsOver60: longFunctions,
  importsAgainstLayers: violations,
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`source files: ${report.files}`);
  console.log(`five largest:\n  ${report.largest.join('\n  ')}`);
  console.log(`functions over 60 lines: ${longFunctions.length}\n  ${longFunctions.join('\n  ')}`);
  console.log(`imports against the layers: ${violations.length}\n  ${violations.join('\n  ')}`);
}
