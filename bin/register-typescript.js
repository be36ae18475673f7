// Compiles the project's TypeScript on load (tsx), and leaves the dependencies' JavaScript to Node.
// tsx's CommonJS hook reads every .js file loaded, node_modules included, looking for ES modules to
// compile to CommonJS. Our dependencies ship CommonJS, and that scan of about 1,400 files was an
// eighth of a gate's or rollback's start-up (bench/cli.ts: ops/, checks/, Playwright and the Stripe
// SDK load in 1.38 s instead of 1.56 s). A dependency that ships only ES modules fails with Node's
// ERR_REQUIRE_ESM, naming it.
const Module = require('node:module');
const path = require('node:path');

const nodeLoader = Module._extensions['.js'];
require('tsx/cjs');
const tsxLoader = Module._extensions['.js'];
const DEPENDENCY = `${path.sep}node_modules${path.sep}`;

Module._extensions['.js'] = function loadJavaScript(module, filename) {
  return (filename.includes(DEPENDENCY) ? nodeLoader : tsxLoader).call(this, module, filename);
};
