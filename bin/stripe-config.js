#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx compiles on load: register-typescript.js), so there is no build step to forget.
// The AWS SDK warns on every run that releases after January 2027 need Node 22; we pin the SDK
// (package-lock.json), so the warning is noise here. docs/RUNBOOK.md tracks the Node upgrade.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('./register-typescript');
require('../cli/index.ts').main(process.argv);
