/**
 * Preloaded into a spawned CLI (NODE_OPTIONS="--require <this file>"): the first time the process
 * writes something to stdout that matches $REPORT_LOADED_AT (a regular expression), it writes one
 * line to stderr, `loaded before: ["pkg", …]`, naming which of $REPORT_LOADED_PACKAGES (comma
 * separated) were loaded by then. Plain JavaScript: it runs before tsx is registered.
 */
const marker = new RegExp(process.env.REPORT_LOADED_AT);
const packages = process.env.REPORT_LOADED_PACKAGES.split(',');
const write = process.stdout.write.bind(process.stdout);
let reported = false;
process.stdout.write = (chunk, ...rest) => {
  if (!reported && marker.test(String(chunk))) {
    reported = true;
    const loaded = packages.filter((name) => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`)));
    process.stderr.write(`loaded before: ${JSON.stringify(loaded)}\n`);
  }
  return write(chunk, ...rest);
};
