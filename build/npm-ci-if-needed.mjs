#!/usr/bin/env node
// Runs `npm ci` in a module's npm directory only when its node_modules does not already hold
// exactly what package-lock.json pins. Called by the Maven build (exec-maven-plugin) of the
// modules that need JS packages; uses only the machine's node and npm, downloads nothing itself.
//
// Usage: node build/npm-ci-if-needed.mjs <dir> [--npm=<npm executable>] [--force] [npm ci args...]
//
// Why: `npm ci` always deletes node_modules first. Running it on every build costs seconds and
// pulls the tree from under any Node process (a test, a harness) that is using it at that moment.
//
// The install counts as current when all of these hold:
//  - node_modules/.sio4j-npm-ci.json (the stamp, written only after `npm ci` succeeded) records the
//    same sha256 of package-lock.json and package.json, the same Node major version, platform and
//    arch as now (native or platform-optional packages depend on the last three);
//  - every package the lock file places under node_modules has its folder there with a
//    package.json of the locked version (catches a deleted or replaced package folder).
// Otherwise `npm ci` runs. `npm ci` deletes node_modules (and with it the stamp) before installing,
// so an interrupted install leaves no stamp and the next build installs again.
//
// Two builds of the same module at once take turns through a lock directory in the OS temp dir,
// so the second one sees the first one's finished install instead of deleting it.
//
// Single process, run once per build; not meant to be imported.

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const STAMP = '.sio4j-npm-ci.json';
const LOCK_WAIT_MS = 10 * 60 * 1000;
const LOCK_POLL_MS = 250;
// An owner writes its pid right after creating the lock; a lock without one this old lost its owner.
const OWNERLESS_LOCK_MS = 10 * 1000;

function log(msg) {
  console.log(`[npm-ci-if-needed] ${msg}`);
}

/** Thrown for an expected failure: reported in one line, exit code 1, the lock released on the way out. */
class BuildError extends Error {}

function fail(msg) {
  throw new BuildError(msg);
}

function parseArgs(argv) {
  const opts = { dir: null, npm: 'npm', force: false, npmArgs: [] };
  for (const a of argv) {
    if (a.startsWith('--npm=')) opts.npm = a.slice('--npm='.length);
    else if (a === '--force') opts.force = true;
    else if (opts.dir === null && !a.startsWith('-')) opts.dir = resolve(a);
    else opts.npmArgs.push(a);
  }
  if (opts.dir === null) fail('usage: npm-ci-if-needed.mjs <dir> [--npm=npm] [--force] [npm ci args...]');
  return opts;
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** What the stamp must record for the install to count; a change in any field means reinstall. */
function expectedStamp(dir) {
  return {
    packageLockSha256: sha256(join(dir, 'package-lock.json')),
    packageJsonSha256: sha256(join(dir, 'package.json')),
    nodeMajor: process.versions.node.split('.')[0],
    platform: process.platform,
    arch: process.arch,
  };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Returns why the stamp does not vouch for the current inputs, or null when it does. */
function stampReason(dir, expected) {
  const stamp = readJson(join(dir, 'node_modules', STAMP));
  if (stamp === null) return `no readable node_modules/${STAMP} (fresh clone, or an earlier install did not finish)`;
  for (const [key, value] of Object.entries(expected)) {
    if (stamp[key] !== value) return `${key} changed (${stamp[key]} -> ${value})`;
  }
  return null;
}

/** Returns the first locked package whose folder is missing or holds another version, or null. */
function treeReason(dir) {
  const lock = readJson(join(dir, 'package-lock.json'));
  if (lock === null || typeof lock.packages !== 'object') return 'package-lock.json has no "packages" map (lockfileVersion >= 2 expected)';
  // npm's own record of what it installed: an optional package it skipped (another platform's
  // binary) is absent there and may be absent on disk.
  const hidden = readJson(join(dir, 'node_modules', '.package-lock.json'));
  const installed = hidden && typeof hidden.packages === 'object' ? hidden.packages : {};
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.link) continue;
    if (entry.optional && !(path in installed)) continue;
    const pkg = readJson(join(dir, path, 'package.json'));
    if (pkg === null) return `${path}/package.json is missing`;
    if (entry.version && pkg.version !== entry.version) {
      return `${path} is version ${pkg.version}, the lock file says ${entry.version}`;
    }
  }
  return null;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock owner's pid, or NaN while the owner has not written it yet (or the lock just went away). */
function readPid(file) {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return Number.NaN;
  }
}

function ageMs(path) {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** mkdir is atomic, so the directory is the lock; its owner file lets a later run break a dead owner's lock. */
function acquireLock(dir) {
  const lockDir = join(tmpdir(), `sio4j-npm-ci-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}.lock`);
  const owner = join(lockDir, 'pid');
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const holder = readPid(owner);
    const ownerless = !Number.isInteger(holder) && ageMs(lockDir) > OWNERLESS_LOCK_MS;
    if (ownerless || (Number.isInteger(holder) && !pidAlive(holder))) {
      log(`removing stale lock ${lockDir} of ended process ${ownerless ? '(unknown)' : holder}`);
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) fail(`timed out waiting for ${lockDir} (held by process ${holder}); remove it if no build is running`);
    if (!told) {
      log(`another build (process ${holder}) is installing in ${dir}; waiting`);
      told = true;
    }
    sleep(LOCK_POLL_MS);
  }
}

function runNpmCi(opts) {
  const args = ['ci', ...opts.npmArgs];
  log(`running ${opts.npm} ${args.join(' ')} in ${opts.dir}`);
  // npm is a .cmd script on Windows, which only a shell can start.
  const result = spawnSync(opts.npm, args, { cwd: opts.dir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) fail(`could not start ${opts.npm}: ${result.error.message}`);
  if (result.status !== 0) fail(`${opts.npm} ci exited with ${result.status ?? result.signal}`);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(opts.dir, 'package-lock.json'))) fail(`${opts.dir}/package-lock.json not found`);
  const release = acquireLock(opts.dir);
  try {
    const expected = expectedStamp(opts.dir);
    const reason = opts.force ? '--force given' : (stampReason(opts.dir, expected) ?? treeReason(opts.dir));
    if (reason === null) {
      log(`${opts.dir}/node_modules matches package-lock.json (sha256 ${expected.packageLockSha256.slice(0, 12)}); skipping npm ci`);
      return;
    }
    log(`installing: ${reason}`);
    runNpmCi(opts);
    const missing = treeReason(opts.dir);
    if (missing !== null) fail(`npm ci finished but node_modules is incomplete: ${missing}`);
    writeFileSync(join(opts.dir, 'node_modules', STAMP), JSON.stringify(expected, null, 2) + '\n');
    log(`wrote node_modules/${STAMP}`);
  } finally {
    release();
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  console.error(`[npm-ci-if-needed] ERROR: ${e.message}`);
  process.exitCode = 1;
}
