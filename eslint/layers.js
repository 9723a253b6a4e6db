// One-way dependencies: each folder names the folders it may import from, and every folder of electron/
// must be named. A relative import that resolves into a folder not on its list (an upward import) fails lint.
// Imports inside one folder, and imports of packages, are not this rule's business.
import { dirname, relative, resolve, sep } from 'node:path';

// Who may import whom, bottom to top: each folder lists the folders below it that it may import.
// The engine (powershell/) knows nothing of the app; the procedure is handed what sits above it (the report
// exporter, the PDF printer) by the shells; main/ never imports the preload.
const engine = ['electron/powershell'];
const targets = [...engine, 'electron/targets', 'shared'];
const procedure = [...targets, 'electron/procedure'];
const report = [...procedure, 'electron/report'];
const shells = [...report, 'electron/host'];
export const LAYERS = {
  shared: [],
  'electron/powershell': [],
  'electron/targets': ['electron/powershell', 'shared'],
  'electron/procedure': targets,
  'electron/report': procedure,
  'electron/host': report,
  'electron/cli': report,
  'electron/browser-host': shells,
  'electron/main': shells,
  'electron/preload': ['shared'],
  renderer: ['shared'],
};

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports run one way between the folders of the app.' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, layers: { type: 'object' }, strict: { type: 'array' } },
        additionalProperties: false,
      },
    ],
    messages: {
      upward:
        "{{from}}/ may not import {{to}}/ (it may import: {{allowed}}). Dependencies run one way; hand the upper layer's function in instead.",
      unnamed: '{{folder}}/ is a folder of electron/ with no place in the layers of eslint.config.js: add it there.',
    },
  },
  create(context) {
    const { root = context.cwd, layers = {}, strict = [] } = context.options[0] ?? {};
    const names = Object.keys(layers).sort((a, b) => b.length - a.length);
    const layerOf = (path) => {
      const rel = relative(root, path).split(sep).join('/');
      return names.find((name) => rel === name || rel.startsWith(`${name}/`));
    };
    const file = context.filename;
    const from = layerOf(file);
    if (from === undefined) {
      const rel = relative(root, file).split(sep).join('/');
      const within = strict.find((s) => rel.startsWith(`${s}/`));
      if (within === undefined) return {};
      const folder = `${within}/${rel.slice(within.length + 1).split('/')[0]}`;
      return {
        Program(node) {
          context.report({ node, messageId: 'unnamed', data: { folder } });
        },
      };
    }
    const allowed = layers[from];
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(resolve(dirname(file), source));
      if (to === undefined || to === from || allowed.includes(to)) return;
      context.report({
        node,
        messageId: 'upward',
        data: { from, to, allowed: allowed.length > 0 ? allowed.join(', ') : 'nothing of the app' },
      });
    }
    const fromSource = (node) => {
      if (node.source) check(node, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
    };
  },
};

export default { rules: { 'one-way': rule } };
