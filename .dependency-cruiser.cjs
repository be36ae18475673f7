/**
 * The import rules of docs/ARCHITECTURE.md ("Import rules"), for dependency-cruiser. Checked by
 * test/unit/architecture.test.ts; by hand: npx depcruise bin cli ops checks config runtime stacks emulators examples
 *
 * Layers: each folder may import the folders listed for it (and itself), nothing else of ours.
 * bench/ and test/ may import anything, and nothing imports them.
 */
const LAYERS = {
  bin: ['cli'],
  cli: ['reports', 'ops', 'checks', 'config', 'runtime'],
  // reports/ reads what ops/ produced (its types only, see below) and writes it out.
  reports: ['ops', 'checks', 'config', 'runtime'],
  ops: ['stacks', 'checks', 'config', 'runtime', 'emulators'],
  // The loopback shop (examples/shop) answers for the shop's origins when the customer returns.
  checks: ['config', 'runtime', 'examples'],
  stacks: ['config', 'runtime'],
  config: ['runtime'],
  runtime: [],
  emulators: [],
  // The example shop uses the runtime as a checkout team would: the installed package (`stripe-config/runtime`,
  // in examples/shop/node_modules), never runtime/ source, so nothing of ours.
  examples: [],
};
const OURS = [...Object.keys(LAYERS), 'bench', 'test'];
const PRODUCT = '^(bin|cli|reports|ops|checks|config|runtime|stacks|examples)/';
const either = (folders) => `^(${folders.join('|')})/`;

module.exports = {
  forbidden: [
    ...Object.entries(LAYERS).map(([folder, allowed]) => ({
      name: `layer-${folder}`,
      comment: `${folder}/ may import ${allowed.length > 0 ? allowed.join(', ') : 'nothing of ours'} (docs/ARCHITECTURE.md, "Import rules")`,
      severity: 'error',
      from: { path: `^${folder}/` },
      to: { path: either(OURS), pathNot: either([folder, ...allowed]) },
    })),
    {
      name: 'enter-through-index',
      comment: "another folder is entered through its index.ts, its public surface (tests may reach inside)",
      severity: 'error',
      from: { path: PRODUCT },
      // $1: the importing file's own top folder, which it may enter anywhere.
      to: { path: either(Object.keys(LAYERS)), pathNot: ['^$1/', '/index\\.ts$'] },
    },
    {
      name: 'reports-read-ops-types',
      comment: "reports/ formats a run ops/ produced: it imports ops/'s types only, never its workflows (nor the SDKs they load)",
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^ops/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'reports-use-runtime-contract',
      comment: 'reports/ enters the runtime through runtime/contract (no Stripe or AWS SDK in a formatter)',
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^runtime/', pathNot: '^runtime/contract/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles, in the product folders and the stand-ins: each folder reads top down',
      severity: 'error',
      from: { path: either(Object.keys(LAYERS)) },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.stripe-config|\\.scratch|cdktf\\.out|dist)/' },
    // Type-only imports count: a type pulled the wrong way is still a dependency the wrong way.
    tsPreCompilationDeps: true,
  },
};
