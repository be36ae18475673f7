/**
 * What a checkout service pays to install the runtime, next to what installing the tool would cost:
 *
 * - builds the runtime package (`buildRuntimePackage`, as `npm run build:runtime`), `npm pack`s it
 *   and installs the tarball into an empty project as a shop would (`npm install --offline
 *   --omit=dev <tarball>`, ops/runtime-install.ts);
 * - sizes the tarball, and the installed production tree of that project;
 * - sizes the tool's own production tree the same way, from the repository's lockfile and
 *   node_modules: what a service would carry if it depended on the whole repository (cdktf and the
 *   AWS provider bindings, Playwright, the TypeScript compiler, the ledger's DynamoDB emulator…).
 *
 * Sizes are apparent bytes (the sum of file sizes, what an image layer or a tarball carries) and,
 * beside them, the blocks the files take on this file system (many small files cost more there).
 * Why: issue 12; the runtime must stay small enough that a checkout service takes it without a second thought.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../ops';
import { installDeclaredRuntime } from '../ops/checkout-runtimes';
import { buildRuntimePackage, installPackedRuntime, packRuntimePackage } from '../scripts/runtime-package';
import { formatMs, formatPercent, formatRatio, textTable, timed } from './measure';

export interface RuntimePackageBenchOptions {
  progress: (line: string) => void;
}

export interface InstalledTree {
  packages: number;
  files: number;
  bytes: number;
  /** Allocated on disk (st_blocks × 512). */
  diskBytes: number;
  /** Bytes per top-level package (a scope's packages together), largest first. */
  largest: Array<{ name: string; bytes: number }>;
}

export interface RuntimePackageBenchResult {
  version: string;
  tarball: { name: string; bytes: number; unpackedBytes: number; files: number };
  runtime: InstalledTree;
  tool: InstalledTree;
  /** Wall time of each step on this machine, for orientation; not a claim. */
  steps: { build: number; pack: number; install: number };
  /** The gate's cache of declared checkout runtimes (ops/checkout-runtimes.ts): the same tarball installed into an empty cache, then found there. */
  declaredRuntimeCache: { miss: number; hit: number };
}

export async function benchmarkRuntimePackage(options: RuntimePackageBenchOptions): Promise<RuntimePackageBenchResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-bench-runtime-package-'));
  try {
    options.progress('building the runtime package');
    const build = await timed(async () => buildRuntimePackage({ outDir: path.join(work, 'package') }));
    options.progress('packing it');
    const pack = await timed(() => packRuntimePackage(build.value.dir, work));
    options.progress('installing the tarball into an empty project, offline, production dependencies only');
    const shop = path.join(work, 'shop');
    const install = await timed(() => installPackedRuntime({ tarball: pack.value.tarball, projectDir: shop, dependencies: build.value.dependencies }));
    options.progress("the gate's cache of declared runtimes: the same tarball, a miss then a hit");
    const declared = { tarball: pack.value.tarball };
    const cache = { cacheDir: path.join(work, 'runtimes'), baseDir: work };
    const miss = await timed(() => installDeclaredRuntime(declared, cache));
    const hit = await timed(() => installDeclaredRuntime(declared, cache));
    if (!miss.value.installedNow || hit.value.installedNow) throw new Error('the declared-runtime cache did not install once and then reuse');
    options.progress('sizing both production trees');
    return {
      version: build.value.version,
      tarball: { name: path.basename(pack.value.tarball), bytes: pack.value.size, unpackedBytes: pack.value.unpackedSize, files: pack.value.files.length },
      runtime: productionTree(shop),
      tool: productionTree(PROJECT_ROOT),
      steps: { build: build.ms, pack: pack.ms, install: install.ms },
      declaredRuntimeCache: { miss: miss.ms, hit: hit.ms },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every package of a project's lockfile that `--omit=dev` installs and that is on disk, each counted once without its nested node_modules. */
function productionTree(projectDir: string): InstalledTree {
  const lock = JSON.parse(readFileSync(path.join(projectDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const byTopLevel = new Map<string, number>();
  let packages = 0;
  let files = 0;
  let bytes = 0;
  let diskBytes = 0;
  for (const [key, entry] of Object.entries(lock.packages)) {
    // `dev`: only in the devDependencies tree; `devOptional` ones are optional in production, so they count.
    if (key === '' || entry.dev) continue;
    const dir = path.join(projectDir, key);
    const size = packageSize(dir);
    if (!size) continue; // an optional package for another platform
    packages += 1;
    files += size.files;
    bytes += size.bytes;
    diskBytes += size.diskBytes;
    const topLevel = /^node_modules\/((?:@[^/]+)|[^/]+)/.exec(key)![1];
    byTopLevel.set(topLevel, (byTopLevel.get(topLevel) ?? 0) + size.bytes);
  }
  const largest = [...byTopLevel.entries()].map(([name, size]) => ({ name, bytes: size })).sort((a, b) => b.bytes - a.bytes);
  return { packages, files, bytes, diskBytes, largest };
}

function packageSize(dir: string): { files: number; bytes: number; diskBytes: number } | undefined {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return undefined;
  const total = { files: 0, bytes: 0, diskBytes: 0 };
  const walk = (current: string, top: boolean) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      // Nested packages are lockfile entries of their own.
      if (entry.isDirectory() && !(top && entry.name === 'node_modules')) walk(full, false);
      else if (entry.isFile()) {
        const file = lstatSync(full);
        total.files += 1;
        total.bytes += file.size;
        total.diskBytes += file.blocks * 512;
      }
    }
  };
  walk(dir, true);
  return total;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function formatRuntimePackageBench(result: RuntimePackageBenchResult): string {
  const { runtime, tool, tarball } = result;
  const table = textTable(
    ['what', 'packages', 'files', 'size', 'on disk', 'size ÷ runtime install'],
    [
      [`tarball ${tarball.name}`, '1', '1', formatBytes(tarball.bytes), '', ''],
      ['the runtime package unpacked', '1', String(tarball.files), formatBytes(tarball.unpackedBytes), '', ''],
      ['installed: stripe-config/runtime, production', String(runtime.packages), String(runtime.files), formatBytes(runtime.bytes), formatBytes(runtime.diskBytes), '1.0×'],
      ["the tool's production dependencies", String(tool.packages), String(tool.files), formatBytes(tool.bytes), formatBytes(tool.diskBytes), formatRatio(tool.bytes, runtime.bytes)],
    ],
  );
  const top = (tree: InstalledTree) => tree.largest.slice(0, 5).map(({ name, bytes }) => `${name} ${formatBytes(bytes)} (${formatPercent(bytes, tree.bytes)})`).join(', ');
  return [
    `Runtime package stripe-config@${result.version}: npm pack, then npm install --offline --omit=dev <tarball> into an empty project; size: the sum of file sizes, on disk: the blocks they take here`,
    table,
    `A checkout service installing the runtime carries ${formatBytes(runtime.bytes)}; the tool's production dependencies are ${formatRatio(tool.bytes, runtime.bytes)} that (${formatBytes(tool.bytes)}).`,
    `Largest in the runtime's install: ${top(runtime)}.`,
    `Largest in the tool's: ${top(tool)}.`,
    `Steps on this machine (wall): build ${formatMs(result.steps.build)}, pack ${formatMs(result.steps.pack)}, install ${formatMs(result.steps.install)}.`,
    `A declared checkout runtime (gate, version-skew check): installed into .stripe-config/runtimes on a cache miss in ${formatMs(result.declaredRuntimeCache.miss)}, found there on a hit in ${formatMs(result.declaredRuntimeCache.hit)}: a miss costs ${formatRatio(result.declaredRuntimeCache.miss, result.declaredRuntimeCache.hit)} a hit.`,
  ].join('\n');
}
