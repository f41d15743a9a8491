#!/usr/bin/env node

// src/core/clock.ts
var MAX_TIMER_DELAY_MS = 2147483647;
var CappedTimer = class {
  timer;
  constructor(callback, delayMs) {
    this.arm(callback, delayMs > 0 ? delayMs : 0);
  }
  clear() {
    clearTimeout(this.timer);
  }
  arm(callback, leftMs) {
    const stepMs = Math.min(leftMs, MAX_TIMER_DELAY_MS);
    this.timer = setTimeout(() => {
      if (leftMs > stepMs) this.arm(callback, leftMs - stepMs);
      else callback();
    }, stepMs);
  }
};
var systemClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, delayMs) => new CappedTimer(callback, delayMs),
  clearTimeout: (handle) => {
    if (handle instanceof CappedTimer) handle.clear();
  }
};
function waitUnlessAborted(clock, ms, signal) {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clock.clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

// src/core/accounts/account-name-file.ts
import fs5 from "node:fs";
import path4 from "node:path";

// src/core/storage/atomic-file.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import fs3 from "node:fs";
import path3 from "node:path";

// src/core/storage/file-lock.ts
import { randomBytes } from "node:crypto";
import fs2 from "node:fs";
import os from "node:os";
import path2 from "node:path";

// src/core/storage/make-folder.ts
import fs from "node:fs";
import path from "node:path";
function makeFolder(folder) {
  const missing = [];
  for (let at = path.resolve(folder); !fs.existsSync(at); ) {
    missing.push(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing.reverse()) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
  }
}

// src/core/storage/file-lock.ts
var STALE_LOCK_MS = 1e4;
var LOCK_WAIT_MS = 2e3;
var POLL_MS = 10;
var FileLockBusyError = class extends Error {
  name = "FileLockBusyError";
};
function withFileLock(filePath, run, options = {}) {
  const lockPath = `${filePath}.lock`;
  const owner = {
    pid: process.pid,
    host: os.hostname(),
    token: randomBytes(8).toString("hex")
  };
  acquire(lockPath, owner, options);
  try {
    return run({
      assertHeld: () => {
        if (readOwner(lockPath)?.token !== owner.token) {
          throw Object.assign(
            new Error(`${path2.basename(lockPath)} was taken by another process`),
            {
              code: "ELOCKLOST"
            }
          );
        }
      }
    });
  } finally {
    release(lockPath, owner);
  }
}
function acquire(lockPath, owner, options) {
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  const staleMs = options.staleMs ?? STALE_LOCK_MS;
  for (; ; ) {
    if (tryCreate(lockPath, owner)) return;
    if (breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) {
      throw new FileLockBusyError(
        `another Purge Watch process is writing ${path2.basename(lockPath, ".lock")}`
      );
    }
    sleep(POLL_MS);
  }
}
function tryCreate(lockPath, owner) {
  let fd;
  try {
    fd = fs2.openSync(lockPath, "wx", 384);
  } catch (error) {
    const code2 = error.code;
    if (code2 === "EEXIST") return false;
    if (code2 !== "ENOENT") throw error;
    makeFolder(path2.dirname(lockPath));
    return tryCreate(lockPath, owner);
  }
  let written = false;
  try {
    fs2.writeSync(fd, JSON.stringify(owner));
    written = true;
  } finally {
    fs2.closeSync(fd);
    if (!written) fs2.rmSync(lockPath, { force: true });
  }
  return true;
}
function breakIfStale(lockPath, staleMs) {
  let stat;
  try {
    stat = fs2.lstatSync(lockPath);
  } catch {
    return true;
  }
  const seen = readOwner(lockPath);
  const gone = seen !== void 0 && seen.host === os.hostname() && !processRuns(seen.pid);
  if (!gone && Date.now() - stat.mtimeMs < staleMs) return false;
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs2.renameSync(lockPath, aside);
  } catch {
    return true;
  }
  const taken = readOwner(aside);
  if (taken?.token !== seen?.token) {
    try {
      fs2.linkSync(aside, lockPath);
    } catch {
    }
  }
  fs2.rmSync(aside, { force: true });
  return true;
}
function release(lockPath, owner) {
  if (readOwner(lockPath)?.token !== owner.token) return;
  fs2.rmSync(lockPath, { force: true });
}
function readOwner(lockPath) {
  try {
    const owner = JSON.parse(fs2.readFileSync(lockPath, "utf8"));
    if (typeof owner.pid !== "number" || typeof owner.token !== "string") return void 0;
    return { pid: owner.pid, host: String(owner.host), token: owner.token };
  } catch {
    return void 0;
  }
}
function processRuns(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// src/core/storage/atomic-file.ts
function writeFileAtomically(filePath, text2, mode, beforeRename) {
  const target = resolvedTarget(filePath);
  const temporary = `${target}${TEMPORARY_MARK}${process.pid}-${randomBytes2(4).toString("hex")}`;
  try {
    writeAndFlush(temporary, text2, mode);
    beforeRename?.();
    renameOver(temporary, target);
  } catch (error) {
    try {
      fs3.rmSync(temporary, { force: true });
    } catch {
    }
    throw error;
  }
  flushDirectory(path3.dirname(target));
}
function removeAbandonedWrites(filePath) {
  const directory = path3.dirname(filePath);
  const prefix = `${path3.basename(filePath)}${TEMPORARY_MARK}`;
  let names;
  try {
    names = fs3.readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    const writer = /^(\d+)-/.exec(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !writer || processRuns(Number(writer[1]))) continue;
    const leftover = path3.join(directory, name);
    try {
      if (fs3.lstatSync(leftover).isFile()) fs3.rmSync(leftover);
    } catch {
    }
  }
}
var TEMPORARY_MARK = ".tmp-";
var WINDOWS_RENAME_WAITS_MS = [10, 20, 40, 80];
function renameOver(temporary, target) {
  for (const waitMs of [...WINDOWS_RENAME_WAITS_MS, void 0]) {
    try {
      fs3.renameSync(temporary, target);
      return;
    } catch (error) {
      const code2 = error.code;
      const momentary = code2 === "EPERM" || code2 === "EACCES" || code2 === "EBUSY";
      if (process.platform !== "win32" || !momentary || waitMs === void 0) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
    }
  }
}
function writeAndFlush(temporary, text2, mode) {
  let fd;
  try {
    fd = fs3.openSync(temporary, "wx", mode);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
    makeFolder(path3.dirname(temporary));
    fd = fs3.openSync(temporary, "wx", mode);
  }
  try {
    fs3.writeFileSync(fd, text2);
    fs3.fsyncSync(fd);
  } finally {
    fs3.closeSync(fd);
  }
}
function resolvedTarget(filePath) {
  try {
    return fs3.realpathSync(filePath);
  } catch {
    return filePath;
  }
}
function flushDirectory(directory) {
  if (process.platform === "win32") return;
  let fd;
  try {
    fd = fs3.openSync(directory, "r");
    fs3.fsyncSync(fd);
  } catch {
  } finally {
    if (fd !== void 0) fs3.closeSync(fd);
  }
}

// src/core/storage/store-file.ts
import fs4 from "node:fs";
function parseStoreText(text2) {
  return JSON.parse(text2.replace(/^\uFEFF/, ""));
}
function readStoreFile(filePath) {
  let text2;
  try {
    text2 = fs4.readFileSync(filePath, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw error;
  }
  return parseStoreText(text2);
}
function moveAside(filePath, clock) {
  const movedTo = `${filePath}.corrupt-${fileStamp(clock.now())}`;
  fs4.renameSync(filePath, movedTo);
  return movedTo;
}
function fileStamp(now) {
  return new Date(now).toISOString().replace(/[:.]/g, "-");
}
function reasonOf(error) {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

// src/core/storage/shared-file.ts
function updateSharedFile(filePath, change, clock, onSetAside) {
  return withCurrentContent(filePath, clock, onSetAside, (current, lock) => {
    const next = change(current);
    if (next !== void 0) {
      writeFileAtomically(filePath, JSON.stringify(next), 384, () => lock.assertHeld());
    }
    return next;
  });
}
function readSharedFile(filePath, clock, onSetAside) {
  return withCurrentContent(filePath, clock, onSetAside, (current) => current);
}
function withCurrentContent(filePath, clock, onSetAside, use) {
  return withFileLock(filePath, (lock) => {
    removeAbandonedWrites(filePath);
    let current;
    try {
      current = readStoreFile(filePath);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      onSetAside({ movedTo: moveAside(filePath, clock), reason: "not JSON" });
    }
    return use(current, lock);
  });
}

// src/core/accounts/account-name-file.ts
var ACCOUNT_NAME_FILE = "account-names.json";
var MAX_LIST_BYTES = 64 * 1024;
function accountNameListFor(platform, directory, onSetAside) {
  return platform === "darwin" && directory ? accountNameFile(directory, onSetAside) : void 0;
}
function accountNameFile(directory, onSetAside) {
  const file = path4.join(directory, ACCOUNT_NAME_FILE);
  const read = () => {
    try {
      if (fs5.statSync(file).size > MAX_LIST_BYTES) return void 0;
      return namesIn(readStoreFile(file));
    } catch {
      return void 0;
    }
  };
  return {
    read,
    update(change) {
      const listed = read();
      if (!changes(listed, change(listed))) return listed;
      let names;
      updateSharedFile(
        file,
        (current) => {
          const now = namesIn(current);
          const next = change(now);
          names = next ? [...new Set(next)] : now;
          return changes(now, next) ? { accounts: names } : void 0;
        },
        systemClock,
        onSetAside
      );
      return names;
    }
  };
}
function changes(now, next) {
  if (next === void 0) return false;
  const unique = [...new Set(next)];
  return now === void 0 || unique.length !== now.length || unique.some((n, i) => n !== now[i]);
}
function namesIn(parsed) {
  const names = parsed?.accounts;
  if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) return void 0;
  return [...new Set(names)];
}

// src/core/accounts/keychain.ts
import { execFile } from "node:child_process";

// src/shared/account.ts
var ENVIRONMENT_ACCOUNT = "environment";
var DEFAULT_ACCOUNT = "default";
var MAX_ACCOUNT_NAME = 40;
function accountNameProblem(name) {
  if (name.length === 0) return "An account needs a name.";
  if (name.length > MAX_ACCOUNT_NAME) {
    return `An account name has at most ${MAX_ACCOUNT_NAME} characters.`;
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return 'An account name is letters, digits, ".", "_" and "-", starting with a letter or a digit (e.g. production, client-a).';
  }
  if (name.toLowerCase() === ENVIRONMENT_ACCOUNT) {
    return `"${ENVIRONMENT_ACCOUNT}" is the name of the key in IMAGEKIT_PRIVATE_KEY; choose another name.`;
  }
  return void 0;
}
function accountNameKey(name) {
  return name.toLowerCase();
}
function takenNameProblem(name, names) {
  const existing = [...names];
  if (existing.includes(name)) return `There is already an account named "${name}".`;
  const other = existing.find((taken) => accountNameKey(taken) === accountNameKey(name));
  return other === void 0 ? void 0 : `There is already an account named "${other}": names that differ only in case name one account.`;
}
function caseVariantProblem(name, names) {
  const existing = [...names];
  return existing.includes(name) ? void 0 : takenNameProblem(name, existing);
}
function caseClashes(names) {
  const groups = /* @__PURE__ */ new Map();
  for (const name of new Set(names)) {
    const key = accountNameKey(name);
    groups.set(key, [...groups.get(key) ?? [], name]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}
function caseClashWords(clashes) {
  const named = clashes.map((group) => group.map((name) => `"${name}"`).join(" and "));
  return `The accounts ${named.join(", ")} have names that differ only in case: Windows Credential Manager keeps one key for such names, and they are easily mixed up. Rename or remove one of each.`;
}
function lookupOrder(names, defaultAccount) {
  const unique = [...new Set(names)];
  const rank = (name) => name === defaultAccount ? 0 : name === ENVIRONMENT_ACCOUNT ? 1 : name === DEFAULT_ACCOUNT ? 2 : 3;
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

// src/core/accounts/keytar-queue.ts
var CallLine = class {
  /** Settles when the last call queued is done with keytar (run and settled, or given up). */
  tail = Promise.resolve();
  /** The call in keytar outlived its time and has not settled: the keychain is not answering. */
  stuck = false;
  waiting = /* @__PURE__ */ new Set();
  add(run, bounds) {
    return new Promise((resolve, reject) => {
      let timer;
      const waiter = {
        startWaiting: () => {
          timer ??= bounds.clock.setTimeout(() => {
            this.waiting.delete(waiter);
            reject(bounds.timedOut(false));
          }, bounds.waitMs);
        },
        stopWaiting: () => {
          if (timer !== void 0) bounds.clock.clearTimeout(timer);
          timer = void 0;
        }
      };
      this.waiting.add(waiter);
      if (this.stuck) waiter.startWaiting();
      this.tail = this.tail.then(async () => {
        if (!this.waiting.delete(waiter)) return;
        waiter.stopWaiting();
        await this.runBounded(run, bounds, resolve, reject);
      });
    });
  }
  /** Runs `run` and settles the caller by its answer or its time; resolves once keytar is free. */
  async runBounded(run, bounds, resolve, reject) {
    const timer = bounds.clock.setTimeout(() => {
      this.stuck = true;
      for (const waiter of this.waiting) waiter.startWaiting();
      reject(bounds.timedOut(true));
    }, bounds.waitMs);
    await Promise.resolve().then(run).then(resolve, reject).finally(() => bounds.clock.clearTimeout(timer));
    if (this.stuck) {
      this.stuck = false;
      for (const waiter of this.waiting) waiter.stopWaiting();
    }
  }
};
var lines = /* @__PURE__ */ new WeakMap();
function oneAtATime(keytar, run, bounds) {
  let line = lines.get(keytar);
  if (!line) lines.set(keytar, line = new CallLine());
  return line.add(run, bounds);
}

// src/core/imagekit/private-key.ts
var KEY_PREFIX = { private: "private_", public: "public_" };
var API_KEY_START = `(?:${Object.values(KEY_PREFIX).join("|")})`;
var API_KEY_ANYWHERE = new RegExp(API_KEY_START, "i");
function apiKeyIn(text2) {
  const found = API_KEY_ANYWHERE.exec(text2);
  if (!found) return void 0;
  return found[0].toLowerCase() === KEY_PREFIX.private ? "private" : "public";
}
var PUBLIC_KEY_PROBLEM = `This is the public API key; Purge Watch needs the private key (it starts with "${KEY_PREFIX.private}").`;
function validatePrivateKey(key) {
  const trimmed2 = key.trim();
  if (trimmed2 === "") {
    return `The private API key is empty: paste the key that starts with "${KEY_PREFIX.private}" (ImageKit dashboard, Developer options).`;
  }
  if (trimmed2.startsWith(KEY_PREFIX.public)) return PUBLIC_KEY_PROBLEM;
  if (!trimmed2.startsWith(KEY_PREFIX.private)) {
    return `This does not look like an ImageKit private API key: it should start with "${KEY_PREFIX.private}".`;
  }
  if (/\s/.test(trimmed2)) {
    return "The private API key contains spaces or line breaks: paste it again as a single line.";
  }
  return void 0;
}
var NO_KEY = "No private API key is set.";
function checkPrivateKey(key) {
  if (key === void 0 || key.trim() === "") return NO_KEY;
  if (key.startsWith(KEY_PREFIX.public)) return PUBLIC_KEY_PROBLEM;
  return void 0;
}

// src/core/accounts/keychain.ts
var KeychainError = class extends Error {
  name = "KeychainError";
  kind;
  /** keytar's own words, for logs (the key, if it ever appeared, is masked). */
  detail;
  constructor(kind, message, detail) {
    super(message);
    this.kind = kind;
    this.detail = detail;
  }
};
var KEYCHAIN_SERVICE = "purge-watch";
var LEGACY_KEYCHAIN_ACCOUNT = "private-key";
var DEFAULT_KEYCHAIN_TIMEOUT_MS = 5e3;
var DEFAULT_PROMPT_TIMEOUT_MS = 12e4;
var KeytarKeychain = class {
  service;
  timeoutMs;
  promptTimeoutMs;
  nameList;
  /**
   * What the name list should say of an account (a key stored or deleted here) but could not be
   * written yet (a full disk, another process's lock held too long): read as listed so, and
   * written with the next change or listing.
   */
  unwritten = /* @__PURE__ */ new Map();
  platform;
  lockedKeyProbe;
  keytar;
  constructor(options = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.promptTimeoutMs = options.promptTimeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
    this.nameList = options.nameList;
    this.platform = options.platform ?? process.platform;
    this.lockedKeyProbe = options.lockedKeyProbe ?? (this.platform === "linux" ? secretServiceHoldsLockedKey : async () => false);
    if (options.keytar) this.keytar = Promise.resolve(options.keytar);
  }
  describe() {
    return describeKeychain(this.platform);
  }
  async installed() {
    try {
      await this.load();
      return true;
    } catch (error) {
      return !(error instanceof KeychainError && error.kind === "not_installed");
    }
  }
  async getPrivateKey(account) {
    const stored = await this.call("read", (keytar) => keytar.getPassword(this.service, account));
    if (stored !== null && stored !== "") {
      this.listed(account, true);
      return stored;
    }
    if (account === DEFAULT_ACCOUNT) {
      const moved = await this.moveLegacyKey();
      if (moved !== void 0) return moved;
    }
    if (await this.lockedKeyProbe(this.service, account).catch(() => false)) {
      throw new KeychainError("locked", lockedMessage(this.platform));
    }
    this.listed(account, false);
    return void 0;
  }
  /**
   * A name the list holds is answered from it. Any other is asked of the keychain, for that one
   * account: a key another program stored is found (and listed from then on), and where there
   * is no key, there is no secret to read and so no prompt.
   */
  async hasPrivateKey(account) {
    if (this.listedNames()?.includes(account)) return true;
    return await this.getPrivateKey(account) !== void 0;
  }
  async setPrivateKey(key, account) {
    const problem = validatePrivateKey(key);
    if (problem) throw new KeychainError("invalid", problem);
    const trimmed2 = key.trim();
    await this.call(
      "store",
      (keytar) => keytar.setPassword(this.service, account, trimmed2),
      trimmed2
    );
    this.listed(account, true);
  }
  async deletePrivateKey(account) {
    const deleted = await this.call(
      "delete",
      (keytar) => keytar.deletePassword(this.service, account)
    );
    this.listed(account, false);
    return deleted;
  }
  /**
   * From the name list when there is one; else from the keychain (which reads every key), and the
   * list starts with what it found, unless another process started one meanwhile: that one has
   * kept every change since, so it stays.
   */
  async accountNames() {
    this.writeListed();
    const listed = this.listedNames();
    if (listed) return listed;
    const found = await this.call("read", (keytar) => keytar.findCredentials(this.service));
    const names = new Set(found.filter((entry) => entry.password !== "").map((e) => e.account));
    if (names.delete(LEGACY_KEYCHAIN_ACCOUNT) && !names.has(DEFAULT_ACCOUNT)) {
      if (await this.moveLegacyKey() !== void 0) names.add(DEFAULT_ACCOUNT);
    }
    return this.changeList((current) => current ?? [...names]) ?? [...names];
  }
  /** The name list says whether `account` has a key (when there is a list to keep). */
  listed(account, present) {
    if (!this.nameList) return;
    this.unwritten.set(account, present);
    this.writeListed();
  }
  /** The list's names as this process knows them (with `unwritten`); undefined: no list. */
  listedNames() {
    const names = this.nameList?.read();
    return names && withListed(names, this.unwritten);
  }
  /** Writes the list's changes not written yet; kept when they cannot be (see `unwritten`). */
  writeListed() {
    if (!this.nameList || this.unwritten.size === 0) return;
    const changes2 = new Map(this.unwritten);
    try {
      this.nameList.update((names) => names && withListed(names, changes2));
    } catch {
      return;
    }
    for (const [account, present] of changes2) {
      if (this.unwritten.get(account) === present) this.unwritten.delete(account);
    }
  }
  /**
   * Changes the name list as it is now (another process may have changed it since it was read).
   * A change that fails changes nothing else: the keychain holds the keys, and a list found
   * wrong is corrected as the keys are read. Returns the names listed after, if known.
   */
  changeList(change) {
    try {
      return this.nameList?.update(change);
    } catch {
      return void 0;
    }
  }
  /**
   * The one key of a version before accounts becomes DEFAULT_ACCOUNT's (when that has none; the
   * old entry then goes). Whichever is asked first, reading the default key or listing the
   * accounts, moves it. Resolves to the default account's key after the move, if it has one.
   */
  async moveLegacyKey() {
    const legacy = await this.call(
      "read",
      (keytar) => keytar.getPassword(this.service, LEGACY_KEYCHAIN_ACCOUNT)
    );
    if (legacy === null || legacy === "") {
      const current = await this.call(
        "read",
        (keytar) => keytar.getPassword(this.service, DEFAULT_ACCOUNT)
      );
      return current || void 0;
    }
    await this.call(
      "store",
      (keytar) => keytar.setPassword(this.service, DEFAULT_ACCOUNT, legacy),
      legacy
    );
    await this.call(
      "delete",
      (keytar) => keytar.deletePassword(this.service, LEGACY_KEYCHAIN_ACCOUNT)
    );
    this.listed(DEFAULT_ACCOUNT, true);
    return legacy;
  }
  async call(operation, run, secret) {
    const keytar = await this.load();
    const prompts = this.platform === "darwin";
    const waitMs = prompts ? this.promptTimeoutMs : this.timeoutMs;
    const message = prompts ? promptTimeoutMessage(waitMs) : timeoutMessage(this.platform, waitMs);
    try {
      return await oneAtATime(keytar, () => run(keytar), {
        // Real time: it bounds a real call into the keychain.
        clock: systemClock,
        waitMs,
        timedOut: (ran) => new KeychainError("timeout", message, ran ? void 0 : NOT_RUN)
      });
    } catch (cause) {
      if (cause instanceof KeychainError) throw cause;
      throw keychainErrorFrom(cause, operation, this.platform, secret);
    }
  }
  load() {
    this.keytar ??= loadKeytar(this.platform);
    return this.keytar;
  }
};
var NOT_RUN = "not run: an earlier call into the keychain has not answered";
function describeKeychain(platform) {
  if (platform === "darwin") return "the macOS Keychain";
  if (platform === "win32") return "Windows Credential Manager";
  return "the Secret Service keychain (GNOME Keyring or KWallet)";
}
function keychainErrorFrom(cause, operation, platform, secret) {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const detail = secret ? raw.split(secret).join("[private key]") : raw;
  const text2 = detail.toLowerCase();
  if (text2.includes("cannot autolaunch d-bus") || text2.includes("could not connect") || // DBUS_SESSION_BUS_ADDRESS set but empty (a service or CI environment without a session).
  text2.includes("address is empty")) {
    return new KeychainError(
      "unavailable",
      `No D-Bus session is running, so the keyring cannot be reached: start Purge Watch from your desktop session (or run it under dbus-run-session with gnome-keyring).`,
      detail
    );
  }
  if (platform !== "darwin" && platform !== "win32" && text2.includes("address")) {
    return new KeychainError(
      "unavailable",
      `DBUS_SESSION_BUS_ADDRESS does not name a D-Bus session (${detail}), so the keyring cannot be reached: start Purge Watch from your desktop session (or run it under dbus-run-session with gnome-keyring).`,
      detail
    );
  }
  if (text2.includes("org.freedesktop.secrets") || text2.includes("serviceunknown")) {
    return new KeychainError("unavailable", unavailableMessage(platform), detail);
  }
  if (text2.includes("locked") || text2.includes("user interaction is not allowed")) {
    return new KeychainError("locked", lockedMessage(platform), detail);
  }
  if (text2.includes("object does not exist at path") && text2.includes("/collection/") || text2.includes("no such secret collection")) {
    return new KeychainError(
      "locked",
      `The keyring has no default collection to store the key in: open your keyring app (Passwords and Keys, or KWalletManager), create or unlock the "Login" keyring, then try again.`,
      detail
    );
  }
  if (text2.includes("cancel") || text2.includes("dismissed")) {
    return new KeychainError(
      "locked",
      `The keychain's unlock request was dismissed: try again and unlock ${describeKeychain(platform)} when asked.`,
      detail
    );
  }
  return new KeychainError(
    "failed",
    `${capitalize(describeKeychain(platform))} could not ${operation} the private key (${detail}). Try again.`,
    detail
  );
}
var LOCKED_PROBE_TIMEOUT_MS = 2e3;
function secretServiceHoldsLockedKey(service, account) {
  if (service.includes(",") || account.includes(",")) return Promise.resolve(false);
  const args = [
    "--session",
    "--print-reply",
    "--dest=org.freedesktop.secrets",
    "/org/freedesktop/secrets",
    "org.freedesktop.Secret.Service.SearchItems",
    `dict:string:string:service,${service},account,${account}`
  ];
  return new Promise((resolve) => {
    execFile("dbus-send", args, { timeout: LOCKED_PROBE_TIMEOUT_MS }, (error, stdout) => {
      if (error) return resolve(false);
      const lists = stdout.split(/\barray \[/).slice(1);
      resolve(lists.length === 2 && /object path/.test(lists[1] ?? ""));
    });
  });
}
async function loadKeytar(platform) {
  try {
    const loaded = await import("keytar");
    return loaded.default ?? loaded;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    if (isMissingKeytar(cause)) throw new KeychainError("not_installed", KEYTAR_MISSING, detail);
    const need = platform === "linux" ? " (it needs libsecret: install libsecret-1-0)" : "";
    throw new KeychainError(
      "unavailable",
      `The keychain module (keytar) could not be loaded${need}: reinstall Purge Watch.`,
      detail
    );
  }
}
var KEYTAR_MISSING = "Keychain support is not installed: install keytar to use it.";
function isMissingKeytar(cause) {
  const { code: code2, message } = cause ?? {};
  return (code2 === "ERR_MODULE_NOT_FOUND" || code2 === "MODULE_NOT_FOUND") && typeof message === "string" && /['"]keytar['"]/.test(message);
}
function unavailableMessage(platform) {
  if (platform === "darwin")
    return `The macOS Keychain cannot be reached: log in to your Mac session.`;
  if (platform === "win32") {
    return `Windows Credential Manager cannot be reached: make sure the Credential Manager service is running.`;
  }
  return `No keychain service is running: install and start gnome-keyring (or KWallet).`;
}
function lockedMessage(platform) {
  if (platform === "darwin")
    return `The macOS Keychain is locked: unlock it in Keychain Access, then try again.`;
  return `${capitalize(describeKeychain(platform))} is locked: unlock it (log in to your desktop, or open Passwords and Keys / KWalletManager), then try again.`;
}
function timeoutMessage(platform, timeoutMs) {
  return `${capitalize(describeKeychain(platform))} did not answer within ${duration(timeoutMs)}; it may be waiting for you to unlock it in a dialog. Unlock it and try again.`;
}
function promptTimeoutMessage(timeoutMs) {
  return `No answer from the macOS Keychain within ${duration(timeoutMs)}: it may be asking, in a window of its own, whether Purge Watch may use its key. Answer it (Always Allow stops the question), then try again.`;
}
function duration(ms) {
  if (ms < 1e3) return `${ms} ms`;
  return ms < 12e4 ? `${Math.round(ms / 1e3)} s` : `${Math.round(ms / 6e4)} minutes`;
}
function capitalize(text2) {
  return text2.charAt(0).toUpperCase() + text2.slice(1);
}
function withListed(names, changes2) {
  const listed = names.filter((name) => changes2.get(name) !== false);
  for (const [account, present] of changes2) {
    if (present && !listed.includes(account)) listed.push(account);
  }
  return listed;
}

// src/cli/duration-figures.ts
import path6 from "node:path";

// src/core/storage/duration-history.ts
import path5 from "node:path";

// src/shared/duration-estimate.ts
var SECOND = 1e3;
var MINUTE = 60 * SECOND;
var HOUR = 60 * MINUTE;
var MIN_ESTIMATE_SAMPLES = 5;
var ESTIMATE_FROM_RECENT = 50;
var FAR_PAST_FACTOR = 3;
var FAR_PAST_MIN_MS = 10 * MINUTE;
var DURATION_BIN_EDGES_MS = [
  0,
  5 * SECOND,
  10 * SECOND,
  20 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  3 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR
];
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}
function durationBins(durationsMs) {
  const bins = DURATION_BIN_EDGES_MS.map((fromMs, i) => {
    const toMs = DURATION_BIN_EDGES_MS[i + 1];
    return toMs === void 0 ? { fromMs, count: 0 } : { fromMs, toMs, count: 0 };
  });
  for (const ms of durationsMs) {
    const bin = bins.findLast((b) => ms >= b.fromMs) ?? bins[0];
    bin.count += 1;
  }
  return bins;
}
function summarizeDurations(durationsMs) {
  const valid = durationsMs.filter((ms) => Number.isFinite(ms) && ms >= 0);
  if (valid.length < MIN_ESTIMATE_SAMPLES) return void 0;
  const sorted = [...valid].sort((a, b) => a - b);
  const recent = valid.slice(-ESTIMATE_FROM_RECENT).sort((a, b) => a - b);
  const at = (values, q) => Math.round(quantile(values, q));
  return {
    count: valid.length,
    medianMs: at(sorted, 0.5),
    p90Ms: at(sorted, 0.9),
    p95Ms: at(sorted, 0.95),
    bins: durationBins(valid),
    usually: { fromMs: at(recent, 0.1), toMs: at(recent, 0.9), p95Ms: at(recent, 0.95) }
  };
}
function estimatePurge(submittedAt, now, summary, resolution = "second") {
  if (!summary || !Number.isFinite(submittedAt)) return void 0;
  const { fromMs, toMs, p95Ms } = summary.usually;
  const age = now - submittedAt;
  const slow = age > p95Ms;
  const range = formatDurationRange(fromMs, toMs, resolution);
  return {
    expectedBy: { earliest: submittedAt + fromMs, latest: submittedAt + toMs },
    slow,
    farPast: age > farPastAfter(summary),
    text: slow ? `taking longer than usual (usually ${range})` : `usually done in ${range}`,
    range
  };
}
function farPastAfter(summary) {
  return Math.max(FAR_PAST_FACTOR * summary.usually.p95Ms, FAR_PAST_MIN_MS);
}
function formatDurationRange(fromMs, toMs, resolution = "second") {
  if (toMs < MINUTE && resolution === "second") {
    const from2 = Math.floor(fromMs / SECOND);
    const to2 = Math.max(from2 + 1, Math.ceil(toMs / SECOND));
    return `${from2}\u2013${to2} s`;
  }
  if (toMs < MINUTE) return "under 1 min";
  if (toMs <= 2 * HOUR) {
    const from2 = Math.floor(fromMs / MINUTE);
    const to2 = Math.ceil(toMs / MINUTE);
    if (from2 === 0) return `under ${to2} min`;
    return from2 === to2 ? `about ${to2} min` : `${from2}\u2013${to2} min`;
  }
  const from = Math.floor(fromMs / HOUR);
  const to = Math.ceil(toMs / HOUR);
  return from === to ? `about ${to} h` : `${from}\u2013${to} h`;
}

// src/core/typed-events.ts
var TypedEvents = class {
  constructor(onListenerError = () => void 0) {
    this.onListenerError = onListenerError;
  }
  onListenerError;
  listeners = /* @__PURE__ */ new Map();
  /** Subscribe; the returned function unsubscribes. */
  on(event, listener) {
    let set = this.listeners.get(event);
    if (!set) {
      set = /* @__PURE__ */ new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
  emit(event, payload) {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
};

// src/core/storage/coalescing-writer.ts
var RETRY_AFTER_FAILURE_MS = 5e3;
var CoalescingWriter = class {
  clock;
  coalesceMs;
  describe;
  onProblem;
  /** The latest write waiting for the timer. */
  pending;
  timer;
  closed = false;
  currentProblem;
  /** Writes performed, for benchmarks and tests. */
  writes = 0;
  constructor(options) {
    this.clock = options.clock;
    this.coalesceMs = options.coalesceMs;
    this.describe = options.describe ?? ((reason) => reason);
    this.onProblem = options.onProblem ?? (() => void 0);
    this.currentProblem = options.problem;
  }
  /** Why the last write failed, until one works again. */
  get problem() {
    return this.currentProblem;
  }
  /** Write now (what the user did), replacing what waits. False when it failed: retried later. */
  writeNow(write) {
    this.cancelTimer();
    this.pending = void 0;
    return this.run(write);
  }
  /** Write soon, together with whatever else changes meanwhile: `write` replaces what waits. */
  writeSoon(write, delayMs = this.coalesceMs) {
    this.pending = write;
    if (this.timer !== void 0 || this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = void 0;
      this.flush();
    }, delayMs);
  }
  /** Write what is waiting, if anything. */
  flush() {
    this.cancelTimer();
    const write = this.pending;
    this.pending = void 0;
    if (write) this.run(write);
  }
  /** Write what is waiting, once, and arm no retry: the file is done with. */
  close() {
    this.closed = true;
    this.flush();
  }
  run(write) {
    try {
      write();
      this.writes += 1;
      if (this.currentProblem !== void 0) {
        this.currentProblem = void 0;
        this.onProblem(void 0);
      }
      return true;
    } catch (error) {
      const problem = this.describe(reasonOf(error));
      if (problem !== this.currentProblem) {
        this.currentProblem = problem;
        this.onProblem(problem);
      }
      this.writeSoon(write, Math.max(this.coalesceMs, RETRY_AFTER_FAILURE_MS));
      return false;
    }
  }
  cancelTimer() {
    if (this.timer === void 0) return;
    this.clock.clearTimeout(this.timer);
    this.timer = void 0;
  }
};

// src/core/storage/duration-history.ts
var HISTORY_LIMIT = 500;
var DURATION_FILE_NAME = "durations.json";
var REREAD_FIRST_MS = 5e3;
var REREAD_MAX_MS = 5 * 6e4;
var DurationHistory = class {
  file;
  limit;
  writer;
  /** Every account's completions as last read or written, with the changes since. */
  accounts;
  /** This process's changes not written yet, in order. */
  unwritten = [];
  summaries = /* @__PURE__ */ new Map();
  listeners = /* @__PURE__ */ new Set();
  events = new TypedEvents();
  /** Why the file could not be read at start (the history starts empty then). */
  readProblem;
  clock;
  rereadUnreadable;
  /** The next read of a file that could not be read, and the wait before it. */
  reread;
  closed = false;
  constructor(options) {
    this.file = options.file;
    this.limit = options.limit ?? HISTORY_LIMIT;
    this.clock = options.clock;
    this.rereadUnreadable = options.rereadUnreadable ?? false;
    this.writer = new CoalescingWriter({
      clock: options.clock,
      coalesceMs: options.coalesceMs ?? 5e3,
      describe: (reason) => `The purge durations could not be saved${this.where("to")} (${reason}).`,
      onProblem: () => this.events.emit("problem", void 0)
    });
    this.accounts = this.trimmed(readAccounts(this.read()));
  }
  /**
   * What the file holds, or undefined when it could not be read: `readProblem` says why then,
   * and it is moved aside soon (not JSON) or read again later (`rereadUnreadable`).
   */
  read() {
    try {
      return this.file?.read();
    } catch (error) {
      if (error instanceof SyntaxError) {
        this.readProblem = "The purge durations file is not JSON: it is moved aside in a moment.";
        this.writer.writeSoon(() => this.write());
      } else {
        const again = this.rereadUnreadable ? ". They are read again once they can be" : "";
        this.readProblem = `The purge durations could not be read${this.where("from")} (${reasonOf(error)})${again}.`;
        this.readAgainLater();
      }
      return void 0;
    }
  }
  /** Arms the next read of a file that could not be read, each wait twice the last (bounded). */
  readAgainLater() {
    if (!this.rereadUnreadable || this.closed) return;
    const afterMs = this.reread ? Math.min(this.reread.afterMs * 2, REREAD_MAX_MS) : REREAD_FIRST_MS;
    const timer = this.clock.setTimeout(() => this.readAgain(), afterMs);
    this.reread = { timer, afterMs };
  }
  /**
   * Reads a file that could not be read at start again (unless a write has read it meanwhile):
   * what it holds now, with what this process learned meanwhile applied on top (and written
   * with the next write, as always).
   */
  readAgain() {
    if (this.readProblem === void 0 || this.closed) return;
    const before = this.readProblem;
    this.readProblem = void 0;
    const raw = this.read();
    if (this.readProblem === void 0) {
      this.reread = void 0;
      this.accounts = this.trimmed(applyChanges(readAccounts(raw), this.unwritten));
      this.summaries.clear();
      for (const listener of this.listeners) listener();
    }
    if (this.readProblem !== before && this.writer.problem === void 0) {
      this.events.emit("problem", void 0);
    }
  }
  cancelReread() {
    if (this.reread) this.clock.clearTimeout(this.reread.timer);
    this.reread = void 0;
  }
  /** ' to <file>' (or 'from') in a failure's words, when the file has a path. */
  where(preposition) {
    return this.file?.path === void 0 ? "" : ` ${preposition} ${this.file.path}`;
  }
  /** `problem` is why the file could not be read at start (the history started empty). */
  get unread() {
    return this.writer.problem === void 0 && this.readProblem !== void 0;
  }
  /**
   * Why the history could not be written last time (the durations are kept in memory and the
   * write is tried again), else why it could not be read at start.
   */
  get problem() {
    return this.writer.problem ?? this.readProblem;
  }
  /** An account's completions, oldest first. */
  completionsOf(account) {
    return Object.hasOwn(this.accounts, account) ? this.accounts[account] : [];
  }
  /** The durations (ms), oldest first. */
  durations(account) {
    return this.completionsOf(account).map((c) => c.durationMs);
  }
  /** The figures every surface shows (undefined with fewer than 5 completions). */
  summary(account) {
    if (!this.summaries.has(account)) {
      this.summaries.set(account, summarizeDurations(this.durations(account)));
    }
    return this.summaries.get(account);
  }
  /** An account was renamed: its completions go with it. */
  rename(from, to) {
    if (from === to || !Object.hasOwn(this.accounts, from)) return;
    this.change({ kind: "rename", from, to });
  }
  /** Called when `problem` changes: a write failed, or works again. */
  onProblem(listener) {
    return this.events.on("problem", listener);
  }
  /** Called after every recorded completion, and when a file that could not be read is read. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  record(completion, account) {
    this.change({ kind: "record", account, completion });
    for (const listener of this.listeners) listener();
  }
  /** Write now what waits for its timer: a file read as not JSON is moved aside at once. */
  flush() {
    this.writer.flush();
  }
  /** Write whatever is unwritten now (quit), and arm nothing. */
  close() {
    this.closed = true;
    this.cancelReread();
    if (this.file && this.unwritten.length > 0) this.writer.writeNow(() => this.write());
    this.writer.close();
  }
  change(change) {
    this.accounts = this.trimmed(applyChanges(this.accounts, [change]));
    this.summaries.clear();
    if (!this.file) return;
    this.unwritten.push(change);
    this.writer.writeSoon(() => this.write());
  }
  /** This process's changes, applied to what the file holds now; what is there is what is known. */
  write() {
    const written = this.file.update((current) => ({
      accounts: this.trimmed(applyChanges(readAccounts(current), this.unwritten))
    }));
    this.unwritten = [];
    this.accounts = written.accounts;
    this.summaries.clear();
    if (this.readProblem !== void 0) {
      this.readProblem = void 0;
      this.cancelReread();
      if (this.writer.problem === void 0) this.events.emit("problem", void 0);
    }
  }
  trimmed(accounts) {
    for (const [name, list] of Object.entries(accounts)) {
      if (list.length > this.limit) accounts[name] = list.slice(-this.limit);
    }
    return accounts;
  }
};
function applyChanges(accounts, changes2) {
  const result = {};
  for (const [name, list] of Object.entries(accounts)) result[name] = [...list];
  const listOf = (name) => Object.hasOwn(result, name) ? result[name] : [];
  for (const change of changes2) {
    if (change.kind === "rename") {
      if (change.from === change.to || !Object.hasOwn(result, change.from)) continue;
      result[change.to] = [...listOf(change.to), ...result[change.from]];
      delete result[change.from];
      continue;
    }
    const list = listOf(change.account);
    const { requestId } = change.completion;
    if (requestId !== void 0 && list.some((known) => known.requestId === requestId)) continue;
    result[change.account] = [...list, change.completion];
  }
  return result;
}
function readAccounts(raw) {
  const accounts = raw?.accounts;
  if (!accounts || typeof accounts !== "object" || Array.isArray(accounts)) return {};
  const result = {};
  for (const [name, list] of Object.entries(accounts)) {
    if (Array.isArray(list)) result[name] = list.filter(isCompletedDuration).map(pick);
  }
  return result;
}
var MAX_DURATION_MS = 365 * 24 * 60 * 6e4;
var MAX_TIME_MS = 864e13;
function isCompletedDuration(value) {
  if (!value || typeof value !== "object") return false;
  const record2 = value;
  return Number.isFinite(record2.submittedAt) && Math.abs(record2.submittedAt) <= MAX_TIME_MS - MAX_DURATION_MS && Number.isFinite(record2.durationMs) && record2.durationMs >= 0 && record2.durationMs <= MAX_DURATION_MS && typeof record2.submittedHere === "boolean" && (record2.atFirstCheck === void 0 || typeof record2.atFirstCheck === "boolean") && (record2.requestId === void 0 || typeof record2.requestId === "string");
}
function pick(c) {
  const result = {
    submittedAt: c.submittedAt,
    durationMs: c.durationMs,
    submittedHere: c.submittedHere
  };
  if (c.atFirstCheck) result.atFirstCheck = true;
  if (c.requestId !== void 0) result.requestId = c.requestId;
  return result;
}
function durationHistoryFile(directory, clock, onSetAside) {
  const filePath = path5.join(directory, DURATION_FILE_NAME);
  return {
    path: filePath,
    read: () => readStoreFile(filePath),
    update: (change) => updateSharedFile(filePath, change, clock, onSetAside)
  };
}

// src/cli/set-aside.ts
function saySetAside(output2, file, startsAgain) {
  return ({ movedTo }) => output2.error(`${file} was not JSON: it was moved to ${movedTo}, and ${startsAgain}.`);
}

// src/cli/duration-figures.ts
var APP_DIRECTORY = "Purge Watch";
function profileDirectory(context) {
  const { env } = context;
  if (env.PURGE_WATCH_USER_DATA) return path6.resolve(env.PURGE_WATCH_USER_DATA);
  switch (context.platform ?? "linux") {
    case "win32":
      return env.APPDATA ? path6.join(env.APPDATA, APP_DIRECTORY) : void 0;
    case "darwin":
      return env.HOME ? path6.join(env.HOME, "Library", "Application Support", APP_DIRECTORY) : void 0;
    default: {
      const config = env.XDG_CONFIG_HOME || env.HOME && path6.join(env.HOME, ".config");
      return config ? path6.join(config, APP_DIRECTORY) : void 0;
    }
  }
}
function durationHistory(context, output2) {
  const directory = profileDirectory(context);
  const onSetAside = saySetAside(
    output2,
    "the purge durations file",
    "the history of how long purges take starts again"
  );
  const history = new DurationHistory({
    clock: context.clock,
    file: directory === void 0 ? void 0 : durationHistoryFile(directory, context.clock, onSetAside)
  });
  history.flush();
  return history;
}
function estimateData(estimate) {
  if (!estimate) return {};
  return {
    expectedBy: {
      earliest: new Date(estimate.expectedBy.earliest).toISOString(),
      latest: new Date(estimate.expectedBy.latest).toISOString()
    },
    longerThanUsual: estimate.slow
  };
}

// src/cli/exit-codes.ts
var ExitCode = {
  /** All fetched (status), all completed (wait, purge --wait), the command did its job. */
  ok: 0,
  /**
   * A request failed: not found, an API or network error after retries, maybe submitted; stdout
   * could not be written (a full disk: results lost); or an internal error (a bug, said on
   * stderr) ended the command.
   */
  failed: 1,
  /**
   * Usage error or invalid input (a wildcard ImageKit refuses, more URLs than --max-purges
   * without a yes at a terminal); no request was sent.
   */
  usage: 2,
  /** `--timeout` reached. */
  timeout: 3,
  /**
   * No key (also when keychain support is not installed), a public key, or the key rejected by
   * ImageKit (`key set`: nothing stored).
   */
  auth: 4,
  /** The OS keychain cannot be used (no Secret Service or D-Bus, locked, not answering). */
  keychain: 5,
  /**
   * `--verify`: every purge completed, but the CDN's nearest edge still served a copy from
   * before one of them after the re-checks.
   */
  stale: 6,
  /** The terminal closed (SIGHUP): 128 + 1. */
  hungUp: 129,
  /** Ctrl-C (SIGINT): 128 + 2. */
  interrupted: 130,
  /** stdout (or stderr) closed by the reader before the work was done (SIGPIPE): 128 + 13. */
  outputClosed: 141,
  /** SIGTERM: 128 + 15. */
  terminated: 143
};
var CliError = class extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
    this.name = "CliError";
  }
  exitCode;
};

// src/cli/stop.ts
var EXIT_CODES = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
  SIGHUP: ExitCode.hungUp,
  EPIPE: ExitCode.outputClosed
};
function stopExitCode(reason) {
  return EXIT_CODES[reason];
}
function stopReason(signal) {
  const reason = signal.reason;
  return typeof reason === "string" && Object.hasOwn(EXIT_CODES, reason) ? reason : "SIGTERM";
}
function whenStopped(signal) {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve(stopReason(signal));
    signal.addEventListener("abort", () => resolve(stopReason(signal)), { once: true });
  });
}

// src/cli/output-flush.ts
var STOPPED_FLUSH_GRACE_MS = 1e3;
function flushed(stream) {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write("", () => resolve());
  });
}
async function flushedUnlessStopped(streams2, stop2, clock) {
  const allFlushed = Promise.all(streams2.map(flushed)).then(() => void 0);
  const givenUp = whenStopped(stop2).then(
    (reason) => new Promise(
      (resolve) => clock.setTimeout(() => resolve(reason), STOPPED_FLUSH_GRACE_MS)
    )
  );
  return Promise.race([allFlushed, givenUp]);
}

// src/cli/output-reader.ts
import fs6 from "node:fs";
import path7 from "node:path";
var POLL_MS2 = 500;
var PROC = "/proc";
function watchReader(fd, onGone, platform, clock = systemClock) {
  let stat;
  try {
    stat = fs6.fstatSync(fd, { bigint: true });
  } catch {
    return () => void 0;
  }
  const stillRead = stat.isSocket() ? socketStillRead(fd) : stat.isFIFO() && platform === "linux" ? pipeStillRead(stat) : void 0;
  if (!stillRead) return () => void 0;
  let stopped = false;
  let timer;
  const poll = () => {
    void stillRead().then((read) => {
      if (stopped) return;
      if (read) timer = clock.setTimeout(poll, POLL_MS2);
      else {
        stopped = true;
        onGone();
      }
    });
  };
  timer = clock.setTimeout(poll, POLL_MS2);
  return () => {
    stopped = true;
    clock.clearTimeout(timer);
  };
}
function socketStillRead(fd) {
  const buffer = Buffer.alloc(1);
  let reading = false;
  return () => new Promise((resolve) => {
    if (reading) return resolve(true);
    reading = true;
    fs6.read(fd, buffer, 0, 1, null, (error, bytes) => {
      reading = false;
      resolve(error !== null || bytes > 0);
    });
  });
}
function pipeStillRead(pipe) {
  let known = [];
  return async () => {
    known = known.filter((fdPath) => readsPipe(fdPath, pipe));
    if (known.length > 0) return true;
    known = findReaders(pipe);
    return known.length > 0 || known === UNSURE;
  };
}
var UNSURE = [];
function findReaders(pipe) {
  let pids;
  try {
    pids = fs6.readdirSync(PROC).filter((name) => /^\d+$/.test(name));
  } catch {
    return UNSURE;
  }
  const found = [];
  for (const pid of pids) {
    let fds;
    try {
      fds = fs6.readdirSync(path7.join(PROC, pid, "fd"));
    } catch {
      continue;
    }
    for (const fd of fds) {
      const fdPath = path7.join(PROC, pid, "fd", fd);
      if (readsPipe(fdPath, pipe)) found.push(fdPath);
    }
  }
  return found;
}
function readsPipe(fdPath, pipe) {
  try {
    const target = fs6.statSync(fdPath, { bigint: true });
    if (target.ino !== pipe.ino || target.dev !== pipe.dev) return false;
    const info = fs6.readFileSync(
      fdPath.replace(`${path7.sep}fd${path7.sep}`, `${path7.sep}fdinfo${path7.sep}`),
      "utf8"
    );
    const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
    return flags === void 0 || (Number.parseInt(flags, 8) & 3) !== 1;
  } catch {
    return false;
  }
}

// src/shared/version.ts
var VERSION = true ? "0.1.0" : "dev";
var USER_AGENT = `purge-watch/${VERSION}`;

// src/cli/args.ts
import { parseArgs } from "node:util";

// src/core/input/paste-entries.ts
var LIST_ENTRY = /[^\s,;\u0085\u200b]+/g;
var LINE = /[^\r\n\u0085\u2028\u2029]+/g;
var WORD = /\S+/g;
function pasteEntries(text2, entry) {
  const entries = [];
  for (const piece of text2.match(entry) ?? []) {
    const trimmed2 = piece.trim();
    if (trimmed2 !== "") entries.push(trimmed2);
  }
  return entries;
}

// src/core/imagekit/server-text.ts
var MAX_SERVER_TEXT_CHARS = 300;
var UNSHOWABLE = (
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}]+/gu
);
var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
function safeServerText(text2, secrets = [], maxChars = MAX_SERVER_TEXT_CHARS) {
  const joined = text2.replace(UNSHOWABLE, "");
  const hidesSecret = secrets.some((secret) => secret !== "" && joined.includes(secret));
  let shown2 = hidesSecret ? joined : text2;
  for (const secret of secrets) {
    if (secret !== "") shown2 = shown2.split(secret).join("[private key]");
  }
  shown2 = shown2.replace(UNSHOWABLE, " ").replace(LONE_SURROGATE, "\uFFFD");
  shown2 = shown2.replace(/ {2,}/g, " ").trim();
  return shown2.length > maxChars ? `${shown2.slice(0, maxChars - 1)}\u2026` : shown2;
}
function keyForms(key) {
  return [key, Buffer.from(`${key}:`).toString("base64")];
}

// src/core/input/rejected-inputs.ts
var MAX_LISTED_REJECTIONS = 50;
var MAX_REJECTED_TEXT_CHARS = 64;
var MAX_REMEMBERED_TEXTS = 1e4;
function shownText(token) {
  const key = apiKeyIn(token);
  return key ? `${key}_\u2026` : displayText(token);
}
function codePointOf(character) {
  return `U+${character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}
function displayText(token) {
  const cut = token.length > MAX_REJECTED_TEXT_CHARS;
  let shown2 = "";
  const end = Math.min(token.length, MAX_REJECTED_TEXT_CHARS);
  for (let i = 0; i < end; i++) {
    const code2 = token.charCodeAt(i);
    if (code2 < 32) shown2 += String.fromCharCode(9216 + code2);
    else if (code2 === 127) shown2 += "\u2421";
    else if (code2 >= 55296 && code2 <= 56319) {
      const next = i + 1 < end ? token.charCodeAt(i + 1) : -1;
      if (next >= 56320 && next <= 57343) {
        shown2 += token[i] + token[i + 1];
        i++;
      } else shown2 += "\uFFFD";
    } else if (code2 >= 56320 && code2 <= 57343) shown2 += "\uFFFD";
    else shown2 += token[i];
  }
  return cut ? `${shown2}\u2026` : shown2;
}
var RejectionList = class {
  listed = [];
  seen = /* @__PURE__ */ new Set();
  unlisted = 0;
  /** Rejects `token` (shown cut, made visible, a key redacted) for `reason`. */
  add(token, reason) {
    const text2 = shownText(token);
    const identity = `${text2}\0${reason}`;
    if (this.seen.has(identity)) return;
    if (this.seen.size < MAX_REMEMBERED_TEXTS) this.seen.add(identity);
    if (this.listed.length < MAX_LISTED_REJECTIONS) this.listed.push({ text: text2, reason });
    else this.unlisted++;
  }
  toArray() {
    if (this.unlisted === 0) return [...this.listed];
    return [
      ...this.listed,
      { text: `\u2026and ${this.unlisted} more`, reason: "further rejected inputs are not listed" }
    ];
  }
};

// src/core/input/purge-urls.ts
var MAX_PURGE_URL_LENGTH = 8192;
var NOT_HTTP = "not an http(s) URL";
var HTTP = /^https?:\/\//i;
function parsePurgeUrls(text2) {
  const urls = [];
  const seen = /* @__PURE__ */ new Set();
  const rejected = new RejectionList();
  if (typeof text2 !== "string") return { urls, rejected: [] };
  for (const token of pasteEntries(text2, LINE).flatMap(urlsOnLine)) {
    const verdict = judgeUrl(token);
    if ("reason" in verdict) {
      rejected.add(verdict.shown ?? token, verdict.reason);
    } else if (!seen.has(verdict.identity)) {
      seen.add(verdict.identity);
      urls.push(token);
    }
  }
  return { urls, rejected: rejected.toArray() };
}
function urlsOnLine(line) {
  const words = pasteEntries(line, WORD);
  return words.length > 1 && words.every((word) => HTTP.test(word)) ? words : [line];
}
function judgeUrl(token) {
  const key = apiKeyIn(token);
  if (key) return { reason: `looks like a ${key} API key \u2014 not a URL` };
  if (token.length > MAX_PURGE_URL_LENGTH) {
    return { reason: `longer than ${MAX_PURGE_URL_LENGTH} characters` };
  }
  if (!HTTP.test(token)) return { reason: NOT_HTTP };
  if (/\s/.test(token)) return { reason: "contains a space (write it as %20)" };
  const invisible = token.search(UNSHOWABLE);
  if (invisible !== -1) {
    const code2 = codePointOf(token.slice(invisible));
    return { reason: `contains an invisible character (${code2}), e.g. a terminal colour code` };
  }
  let url;
  try {
    url = new URL(token);
  } catch {
    return { reason: NOT_HTTP };
  }
  if (url.hostname === "") return { reason: NOT_HTTP };
  if (url.username !== "" || url.password !== "") {
    url.username = "";
    url.password = "";
    return { reason: "contains a user name or password", shown: url.href };
  }
  const star = token.indexOf("*");
  if (star !== -1 && star !== token.length - 1) {
    return { reason: "a * wildcard is only allowed at the very end" };
  }
  if (star !== -1 && !wildcardAllowed(url)) {
    return {
      reason: "ImageKit refuses a trailing * unless the path before it has 2 levels, 15 characters or a file name"
    };
  }
  return { identity: url.href };
}
function wildcardAllowed(url) {
  const before = `${url.pathname}${url.search}`.replace(/\*$/, "").replace(/^\//, "");
  const levels = before.split("/").filter(Boolean);
  const file = /\.[a-z0-9]+(\?.*)?$/i.test(levels.at(-1) ?? "") && !before.endsWith("/");
  return levels.length >= 2 || before.length >= 15 || file;
}

// src/cli/duration.ts
var MAX_DURATION_MS2 = MAX_TIMER_DELAY_MS;
var MAX_INPUT_LENGTH = 64;
var UNIT_MS = {
  ms: 1,
  s: 1e3,
  sec: 1e3,
  secs: 1e3,
  second: 1e3,
  seconds: 1e3,
  m: 6e4,
  min: 6e4,
  mins: 6e4,
  minute: 6e4,
  minutes: 6e4,
  h: 36e5,
  hr: 36e5,
  hrs: 36e5,
  hour: 36e5,
  hours: 36e5,
  d: 864e5,
  day: 864e5,
  days: 864e5
};
var BARE_NUMBER = /^\d+(?:\.\d+)?$/;
var PART = /(\d+(?:\.\d+)?) ?([a-z]+) ?/y;
function parseDuration(text2) {
  if (typeof text2 !== "string") return void 0;
  const input = text2.trim().toLowerCase();
  if (input === "" || input.length > MAX_INPUT_LENGTH) return void 0;
  if (BARE_NUMBER.test(input)) return accept(Number(input) * 1e3);
  let total = 0;
  let previousUnitMs = Infinity;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const match = PART.exec(input);
    if (!match) return void 0;
    const unitMs = UNIT_MS[match[2]];
    if (unitMs === void 0 || unitMs >= previousUnitMs) return void 0;
    previousUnitMs = unitMs;
    total += Number(match[1]) * unitMs;
  }
  return accept(total);
}
function accept(ms) {
  if (!Number.isFinite(ms)) return void 0;
  const rounded = Math.round(ms);
  return rounded >= 1 && rounded <= MAX_DURATION_MS2 ? rounded : void 0;
}

// src/cli/safe-text.ts
var MASK = "[private key]";
var MIN_SECRET_LENGTH = 8;
var LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
var SafeText = class {
  patterns = [];
  /** Mask this secret (and its base64 and URL encodings) from now on. */
  addSecret(secret) {
    const key = secret?.trim();
    if (!key || key.length < MIN_SECRET_LENGTH) return;
    const forms = /* @__PURE__ */ new Set([
      key,
      encodeURIComponent(key),
      Buffer.from(key).toString("base64"),
      Buffer.from(`${key}:`).toString("base64")
    ]);
    for (const form of forms) this.patterns.push(new RegExp(escapeRegExp(form), "gi"));
  }
  /** One line for a terminal: no control characters, line breaks as spaces, no key. */
  line(text2) {
    let safe = text2.replace(LINE_BREAKS, " ").replace(UNSHOWABLE, "");
    for (const pattern of this.patterns) safe = safe.replace(pattern, MASK);
    return safe;
  }
  /** A JSON value whose every string went through `line` (keys included). */
  data(value) {
    if (typeof value === "string") return this.line(value);
    if (Array.isArray(value)) return value.map((item) => this.data(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.line(key), this.data(item)])
      );
    }
    return value;
  }
};
function echoedToken(token) {
  return displayText(redactApiKeys(token));
}
function holdsApiKey(text2) {
  return apiKeyIn(text2) !== void 0;
}
function escapeRegExp(text2) {
  return text2.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
var API_KEY_WORD = new RegExp(`\\b${API_KEY_START}[^\\s"',;]*`, "gi");
function redactApiKeys(text2) {
  return text2.replace(API_KEY_WORD, (word) => `${apiKeyIn(word)}_\u2026`);
}

// src/cli/args.ts
var PROGRESS_OPTIONS = ["auto", "lines", "none"];
var DEFAULT_PROGRESS_EVERY_MS = 6e4;
var DEFAULT_TIMEOUT_MS = 30 * 6e4;
var OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  timeout: { type: "string" },
  wait: { type: "boolean" },
  account: { type: "string" },
  "no-check": { type: "boolean" },
  progress: { type: "string" },
  "progress-every": { type: "string" },
  "max-purges": { type: "string" },
  verify: { type: "boolean" },
  "verify-url": { type: "string", multiple: true },
  "verify-head": { type: "boolean" }
};
var VALUED = [
  "--timeout",
  "--account",
  "--progress",
  "--progress-every",
  "--max-purges",
  "--verify-url"
];
var DEFAULT_MAX_PURGES = 100;
var TOPICS = ["status", "wait", "purge", "stats", "key", "accounts"];
var usageError = (message) => new CliError(`${message} (run purge-watch --help for usage)`, ExitCode.usage);
function parseInvocation(argv2) {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinOptionValues(argv2),
      allowPositionals: true,
      strict: true,
      options: OPTIONS
    });
  } catch (error) {
    throw usageError(describeParseError(error, argv2));
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  const base = {
    json,
    operands: [],
    timeoutMs: DEFAULT_TIMEOUT_MS,
    wait: false,
    checkKey: true,
    progress: "auto",
    progressEveryMs: DEFAULT_PROGRESS_EVERY_MS,
    maxPurges: DEFAULT_MAX_PURGES
  };
  const [verb, ...rest] = positionals;
  if (verb === "help") return { ...base, command: "help", ...helpTopic(rest[0]) };
  if (values.help) return { ...base, command: "help", ...helpTopic(verb) };
  if (values.version) return { ...base, command: "version" };
  const command = commandFor(verb, rest);
  const operands = command.startsWith("key-") ? [] : rest;
  if (values.wait && command !== "purge") throw usageError("--wait only applies to purge");
  if (values["no-check"] && command !== "key-set") {
    throw usageError("--no-check only applies to key set");
  }
  const waits = command === "wait" || command === "purge" && values.wait === true;
  if (values.timeout !== void 0 && command !== "wait" && command !== "purge") {
    throw usageError("--timeout only applies to wait and purge");
  }
  for (const option of ["progress", "progress-every"]) {
    if (values[option] !== void 0 && !waits) {
      throw usageError(`--${option} only applies to wait and purge --wait`);
    }
  }
  const timeoutMs = durationOption("timeout", values.timeout) ?? DEFAULT_TIMEOUT_MS;
  const progressEveryMs = durationOption("progress-every", values["progress-every"]) ?? DEFAULT_PROGRESS_EVERY_MS;
  const progress = values.progress ?? "auto";
  if (!PROGRESS_OPTIONS.includes(progress)) {
    throw usageError(`--progress "${echoedToken(progress)}" is not one of auto, lines, none`);
  }
  const maxPurges = maxPurgesOption(values["max-purges"], command);
  const account = accountOption(values.account, command);
  const verify = verifyOption(values, waits);
  if ((command === "status" || command === "wait") && operands.length === 0) {
    throw usageError(`${command} needs at least one request ID`);
  }
  if (command === "purge" && operands.length === 0)
    throw usageError("purge needs at least one URL");
  return {
    command,
    operands,
    json,
    timeoutMs,
    wait: values.wait === true,
    checkKey: values["no-check"] !== true,
    progress,
    progressEveryMs,
    maxPurges,
    ...account === void 0 ? {} : { account },
    ...verify === void 0 ? {} : { verify }
  };
}
function maxPurgesOption(text2, command) {
  if (text2 === void 0) return DEFAULT_MAX_PURGES;
  if (command !== "purge") throw usageError("--max-purges only applies to purge");
  const max = Number(text2);
  if (!/^\d+$/.test(text2.trim()) || !Number.isSafeInteger(max) || max < 1) {
    throw usageError(`--max-purges "${echoedToken(text2)}" is not a whole number from 1`);
  }
  return max;
}
function durationOption(name, text2) {
  if (text2 === void 0) return void 0;
  const ms = parseDuration(text2);
  if (ms === void 0) {
    throw usageError(`--${name} "${echoedToken(text2)}" is not a duration like 90s, 15m or 2h`);
  }
  return ms;
}
function verifyOption(values, waits) {
  const named = values["verify-url"] ?? [];
  if (!values.verify && named.length === 0 && !values["verify-head"]) return void 0;
  if (!waits) throw usageError("--verify only applies to wait and purge --wait");
  const urls = named.map((value) => {
    const paired = /^([0-9a-f]{24})=(.*)$/i.exec(value);
    const url = paired ? paired[2] : value;
    const problem = parsePurgeUrls(url).rejected[0];
    if (problem || url.trim() === "") {
      throw usageError(
        `--verify-url "${echoedToken(problem?.text ?? url)}": ${problem?.reason ?? "a URL is needed"}`
      );
    }
    return paired ? { url, requestId: paired[1].toLowerCase() } : { url };
  });
  return { urls, method: values["verify-head"] ? "HEAD" : "GET" };
}
function accountOption(name, command) {
  if (name === void 0) return void 0;
  if (command === "accounts") throw usageError("--account does not apply to accounts");
  const problem = name === ENVIRONMENT_ACCOUNT ? void 0 : accountNameProblem(name);
  if (problem) throw usageError(`--account "${echoedToken(name)}": ${problem}`);
  return name;
}
function joinOptionValues(argv2) {
  const args = [];
  for (let i = 0; i < argv2.length; i++) {
    const arg = argv2[i];
    if (arg === "--") {
      args.push(...argv2.slice(i));
      break;
    }
    if (VALUED.includes(arg) && i + 1 < argv2.length) args.push(`${arg}=${argv2[++i]}`);
    else args.push(arg);
  }
  return args;
}
function describeParseError(error, argv2) {
  const code2 = error?.code;
  if (code2 === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const unknown2 = argv2.find((arg) => arg.startsWith("-") && arg !== "-" && !isKnownOption(arg));
    return unknown2 === void 0 ? "unknown option" : `unknown option "${echoedToken(unknown2)}"`;
  }
  if (code2 === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (argv2.at(-1) === "--timeout") return "--timeout needs a duration, e.g. --timeout 15m";
    if (argv2.at(-1) === "--progress-every") {
      return "--progress-every needs a duration, e.g. --progress-every 30s";
    }
    if (argv2.at(-1) === "--progress") return "--progress needs one of auto, lines, none";
    if (argv2.at(-1) === "--max-purges") return "--max-purges needs a number, e.g. --max-purges 500";
    if (argv2.at(-1) === "--account")
      return "--account needs an account name, e.g. --account staging";
    if (argv2.at(-1) === "--verify-url")
      return "--verify-url needs a URL, e.g. --verify-url https://ik.imagekit.io/acme/a.png";
    const flag = argv2.find(
      (arg) => /^--(json|help|version|wait|no-check|verify|verify-head)=/.test(arg)
    );
    if (flag) return `${flag.slice(0, flag.indexOf("="))} takes no value`;
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return redactApiKeys(message);
}
function isKnownOption(arg) {
  if (arg.startsWith("--")) return arg.slice(2).split("=")[0] in OPTIONS;
  return /^-[hv]+$/.test(arg);
}
function helpTopic(word) {
  if (word === void 0) return {};
  if (TOPICS.includes(word)) return { helpTopic: word };
  throw usageError(`unknown command "${echoedToken(word)}"`);
}
function commandFor(verb, rest) {
  switch (verb) {
    case void 0:
      return "help";
    case "status":
    case "wait":
    case "purge":
      return verb;
    case "stats":
    case "accounts":
      if (rest.length > 0) throw usageError(`${verb} takes no arguments`);
      return verb;
    case "key": {
      const [action, ...extra] = rest;
      if (action === "set" || action === "status" || action === "delete") {
        if (extra.length > 0) throw usageError(`key ${action} takes no arguments`);
        return `key-${action}`;
      }
      throw usageError(`key needs one of: set, status, delete`);
    }
    default:
      throw usageError(`unknown command "${echoedToken(verb)}"`);
  }
}

// src/core/accounts/account-book.ts
async function listAccounts(keys, preferred) {
  const { accounts, problem } = await keys.accounts();
  const sources = new Map(accounts.map((account) => [account.name, account.source]));
  const listed = lookupOrder(sources.keys(), preferred || void 0).map(
    (name, index) => ({ name, source: sources.get(name), isDefault: index === 0 })
  );
  const clashes = caseClashes(sources.keys());
  return {
    accounts: listed,
    ...problem === void 0 ? {} : { problem },
    ...clashes.length === 0 ? {} : { caseClashes: clashes }
  };
}

// src/core/imagekit/base-url.ts
var DEFAULT_BASE_URL = "https://api.imagekit.io";
var LOOPBACK_HOSTS = /* @__PURE__ */ new Set(["[::1]", "localhost"]);
function isLoopbackHost(hostname) {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
function isLoopbackHttp(url) {
  return url.protocol === "http:" && isLoopbackHost(url.hostname);
}
var BaseUrlError = class extends Error {
  name = "BaseUrlError";
};
function resolveBaseUrl(value) {
  const raw = value?.trim() || DEFAULT_BASE_URL;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new BaseUrlError(
      "The ImageKit base URL is not a valid URL: expected something like https://api.imagekit.io."
    );
  }
  if (url.username || url.password) {
    throw new BaseUrlError("The ImageKit base URL must not contain credentials.");
  }
  if (url.protocol !== "https:" && !isLoopbackHttp(url)) {
    throw new BaseUrlError(
      `Refusing the ImageKit base URL "${url.origin}": it must use https (plain http only on loopback: 127.x.x.x, ::1 or localhost), so the private key never travels in clear text.`
    );
  }
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

// src/shared/record-shape.ts
var INVALID = /* @__PURE__ */ Symbol("invalid");
function field(holds) {
  return { optional: false, read: (value) => holds(value) ? value : INVALID };
}
var text = field((value) => typeof value === "string");
var finiteNumber = field((value) => Number.isFinite(value));
var wholeNumber = field((value) => Number.isInteger(value));
var truthValue = field((value) => typeof value === "boolean");
var mark = field((value) => value === true);
function oneOf(values, formerly = {}) {
  return {
    optional: false,
    read(value) {
      if (typeof value !== "string") return INVALID;
      if (values.includes(value)) return value;
      return Object.hasOwn(formerly, value) ? formerly[value] : INVALID;
    }
  };
}
function optional(inner) {
  return { optional: true, read: (value) => inner.read(value) };
}
function record(shape) {
  const entries = Object.entries(shape);
  return {
    optional: false,
    shape,
    read(value) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return INVALID;
      const source = value;
      let copy;
      for (const [key, inner] of entries) {
        const raw = source[key];
        if (raw === void 0 && inner.optional) continue;
        const read = inner.read(raw);
        if (read === INVALID) return INVALID;
        if (read !== raw) (copy ??= { ...source })[key] = read;
      }
      return copy ?? source;
    }
  };
}

// src/shared/purge.ts
var PURGE_STATES = ["pending", "completed", "not_found", "given_up"];
var FORMER_STATE_SPELLINGS = {
  "not-found": "not_found",
  "given-up": "given_up"
};
var API_ERROR_KINDS = [
  /** 400 "No request found for this requestId." (or 404): final for that ID. */
  "not_found",
  /** 401/403, no key, or a public key where the private one belongs. */
  "auth",
  /** 429: wait `resetMs` before the next request. */
  "rate_limited",
  /** 5xx, network error, timeout: try again later. */
  "transient",
  /** A 2xx answer that is not the JSON expected (an HTML page, a truncated body). */
  "protocol",
  /** Any other 4xx, e.g. 400 "The URL is not valid for cache purging." on submission. */
  "rejected"
];
var PURGE_ERROR = record({
  kind: oneOf(API_ERROR_KINDS),
  message: text,
  at: finiteNumber,
  /** The HTTP status when ImageKit answered (a 503 is an answer; a dropped connection is not). */
  httpStatus: optional(wholeNumber)
});
var CDN_ANSWER = record({
  /** The URL asked (before any redirect). */
  url: text,
  checkedAt: finiteNumber,
  /** The final answer's HTTP status; absent when none came (a network error). */
  httpStatus: optional(wholeNumber),
  /** `Age`: seconds the edge has held its copy. */
  age: optional(finiteNumber),
  /** `X-Cache`, e.g. "Hit from cloudfront". */
  cache: optional(text),
  /** `x-amz-cf-pop`: the edge that answered, e.g. "FRA56-P1". */
  pop: optional(text),
  etag: optional(text),
  lastModified: optional(text),
  /** `Content-Length`. */
  length: optional(wholeNumber)
});
var FRESHNESS_VERDICTS = ["fresh", "stale", "unknown"];
var FRESHNESS = record({
  verdict: oneOf([...FRESHNESS_VERDICTS, "checking"]),
  /** For `unknown`: why, in words ("no cache headers", "not checked: wildcard"). */
  reason: optional(text),
  /** The answer that decided it; absent when nothing was asked (a wildcard). */
  seen: optional(CDN_ANSWER),
  /** Whether the content differs from the pre-purge probe's (`before`); absent when unknown. */
  contentChanged: optional(truthValue),
  /** When the check began. */
  since: finiteNumber,
  /** How many times the CDN was asked (a redirect followed is part of one). */
  checks: wholeNumber
});
var PURGE_REQUEST = record({
  requestId: text,
  /**
   * The ImageKit account it belongs to (or, with `accountLookup`, is being asked of next).
   * Files written before accounts existed leave it out: those purges are the default account's.
   */
  account: optional(text),
  /**
   * Set while the purge's account is not known yet: an ID pasted without one is asked of each
   * account in turn until one knows it (see core/accounts/account-lookup.ts).
   */
  accountLookup: optional(mark),
  /** The purged URL, when Purge Watch submitted the purge itself. */
  url: optional(text),
  state: oneOf(PURGE_STATES, FORMER_STATE_SPELLINGS),
  /** The status string as ImageKit last reported it ("Pending", "Completed", …); empty before the first answer. */
  status: text,
  /** When the purge was submitted: from the request ID's embedded time when plausible, else `addedAt`. */
  submittedAt: finiteNumber,
  /** When Purge Watch started tracking it. */
  addedAt: finiteNumber,
  /** When the user last resumed it after it was given up: the give-up deadline counts from here. */
  resumedAt: optional(finiteNumber),
  lastCheckedAt: optional(finiteNumber),
  /** When completion was detected. */
  completedAt: optional(finiteNumber),
  /** Status checks made for this purge, including ones that failed and are retried. */
  checks: wholeNumber,
  /** The last error, kept while polling goes on (a transient error) or final (not found). */
  lastError: optional(PURGE_ERROR),
  /** What the CDN served just before Purge Watch submitted the purge (the pre-purge probe). */
  before: optional(CDN_ANSWER),
  /** Whether the CDN serves a fresh copy since completion (URL purges, when checked). */
  freshness: optional(FRESHNESS)
});
var MAX_TRACKED_PURGES = 1e4;
var DEFAULT_KEEP_FINISHED_MS = 30 * 24 * 60 * 6e4;
function isCompletedStatus(status) {
  const value = status.trim().toLowerCase();
  return value === "completed" || value === "complete";
}
function spentAPurge(result) {
  return result.requestId !== void 0 || result.mayHaveBeenSubmitted === true;
}
function mayHaveBeenSubmitted(error) {
  return error.kind === "transient" && error.notSent !== true;
}

// src/core/input/request-id.ts
var REQUEST_ID_LENGTH = 24;
var CLOCK_SKEW_ALLOWANCE_MS = 2 * 6e4;
var DEFAULT_MAX_SUBMISSION_AGE_MS = 30 * 24 * 60 * 6e4;
var ID_TEXT = new RegExp(`^[0-9a-f]{${REQUEST_ID_LENGTH}}$`, "i");
function isRequestIdText(text2) {
  return typeof text2 === "string" && ID_TEXT.test(text2);
}
function isRequestId(text2) {
  return isRequestIdText(text2) && text2 === text2.toLowerCase();
}
function requestIdTimestamp(id) {
  if (!isRequestIdText(id)) return void 0;
  return Number.parseInt(id.slice(0, 8), 16) * 1e3;
}
function plausibleSubmissionTime(id, now, maxAgeMs = DEFAULT_MAX_SUBMISSION_AGE_MS) {
  const time = requestIdTimestamp(id);
  if (time === void 0 || !Number.isFinite(now)) return void 0;
  if (time > now + CLOCK_SKEW_ALLOWANCE_MS) return void 0;
  if (now - time > maxAgeMs) return void 0;
  return time;
}

// src/core/imagekit/retry-policy.ts
var RATE_LIMIT_FALLBACK_WAIT_MS = 1e3;
var POLLING_RETRIES = {
  rateLimitWaits: Infinity,
  tries: Infinity,
  retryUnexpectedAnswers: true
};
var SUBMISSION_RETRIES = {
  rateLimitWaits: 2,
  tries: 3,
  retryUnexpectedAnswers: false,
  onlyWhenNotSent: true
};
var ONE_ANSWER_RETRIES = {
  rateLimitWaits: 10,
  tries: 3,
  retryUnexpectedAnswers: false
};
function errorBackoff(failures, options) {
  const backoff = options.errorBackoffMs * 2 ** Math.min(Math.max(failures, 1) - 1, 20);
  return Math.min(options.maxIntervalMs, backoff);
}
var RetryPolicy = class {
  constructor(limits, backoff) {
    this.limits = limits;
    this.backoff = backoff;
  }
  limits;
  backoff;
  transient = /* @__PURE__ */ new Map();
  rateLimited = /* @__PURE__ */ new Map();
  /** `key`'s request failed with `error`: how to try again, or undefined when the error is its answer. */
  failed(key, error) {
    if (error.kind === "rate_limited") {
      const waits = (this.rateLimited.get(key) ?? 0) + 1;
      if (waits > this.limits.rateLimitWaits) return void 0;
      this.rateLimited.set(key, waits);
      return { kind: "hold", waitMs: error.resetMs ?? RATE_LIMIT_FALLBACK_WAIT_MS };
    }
    const retried = error.kind === "transient" && (!this.limits.onlyWhenNotSent || error.notSent === true) || this.limits.retryUnexpectedAnswers && (error.kind === "protocol" || error.kind === "rejected");
    if (!retried) return void 0;
    const failures = (this.transient.get(key) ?? 0) + 1;
    if (failures >= this.limits.tries) return void 0;
    this.transient.set(key, failures);
    return { kind: "back-off", waitMs: errorBackoff(failures, this.backoff) };
  }
  /** `key`'s request got an answer: its next failure is the first again. */
  answered(key) {
    this.transient.delete(key);
    this.rateLimited.delete(key);
  }
};

// src/core/imagekit/imagekit-answer.ts
var MAX_STATUS_CHARS = 40;
var NOT_FOUND_MESSAGE = "No request found for this requestId.";
function readAnswer(response, text2, maxBytes, now) {
  const rateLimit = advertisedRateLimit(response.headers);
  if (text2 === void 0) {
    return protocolError(
      response.status,
      `ImageKit sent an answer larger than ${maxBytes / 1024} KiB (HTTP ${response.status}); it is not one of its purge answers.`
    );
  }
  if (response.ok) {
    const parsed = parseJson(text2);
    if (parsed === void 0 || typeof parsed !== "object" || parsed === null) {
      return protocolError(response.status, describeUnexpectedBody(response, text2));
    }
    return { ok: true, body: parsed, httpStatus: response.status, rateLimit };
  }
  const serverMessage = messageFrom(parseJson(text2));
  return {
    ok: false,
    error: errorForStatus(response, serverMessage, now),
    fromImageKit: serverMessage !== void 0,
    rateLimit
  };
}
function statusOutcome(reply) {
  if (!reply.ok) {
    const { error } = reply;
    if (error.httpStatus === 400 || error.httpStatus === 404) {
      if (reply.fromImageKit) return { ok: false, error: { ...error, kind: "not_found" } };
      return protocolError(
        error.httpStatus,
        `ImageKit's address answered HTTP ${error.httpStatus} with a page that is not ImageKit's; a proxy or a wrong base URL may be in the way.`
      );
    }
    return { ok: false, error };
  }
  const status = reply.body?.status;
  const shown2 = typeof status === "string" ? reply.shown(status, MAX_STATUS_CHARS) : "";
  if (shown2 === "") {
    return protocolError(reply.httpStatus, "ImageKit answered without a purge status.");
  }
  return { ok: true, status: shown2, completed: isCompletedStatus(shown2) };
}
function submitOutcome(reply) {
  if (!reply.ok) return { ok: false, error: reply.error };
  const returned = reply.body?.requestId;
  if (typeof returned !== "string" || returned.trim() === "") {
    return protocolError(reply.httpStatus, "ImageKit accepted the purge but sent no request ID.");
  }
  const requestId = returned.trim().toLowerCase();
  if (!isRequestId(requestId)) {
    return protocolError(
      reply.httpStatus,
      `ImageKit accepted the purge but sent an ID that is not a request ID ("${reply.shown(returned, 40)}").`
    );
  }
  return { ok: true, requestId };
}
function withRateLimit(outcome, rateLimit) {
  return rateLimit === void 0 ? outcome : { ...outcome, rateLimit };
}
function advertisedRateLimit(headers) {
  const limit = Number(headers.get("x-ratelimit-limit") ?? Number.NaN);
  const intervalMs = Number(headers.get("x-ratelimit-interval") ?? Number.NaN);
  if (!(Number.isFinite(limit) && limit >= 1 && Number.isFinite(intervalMs) && intervalMs > 0)) {
    return void 0;
  }
  return { limit, intervalMs };
}
function errorForStatus(response, serverMessage, now) {
  const httpStatus = response.status;
  const fallback = `ImageKit answered HTTP ${httpStatus}.`;
  const message = serverMessage ?? fallback;
  if (httpStatus === 401 || httpStatus === 403) {
    return { kind: "auth", auth: "key_refused", message, httpStatus };
  }
  if (httpStatus === 429) {
    return {
      kind: "rate_limited",
      message: serverMessage ?? "ImageKit rate limit reached.",
      httpStatus,
      resetMs: rateLimitResetMs(response.headers, now)
    };
  }
  if (serverMessage === void 0 && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408) {
    return { kind: "protocol", message, httpStatus };
  }
  if (httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408) {
    return { kind: "rejected", message, httpStatus };
  }
  return { kind: "transient", message, httpStatus };
}
var MAX_RATE_LIMIT_WAIT_MS = 36e5;
function rateLimitResetMs(headers, now) {
  const waitMs = nonNegativeNumber(headers.get("x-ratelimit-reset")) ?? retryAfterMs(headers, now);
  return waitMs === void 0 ? RATE_LIMIT_FALLBACK_WAIT_MS : Math.min(waitMs, MAX_RATE_LIMIT_WAIT_MS);
}
function retryAfterMs(headers, now) {
  const header = headers.get("retry-after");
  const seconds = nonNegativeNumber(header);
  if (seconds !== void 0) return seconds * 1e3;
  const at = httpDate(header);
  if (at === void 0) return void 0;
  return Math.max(0, at - (httpDate(headers.get("date")) ?? now));
}
var ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;
function httpDate(header) {
  const text2 = header?.trim() ?? "";
  let utc;
  if (/^[A-Za-z]{3,9}, .* GMT$/.test(text2)) utc = text2;
  else if (ASCTIME_DATE.test(text2)) utc = `${text2} GMT`;
  else return void 0;
  const at = Date.parse(utc);
  return Number.isFinite(at) ? at : void 0;
}
function nonNegativeNumber(header) {
  if (header === null || header.trim() === "") return void 0;
  const value = Number(header);
  return Number.isFinite(value) && value >= 0 ? value : void 0;
}
function protocolError(httpStatus, message) {
  return { ok: false, error: { kind: "protocol", message, httpStatus } };
}
function describeUnexpectedBody(response, text2) {
  const type = response.headers.get("content-type") ?? "no content type";
  if (text2.trim() === "") return `ImageKit sent an empty answer (HTTP ${response.status}).`;
  if (/^\s*</.test(text2)) {
    return `ImageKit sent an HTML page instead of JSON (HTTP ${response.status}); a proxy or captive portal may be in the way.`;
  }
  return `ImageKit sent an answer that is not the JSON expected (HTTP ${response.status}, ${type}).`;
}
function parseJson(text2) {
  try {
    return JSON.parse(text2);
  } catch {
    return void 0;
  }
}
function messageFrom(body) {
  const message = body?.message;
  return typeof message === "string" && message.trim() !== "" ? message.trim() : void 0;
}

// src/core/imagekit/response-body.ts
async function readBody(response, signal, maxBytes) {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (response.body === null) return "";
  const reader = response.body.getReader();
  if (declared > maxBytes) {
    reader.cancel().catch(() => void 0);
    return void 0;
  }
  let onAbort;
  const aborted = new Promise((_, reject) => {
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => void 0);
  const chunks = [];
  let size = 0;
  let complete = false;
  try {
    for (; ; ) {
      const read = reader.read();
      read.catch(() => void 0);
      const { done, value } = await Promise.race([read, aborted]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return void 0;
      chunks.push(value);
    }
    complete = true;
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
    if (!complete) reader.cancel().catch(() => void 0);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

// src/core/network-failure.ts
function networkFailure(cause) {
  const inner = cause?.cause;
  const code2 = typeof inner?.code === "string" ? inner.code : void 0;
  if (code2 === "UND_ERR_HEADERS_OVERFLOW") return { kind: "headers-too-large" };
  if (code2?.startsWith("HPE_")) return { kind: "not-http", code: code2 };
  const said = typeof inner?.message === "string" ? inner.message : void 0;
  const reason = code2 ?? said ?? (cause instanceof Error ? cause.message : "network error");
  return { kind: "no-answer", reason };
}

// src/core/imagekit/imagekit-client.ts
var DEFAULT_TIMEOUT_MS2 = 15e3;
var MAX_BODY_BYTES = 64 * 1024;
var ImageKitClient = class {
  baseUrl;
  options;
  inFlight = /* @__PURE__ */ new Set();
  /** Throws `BaseUrlError` for a base URL that would send the key in clear text. */
  constructor(options) {
    this.options = options;
    this.baseUrl = resolveBaseUrl(options.baseUrl);
  }
  async getPurgeStatus(requestId) {
    if (/^(?:\.|\.\.)?$/.test(requestId.trim())) {
      return { ok: false, error: { kind: "not_found", message: NOT_FOUND_MESSAGE } };
    }
    const path10 = `/v1/files/purge/${encodeURIComponent(requestId)}`;
    const reply = await this.request("GET", path10);
    return withRateLimit(statusOutcome(reply), reply.rateLimit);
  }
  async submitPurge(url) {
    const reply = await this.request("POST", "/v1/files/purge", { url });
    return withRateLimit(submitOutcome(reply), reply.rateLimit);
  }
  /** Abort every request in flight: its caller gets a transient error at once. */
  abortAll() {
    for (const controller of this.inFlight) controller.abort();
  }
  async request(method, path10, body) {
    let key;
    try {
      key = (await this.options.privateKey())?.trim();
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return {
        ok: false,
        error: {
          kind: "auth",
          auth: "key_missing",
          message: `Could not read the private API key: ${reason}`
        }
      };
    }
    const keyProblem = checkPrivateKey(key);
    if (keyProblem !== void 0 || key === void 0) {
      return {
        ok: false,
        error: { kind: "auth", auth: "key_missing", message: keyProblem ?? NO_KEY }
      };
    }
    const secrets = keyForms(key);
    const shown2 = (text2, max) => safeServerText(text2, secrets, max);
    const outcome = await this.send(key, method, path10, body);
    if (outcome.ok) return { ...outcome, shown: shown2 };
    return { ...outcome, error: { ...outcome.error, message: shown2(outcome.error.message) } };
  }
  async send(key, method, path10, body) {
    const headers = {
      Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}`,
      Accept: "application/json",
      "User-Agent": this.options.userAgent
    };
    if (body !== void 0) headers["Content-Type"] = "application/json";
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS2;
    let timedOut = false;
    const timer = systemClock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await this.options.fetch(this.baseUrl + path10, {
        method,
        headers,
        body: body === void 0 ? void 0 : JSON.stringify(body),
        signal: controller.signal,
        // The API never redirects; following one could carry the key somewhere unexpected.
        redirect: "error"
      });
      const text2 = await readBody(response, controller.signal, MAX_BODY_BYTES);
      return readAnswer(response, text2, MAX_BODY_BYTES, (this.options.now ?? systemClock.now)());
    } catch (cause) {
      const host = new URL(this.baseUrl).host;
      if (!controller.signal.aborted && isRefusedRedirect(cause)) {
        const message2 = `ImageKit's address (${host}) answered with a redirect (not followed: the key would go with it); a proxy or a wrong base URL may be in the way.`;
        return { ok: false, error: { kind: "protocol", message: message2 } };
      }
      const failure = networkFailure(cause);
      if (!controller.signal.aborted && failure.kind !== "no-answer") {
        const what = failure.kind === "not-http" ? `something that is not HTTP (${failure.code})` : "headers too large to read";
        const message2 = `ImageKit's address (${host}) answered with ${what}; a proxy or a wrong base URL may be in the way.`;
        return { ok: false, error: { kind: "protocol", message: message2 } };
      }
      const reason = failure.kind === "no-answer" ? failure.reason : "network error";
      const message = timedOut ? `ImageKit (${host}) did not answer within ${describeDuration(timeoutMs)}.` : controller.signal.aborted ? `The request to ImageKit (${host}) was cancelled.` : `Could not reach ImageKit (${host}): ${reason}.`;
      const error = { kind: "transient", message };
      if (!timedOut && !controller.signal.aborted && NEVER_SENT.has(reason)) error.notSent = true;
      return { ok: false, error };
    } finally {
      systemClock.clearTimeout(timer);
      this.inFlight.delete(controller);
      controller.abort();
    }
  }
};
var NEVER_SENT = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
]);
function describeDuration(ms) {
  if (ms < 1e3) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1e3).toFixed(1))} s`;
}
function isRefusedRedirect(cause) {
  const inner = cause?.cause;
  const messages = [cause instanceof Error ? cause.message : "", inner?.message];
  return messages.some((message) => typeof message === "string" && /redirect/i.test(message));
}

// src/core/accounts/key-source.ts
var ENVIRONMENT_KEY_IS_READ_ONLY = `The "environment" account's key is IMAGEKIT_PRIVATE_KEY: change or unset that variable instead.`;
var PrivateKeySource = class {
  /** `environmentKey`: IMAGEKIT_PRIVATE_KEY, as the caller read it from its environment. */
  constructor(keychain, environmentKey) {
    this.keychain = keychain;
    this.environmentKey = environmentKey?.trim() || void 0;
  }
  keychain;
  cached = /* @__PURE__ */ new Map();
  environmentKey;
  /** True when IMAGEKIT_PRIVATE_KEY holds a key: the "environment" account exists. */
  get hasEnvironmentKey() {
    return this.environmentKey !== void 0;
  }
  /**
   * The key to send for `account`. Throws a KeychainError (whose message says what to do) when
   * the keychain cannot be read; the next call tries again.
   */
  async get(name) {
    if (name === ENVIRONMENT_ACCOUNT) return this.environmentKey;
    let cached = this.cached.get(name);
    if (!cached) {
      cached = this.keychain.getPrivateKey(name).catch((error) => {
        this.cached.delete(name);
        throw error;
      });
      this.cached.set(name, cached);
    }
    return cached;
  }
  /**
   * Where the account's key comes from. Asks the keychain afresh, and the next request reads the
   * key afresh, so a key deleted or replaced behind the app's back (another tool, the CLI)
   * shows, and is used, from now on.
   */
  async status(name) {
    const keychain = this.keychain.describe();
    if (name === ENVIRONMENT_ACCOUNT) {
      return { account: name, source: this.environmentKey ? "environment" : "none", keychain };
    }
    this.cached.delete(name);
    return this.keychainStatus(name);
  }
  /**
   * Every account with a key: the environment's first when IMAGEKIT_PRIVATE_KEY is set, then the
   * keychain's by name. A keychain that cannot be listed leaves only the environment's, and says why.
   */
  async accounts() {
    const accounts = [];
    if (this.environmentKey) accounts.push({ name: ENVIRONMENT_ACCOUNT, source: "environment" });
    try {
      const names = await this.keychain.accountNames();
      const usable = names.filter((name) => accountNameProblem(name) === void 0);
      for (const name of usable.sort((a, b) => a.localeCompare(b))) {
        accounts.push({ name, source: "keychain" });
      }
      return { accounts };
    } catch (error) {
      const unreachable = error instanceof KeychainError && error.kind === "unavailable";
      return { accounts, problem: messageOf(error), ...unreachable ? { unreachable } : {} };
    }
  }
  /**
   * Store a new key for the account (validated by the keychain adapter); a new name adds it,
   * unless an account's name differs from it only in case. Throws KeychainError.
   */
  async set(key, account) {
    const name = this.keychainAccount(account);
    const taken = caseVariantProblem(name, await this.keychain.accountNames());
    if (taken) throw new KeychainError("invalid", taken);
    await this.keychain.setPrivateKey(key, name);
    this.cached.set(name, Promise.resolve(key.trim()));
    return this.keychainStatus(name);
  }
  async delete(account) {
    const name = this.keychainAccount(account);
    await this.keychain.deletePrivateKey(name);
    this.cached.set(name, Promise.resolve(void 0));
    return this.status(name);
  }
  /**
   * Move an account's key to a new name. Throws KeychainError; the old key stays on failure.
   *
   * Whether the new name is taken (in any case) is asked of the keychain itself right before the
   * key is written, never of a list read earlier: another program (`purge-watch key set`) may
   * have added that account meanwhile, and the keychain's write replaces whatever it holds.
   * The key is read back before the old entry goes, so a key another program writes under the
   * new name meanwhile leaves the old account as it was. (keytar cannot write only if absent:
   * a write between that check and this one would still be replaced.)
   */
  async rename(from, to) {
    const source = this.keychainAccount(from);
    const target = this.keychainAccount(to);
    const problem = accountNameProblem(target);
    if (problem) throw new KeychainError("invalid", problem);
    if (source === target) return;
    const key = await this.keychain.getPrivateKey(source);
    if (key === void 0) {
      throw new KeychainError("invalid", `The account "${source}" has no key to move.`);
    }
    const others = (await this.keychain.accountNames()).filter((name) => name !== source);
    const newName = accountNameKey(source) !== accountNameKey(target);
    if (newName && !others.includes(target) && await this.keychain.hasPrivateKey(target)) {
      others.push(target);
    }
    const taken = takenNameProblem(target, others);
    if (taken) throw new KeychainError("invalid", taken);
    this.cached.delete(source);
    this.cached.delete(target);
    if (accountNameKey(source) === accountNameKey(target)) {
      await this.recase(source, target, key);
      return;
    }
    await this.keychain.setPrivateKey(key, target);
    if (await this.keychain.getPrivateKey(target) !== key) {
      throw new KeychainError(
        "invalid",
        `Another program stored a key for "${target}" while "${source}" was being renamed to it: "${source}" keeps its name and key, and "${target}" is an account of its own.`
      );
    }
    await this.keychain.deletePrivateKey(source);
  }
  /**
   * A new case for an account's name. Where the keychain ignores case (Windows) both names are
   * one entry, which deleting the old name would take with it: the old entry goes first, then
   * the key is written under the new name (or back under the old one if that fails).
   */
  async recase(source, target, key) {
    await this.keychain.deletePrivateKey(source);
    try {
      await this.keychain.setPrivateKey(key, target);
    } catch (error) {
      await this.keychain.setPrivateKey(key, source);
      throw error;
    }
  }
  /** Whether the keychain holds the account's key, keeping what is cached. */
  async keychainStatus(name) {
    const keychain = this.keychain.describe();
    try {
      const held = await this.keychain.hasPrivateKey(name);
      return { account: name, source: held ? "keychain" : "none", keychain };
    } catch (error) {
      return { account: name, source: "none", keychain, problem: messageOf(error) };
    }
  }
  /** The account, whose key is the keychain's (the environment's is read-only here). */
  keychainAccount(name) {
    if (name === ENVIRONMENT_ACCOUNT) {
      throw new KeychainError("invalid", ENVIRONMENT_KEY_IS_READ_ONLY);
    }
    return name;
  }
};
function messageOf(error) {
  return error instanceof KeychainError ? error.message : "The keychain could not be read.";
}

// src/core/tracking/poll-schedule.ts
var DEFAULT_SCHEDULE = {
  minIntervalMs: 5e3,
  ageFraction: 0.1,
  maxIntervalMs: 10 * 6e4,
  firstCheckAfterMs: 5e3,
  learnFromRecent: 40,
  learnWindowMs: 5 * 6e4,
  giveUpAfterMs: 24 * 60 * 6e4,
  errorBackoffMs: 5e3,
  jitter: 0.05
};
function pollInterval(ageMs, options = DEFAULT_SCHEDULE) {
  const byAge = Math.max(0, ageMs) * options.ageFraction;
  return Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, byAge));
}
var MIN_LEARNING_SAMPLES = 5;
function learnedFirstCheckDelay(recentDurationsMs, options = DEFAULT_SCHEDULE) {
  if (options.learnFromRecent <= 0 || recentDurationsMs.length < MIN_LEARNING_SAMPLES) {
    return options.firstCheckAfterMs;
  }
  let quickest = Number.POSITIVE_INFINITY;
  for (const duration2 of recentDurationsMs) quickest = Math.min(quickest, duration2);
  quickest *= 0.9;
  return Math.min(options.maxIntervalMs, Math.max(options.firstCheckAfterMs, quickest));
}
function firstCheckAt(submittedAt, addedAt, firstCheckDelayMs = DEFAULT_SCHEDULE.firstCheckAfterMs) {
  return Math.max(addedAt, submittedAt + firstCheckDelayMs);
}
function nextCheckAt(submittedAt, now, backoffMs, random, options = DEFAULT_SCHEDULE) {
  const gap = Math.max(pollInterval(now - submittedAt, options), backoffMs);
  return now + Math.round(Math.max(options.minIntervalMs, gap * (1 - options.jitter * random)));
}
var ANSWER_TIME_SHARE = 0.1;
function nextCheckAfterPending(submittedAt, sentAt, answeredAt, random, options = DEFAULT_SCHEDULE) {
  const due = nextCheckAt(submittedAt, sentAt, 0, random, options);
  const answerMs = Math.max(0, answeredAt - sentAt);
  const earlier = Math.min(answerMs, Math.round((due - sentAt) * ANSWER_TIME_SHARE));
  return Math.max(answeredAt, due - earlier);
}
function detectionDeadline(submittedAt, seenPendingAt = submittedAt, options = DEFAULT_SCHEDULE) {
  const age = Math.max(0, seenPendingAt - submittedAt);
  return seenPendingAt + Math.max(options.minIntervalMs, options.ageFraction * age);
}
function giveUpAt(since, options = DEFAULT_SCHEDULE) {
  return since + options.giveUpAfterMs;
}

// src/shared/format.ts
var SECOND2 = 1e3;
var MINUTE2 = 60 * SECOND2;
var HOUR2 = 60 * MINUTE2;
var DAY = 24 * HOUR2;
var UNITS = [
  [DAY, "d"],
  [HOUR2, "h"],
  [MINUTE2, "m"],
  [SECOND2, "s"]
];
function formatDuration(ms) {
  if (!Number.isFinite(ms)) return "unknown";
  if (ms < 1) return "0s";
  if (ms < SECOND2) return `${Math.floor(ms)}ms`;
  for (let u = 0; u < UNITS.length; u++) {
    const [size, unit] = UNITS[u];
    if (ms < size) continue;
    const whole = Math.floor(ms / size);
    const next = UNITS[u + 1];
    if (!next) return `${whole}${unit}`;
    const rest = Math.floor((ms - whole * size) / next[0]);
    return rest === 0 ? `${whole}${unit}` : `${whole}${unit} ${rest}${next[1]}`;
  }
  return "0s";
}
var YEAR = 365 * DAY;
function formatAge(then, now) {
  if (!Number.isFinite(then) || !Number.isFinite(now)) return "unknown";
  const elapsed = now - then;
  if (elapsed < MINUTE2) return "just now";
  if (elapsed > YEAR) return "over a year ago";
  for (const [size, unit] of UNITS) {
    if (elapsed >= size) return `${Math.floor(elapsed / size)}${unit} ago`;
  }
  return "just now";
}

// src/shared/accelerator.ts
var MODIFIERS = ["CommandOrControl", "Control", "Alt", "Shift", "Super"];
var NAMED_KEYS = [
  "Space",
  "Up",
  "Down",
  "Left",
  "Right",
  "Home",
  "End",
  "PageUp",
  "PageDown",
  "Insert",
  "Delete",
  "Plus",
  "-",
  "=",
  ",",
  ".",
  "/",
  ";",
  "'",
  "[",
  "]",
  "\\",
  "`"
];
var MAX_ACCELERATOR = 80;
var DEFAULT_OPEN_SHORTCUT = "CommandOrControl+Alt+Shift+P";
function isKey(part) {
  return /^[A-Z0-9]$/.test(part) || /^F([1-9]|1[0-9]|2[0-4])$/.test(part) || NAMED_KEYS.includes(part);
}
function acceleratorProblem(accelerator) {
  if (accelerator.length > MAX_ACCELERATOR) return "The shortcut is too long.";
  const parts = accelerator.split("+");
  const key = parts.pop() ?? "";
  const modifiers = parts;
  if (!isKey(key)) return "A shortcut ends with a letter, a digit, F1\u2013F24 or a named key.";
  let last = -1;
  for (const modifier of modifiers) {
    const at = MODIFIERS.indexOf(modifier);
    if (at <= last) return "Its modifiers are not ones a shortcut takes, or not in their order.";
    last = at;
  }
  if (!modifiers.some((modifier) => modifier !== "Shift")) {
    return "A shortcut needs Ctrl, Alt or another modifier besides Shift, so typing never triggers it.";
  }
  return void 0;
}

// src/shared/settings.ts
var RATE_SHARE_LIMITS = { min: 0.01, max: 1 };
var DEFAULT_SHARE = 0.5;
var KEEP_FINISHED_LIMITS = { min: 60 * 6e4, max: 365 * 24 * 60 * 6e4 };
function onOff(defaultValue) {
  return {
    default: defaultValue,
    holds: (value) => typeof value === "boolean",
    schema: { type: "boolean" },
    expects: "true or false"
  };
}
function within(limits, defaultValue, expects, whole = false) {
  return {
    default: defaultValue,
    holds: (value) => typeof value === "number" && value >= limits.min && value <= limits.max && (!whole || Number.isInteger(value)),
    schema: { type: whole ? "integer" : "number", minimum: limits.min, maximum: limits.max },
    expects
  };
}
var SETTINGS = {
  /** Notifications are shown (the tray and the window show everything either way). */
  notifications: onOff(true),
  /** Notifications are held until this time (epoch ms); 0 when not snoozed. */
  snoozedUntil: {
    default: 0,
    holds: (value) => typeof value === "number" && Number.isFinite(value) && value >= 0,
    schema: { type: "number", minimum: 0 },
    expects: "a time"
  },
  launchAtLogin: onOff(false),
  /** Look for a new version at start and every 6 hours (installed only on the user's click). */
  checkForUpdates: onOff(true),
  /** The share (0.01–1) of the account's advertised rate limit that status checks may spend. */
  rateShare: within(
    RATE_SHARE_LIMITS,
    DEFAULT_SHARE,
    `a share from ${RATE_SHARE_LIMITS.min} to ${RATE_SHARE_LIMITS.max}`
  ),
  /** How long finished purges (completed, not found, given up) stay listed, in ms. */
  keepFinishedMs: within(
    KEEP_FINISHED_LIMITS,
    DEFAULT_KEEP_FINISHED_MS,
    "from an hour to a year",
    true
  ),
  /**
   * The account new IDs are looked up with first and URLs are purged with; '' lets the lookup
   * order choose (shared/account.ts).
   */
  defaultAccount: {
    default: "",
    holds: (value) => value === "" || typeof value === "string" && (value === ENVIRONMENT_ACCOUNT || accountNameProblem(value) === void 0),
    schema: { type: "string", maxLength: MAX_ACCOUNT_NAME },
    expects: "an account name"
  },
  /** Once a URL purge completes, check what the CDN serves for it (core/freshness/freshness-watch.ts). */
  verifyFreshness: onOff(true),
  /** Notifications play the system's sound (Electron's `silent` when off). */
  notificationSound: onOff(true),
  /** A key combination opens the window from any app (`openWindowShortcut`). */
  openWindowShortcutOn: onOff(true),
  /** That combination, as an Electron accelerator ("CommandOrControl+Alt+Shift+P"). */
  openWindowShortcut: {
    default: DEFAULT_OPEN_SHORTCUT,
    holds: (value) => typeof value === "string" && acceleratorProblem(value) === void 0,
    schema: { type: "string", maxLength: MAX_ACCELERATOR },
    expects: "a shortcut: modifiers (at least one besides Shift), then a key"
  }
};
var SETTING_NAMES = Object.keys(SETTINGS);
var DEFAULT_SETTINGS = readSettings(() => void 0);
function readSettings(valueOf) {
  return Object.fromEntries(
    SETTING_NAMES.map((name) => {
      const setting = SETTINGS[name];
      const value = valueOf(name);
      return [name, setting.holds(value) ? value : setting.default];
    })
  );
}

// src/core/tracking/request-budget.ts
var DEFAULT_BUDGET = { maxRequestsPerSecond: 2, maxConcurrent: 2 };
var DECREASE = 0.5;
var LOWEST_FACTOR = 1 / 16;
var RECOVERY_STEP = 0.1;
var RECOVERY_STEP_MS = 3e4;
var MIN_PLAUSIBLE_ALLOWANCE = 0.1;
var MAX_PLAUSIBLE_ALLOWANCE = 1e3;
function plausible(requestsPerSecond) {
  return requestsPerSecond >= MIN_PLAUSIBLE_ALLOWANCE && requestsPerSecond <= MAX_PLAUSIBLE_ALLOWANCE;
}
function validShare(share) {
  return share === void 0 || share === null || share > 0 && share <= 1;
}
function perSecond(advertised) {
  return advertised.limit * 1e3 / advertised.intervalMs;
}
var YEAR_MS = 365 * 24 * 36e5;
function ignoredRateLimitMessage(advertised) {
  const perSecondAdvertised = perSecond(advertised);
  const ignored = "it is ignored, and checks keep their own pace.";
  if (perSecondAdvertised > MAX_PLAUSIBLE_ALLOWANCE) {
    const said = perSecondAdvertised > 1e6 ? "more than a million requests a second" : `${Math.round(perSecondAdvertised).toLocaleString("en-US")} requests a second`;
    return `ImageKit advertised a rate limit of ${said}, more than any account plausibly allows (${MAX_PLAUSIBLE_ALLOWANCE.toLocaleString("en-US")} a second): ${ignored}`;
  }
  const every = (requestsPerSecond) => formatDuration(1e3 / requestsPerSecond);
  const gapMs = 1e3 / perSecondAdvertised;
  const rate = gapMs > YEAR_MS ? "less than one request a year" : `one request every ${formatDuration(gapMs)}`;
  return `ImageKit advertised a rate limit of ${rate}, less than any account plausibly allows (one every ${every(MIN_PLAUSIBLE_ALLOWANCE)}): ${ignored}`;
}
var LearnedBudget = class {
  advertised;
  implausible;
  factor = 1;
  /** When the last 429 lowered the share (monotonic ms); it grows back from then. */
  decreasedAt = Number.NEGATIVE_INFINITY;
  fixed;
  constructor(fixed) {
    if (!(fixed.maxRequestsPerSecond > 0) || !(fixed.maxConcurrent >= 1) || !validShare(fixed.share)) {
      throw new RangeError(
        "The request budget needs at least one request per second and one at a time, and a share of the allowance above 0 and at most 1."
      );
    }
    this.fixed = { ...fixed };
  }
  /** A new share of the allowance (a setting changed): applies from the next start on. */
  setShare(share) {
    if (!validShare(share)) {
      throw new RangeError("The share of the allowance must be above 0 and at most 1.");
    }
    this.fixed.share = share;
  }
  /**
   * What an answer advertised (undefined: it sent no valid rate-limit headers). An allowance
   * below MIN_PLAUSIBLE_ALLOWANCE or above MAX_PLAUSIBLE_ALLOWANCE is ignored (`ignored` says
   * which) until a plausible one comes.
   */
  learn(advertised) {
    if (advertised === void 0) return;
    if (!plausible(perSecond(advertised))) {
      this.implausible = advertised;
      return;
    }
    this.advertised = advertised;
    this.implausible = void 0;
  }
  /** The last advertisement ignored as implausible, until a plausible one replaces it. */
  get ignored() {
    return this.implausible;
  }
  /**
   * A 429 at `now` (monotonic ms), for a request started at `startedAt` when known: spend less
   * for a while. Once for the requests in flight together: a 429 for one started before the
   * last decrease is the same news, and a burst of them would otherwise cut the share to its
   * lowest at once.
   */
  rateLimited(now, startedAt) {
    if (startedAt !== void 0 && startedAt < this.decreasedAt) return;
    this.factor = Math.max(LOWEST_FACTOR, this.factorAt(now) * DECREASE);
    this.decreasedAt = now;
  }
  /** The account's allowance in requests per second, once an answer has said it. */
  get allowancePerSecond() {
    return this.advertised && perSecond(this.advertised);
  }
  /**
   * Never more than the share of the advertised allowance; after 429s, never less than the fixed
   * rate unless the share itself is less (the reset hold does the waiting).
   */
  requestsPerSecond(now) {
    const allowance = this.allowancePerSecond;
    const share = this.fixed.share === void 0 ? DEFAULT_SHARE : this.fixed.share;
    if (allowance === void 0 || share === null) return this.fixed.maxRequestsPerSecond;
    const ours = share * allowance;
    return Math.min(ours, Math.max(this.fixed.maxRequestsPerSecond, ours * this.factorAt(now)));
  }
  /**
   * In flight at once: the configured number, and once an allowance is learned, up to a second's
   * worth of the rate now when that is more. Answers that take time must not cap the rate below
   * the share: 2 in flight with answers of 400 ms are 5 requests a second, half of an account's
   * 20 a second's share. The rate still spaces the starts; a 429 finds at most a second's worth.
   */
  maxConcurrent(now) {
    if (this.allowancePerSecond === void 0 || this.fixed.share === null) {
      return this.fixed.maxConcurrent;
    }
    return Math.max(this.fixed.maxConcurrent, Math.ceil(this.requestsPerSecond(now)));
  }
  factorAt(now) {
    if (this.factor >= 1) return 1;
    const steps = Math.floor(Math.max(0, now - this.decreasedAt) / RECOVERY_STEP_MS);
    return Math.min(1, this.factor + steps * RECOVERY_STEP);
  }
};

// src/cli/cli-context.ts
function keySource(context) {
  return new PrivateKeySource(context.keychain, context.env.IMAGEKIT_PRIVATE_KEY);
}
async function keychainNotInstalled(context) {
  return await context.keychain.installed?.() === false;
}
function keychainProblem(message) {
  return new CliError(`${message} Or set IMAGEKIT_PRIVATE_KEY instead.`, ExitCode.keychain);
}
function keychainFailure(error) {
  if (error.kind === "invalid") return new CliError(error.message, ExitCode.usage);
  return keychainProblem(error.message);
}
function newClient(context, privateKey) {
  const { stop: stop2 } = context;
  try {
    return new ImageKitClient({
      // A stopped command abandons the requests in flight.
      fetch: stop2 ? (input, init) => context.fetch(input, {
        ...init,
        signal: init.signal ? AbortSignal.any([init.signal, stop2]) : stop2
      }) : context.fetch,
      privateKey,
      baseUrl: context.env.IMAGE_KIT_BASE_URL,
      userAgent: USER_AGENT
    });
  } catch (error) {
    if (!(error instanceof BaseUrlError)) throw error;
    const message = holdsApiKey(error.message) ? "IMAGE_KIT_BASE_URL holds what looks like an API key, not a URL: expected something like https://api.imagekit.io." : error.message;
    throw new CliError(message, ExitCode.usage);
  }
}
function pollScale(context) {
  const text2 = context.env.PURGE_WATCH_POLL_SCALE;
  if (text2 === void 0 || text2.trim() === "") return 1;
  const scale = Number(text2);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 1)) {
    throw new CliError(
      "PURGE_WATCH_POLL_SCALE must be a number above 0 and at most 1 (it shortens polling delays for tests against a local fake server); unset it for real use.",
      ExitCode.usage
    );
  }
  return scale;
}
function requestBudget(context) {
  const text2 = context.env.PURGE_WATCH_RATE_SHARE;
  if (text2 === void 0 || text2.trim() === "") return DEFAULT_BUDGET;
  const percent = Number(text2);
  if (!(Number.isFinite(percent) && percent >= 1 && percent <= 100)) {
    throw new CliError(
      "PURGE_WATCH_RATE_SHARE must be a percentage from 1 to 100: the share of the account's rate limit Purge Watch may use (default 50).",
      ExitCode.usage
    );
  }
  return { ...DEFAULT_BUDGET, share: percent / 100 };
}
function scaledSchedule(scale) {
  if (scale === 1) return {};
  return {
    minIntervalMs: DEFAULT_SCHEDULE.minIntervalMs * scale,
    maxIntervalMs: DEFAULT_SCHEDULE.maxIntervalMs * scale,
    firstCheckAfterMs: DEFAULT_SCHEDULE.firstCheckAfterMs * scale,
    errorBackoffMs: DEFAULT_SCHEDULE.errorBackoffMs * scale
  };
}

// src/cli/account-choice.ts
function namedAccount(context, option) {
  return option ?? (context.env.PURGE_WATCH_ACCOUNT?.trim() || void 0);
}
function keyCommandAccount(context, option, action) {
  if (option !== void 0) return option;
  if (action === "status" && context.env.IMAGEKIT_PRIVATE_KEY?.trim()) return ENVIRONMENT_ACCOUNT;
  return DEFAULT_ACCOUNT;
}
async function listAccounts2(context, keys = keySource(context)) {
  return listAccounts(keys, namedAccount(context, void 0));
}
async function chooseAccounts(context, output2, options) {
  newClient(context, () => void 0);
  const keys = keySource(context);
  const { accounts, problem } = await listAccounts2(context, keys);
  const names = accounts.map((account) => account.name);
  const named = namedAccount(context, options.account);
  if (problem !== void 0 && (names.length === 0 || named && !names.includes(named))) {
    if (await keychainNotInstalled(context)) throw noKey(named, false);
    throw keychainProblem(problem);
  }
  if (named !== void 0 && !names.includes(named)) {
    throw unknownAccount(named, names, options.account === void 0);
  }
  const usedNames = named !== void 0 ? [named] : options.lookup && names.length > 0 ? names : [names[0] ?? DEFAULT_ACCOUNT];
  const several = names.length > 1;
  const used = [];
  for (const name of usedNames) {
    const key = await readKey(keys, name);
    const keyProblem = checkPrivateKey(key);
    if (keyProblem === NO_KEY) throw noKey(several ? name : void 0);
    if (keyProblem !== void 0) {
      throw new CliError(`${several ? `${name}: ` : ""}${keyProblem}`, ExitCode.auth);
    }
    output2.safe.addSecret(key);
    used.push({ name, api: newClient(context, () => key) });
  }
  return { used, several };
}
function noKey(account, keychain = true) {
  const advice = keychain ? "Set IMAGEKIT_PRIVATE_KEY or store one in the keychain." : "Set IMAGEKIT_PRIVATE_KEY (keychain support is not installed here).";
  return new CliError(`${account ? `${account}: ` : ""}${NO_KEY} ${advice}`, ExitCode.auth);
}
async function readKey(keys, name) {
  try {
    return await keys.get(name);
  } catch (error) {
    if (error instanceof KeychainError) throw keychainFailure(error);
    throw error;
  }
}
function unknownAccount(name, names, fromEnvironment = false) {
  const there = names.length === 0 ? "there is none yet (set IMAGEKIT_PRIVATE_KEY, or store a key with purge-watch key set --account NAME)" : `the accounts are ${names.join(", ")}`;
  const asked = fromEnvironment ? `PURGE_WATCH_ACCOUNT names "${echoedToken(name)}", which is no account` : `No account is named "${echoedToken(name)}"`;
  return new CliError(`${asked}: ${there}.`, ExitCode.usage);
}

// src/cli/accounts-command.ts
async function accountsCommand(context, output2) {
  const { accounts, problem, caseClashes: caseClashes2 } = await listAccounts2(context);
  if (accounts.length === 0) {
    const installed = !await keychainNotInstalled(context);
    if (problem !== void 0 && installed) throw keychainProblem(problem);
    throw new CliError(
      installed ? "No account yet: set IMAGEKIT_PRIVATE_KEY, or store a key with purge-watch key set [--account NAME]." : "No account yet: set IMAGEKIT_PRIVATE_KEY (keychain support is not installed here).",
      ExitCode.auth
    );
  }
  const width = Math.max(...accounts.map((account) => account.name.length));
  for (const account of accounts) {
    const human = `${account.name.padEnd(width)}  ${account.source}${account.isDefault ? "  (default)" : ""}`;
    output2.result(human.trimEnd(), account);
  }
  if (problem !== void 0) output2.error(`the keychain's accounts are not listed: ${problem}`);
  if (caseClashes2) output2.error(caseClashWords(caseClashes2));
  return ExitCode.ok;
}

// src/core/input/request-ids.ts
var NEAR_MISS = 4;
var MAX_WRONG_CHARACTERS = 2;
var LONG_ENTRY = 16;
var MAX_VALUE_LENGTH = 256;
var LETTER_OR_DIGIT = String.raw`\p{L}\p{N}\p{M}`;
var WORD2 = `${LETTER_OR_DIGIT}_`;
var JSON_ESCAPE = String.raw`\\[nrtbf]|\\u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}`;
var WORD_START = String.raw`(?=[0-9a-z])(?:(?<![${WORD2}\\%])|(?<=${JSON_ESCAPE}))`;
var ASSIGNMENT = String.raw`\\?["'“”]?[ \t]*[:=][ \t]*`;
var OPENING_QUOTE = String.raw`\\?["'“”]`;
var QUOTED = String.raw`[^"'“”\\\r\n]{0,${MAX_VALUE_LENGTH}}`;
var BARE = String.raw`[^\s,;}\]&"'<)#{[][^\s,;}\]&"'<)#]{0,${MAX_VALUE_LENGTH}}`;
var VALUE = `${ASSIGNMENT}(?:${OPENING_QUOTE}${QUOTED}|${BARE})`;
var REQUEST_ID_NAME = "(?:purge_?)?request_?id";
var SUPPORT_ID = `x-ik-requestid(?:${VALUE})?`;
var REQUEST_ID_VALUE = `(?<!-)${REQUEST_ID_NAME}(?![${WORD2}])(?:${ASSIGNMENT}(?:${OPENING_QUOTE}(?<quoted>${QUOTED})|(?<bare>${BARE})))?`;
var RUN = `[${LETTER_OR_DIGIT}]{${REQUEST_ID_LENGTH - NEAR_MISS},${REQUEST_ID_LENGTH + NEAR_MISS}}(?![${WORD2}])`;
var KEY = `${API_KEY_START}[\\w+/=-]{0,${MAX_VALUE_LENGTH}}`;
var TOKEN = new RegExp(
  `${WORD_START}(?:${KEY}|${SUPPORT_ID}|(?<name>${REQUEST_ID_VALUE})|(?<run>${RUN}))`,
  "giu"
);
var HEADER_LINE = /^[ \t]*(?<sent>[<>] )?(?<name>[A-Za-z0-9-]{1,64}):.*/gm;
var SECRET_HEADERS = /* @__PURE__ */ new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);
var QUIET_HEADERS = /* @__PURE__ */ new Set([
  "age",
  "date",
  "etag",
  "expires",
  "host",
  "server",
  "vary",
  "via",
  "accept",
  "connection",
  "location"
]);
var IS_REQUEST_ID_NAME = new RegExp(`^${REQUEST_ID_NAME}$`, "i");
var STRUCTURE = new RegExp(
  `(?<key>${API_KEY_START}[^\\s,;]*)|[{}[\\]"'\`:/\\\\=<>()?&#|\u2018\u2019\u201C\u201D\xAB\xBB]`,
  "gi"
);
var NOT_HEX = /[^0-9a-f]/iu;
var HEX_CHARACTERS = /[0-9a-f]/gi;
var HEX_ONLY = /^[0-9a-f]+$/i;
var DIGIT = /[0-9]/;
var UPPERCASE_HEX = /[A-F]/;
var HEX_LETTER = /[a-f]/i;
var INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\s]$/u;
var COMBINING_MARK = new RegExp("^\\p{M}$", "u");
var PRINTABLE_ASCII = /^[\x20-\x7e]$/;
function parseRequestIds(text2) {
  if (typeof text2 !== "string" || text2.length === 0) return { ids: [], rejected: [] };
  const found = new Found();
  if (hasStructure(text2)) scanStructured(text2, found);
  else {
    const entries = pasteEntries(text2, LIST_ENTRY);
    if (isMeantAsIds(entries)) judgeList(entries, found);
    else scanStructured(text2, found);
  }
  return { ids: [...found.ids], rejected: found.rejected.toArray() };
}
var Found = class {
  ids = /* @__PURE__ */ new Set();
  rejected = new RejectionList();
  id(text2) {
    this.ids.add(UPPERCASE_HEX.test(text2) ? text2.toLowerCase() : text2);
  }
  reject(token) {
    this.rejected.add(token, rejectionReason(token));
  }
};
function hasStructure(text2) {
  for (const match of text2.matchAll(STRUCTURE)) if (match.groups?.key === void 0) return true;
  return false;
}
function isMeantAsIds(entries) {
  if (entries.length === 1) return true;
  let meant = 0;
  for (const entry of entries) {
    if (DIGIT.test(entry) || entry.length >= LONG_ENTRY || apiKeyIn(entry)) meant++;
    if (meant * 2 > entries.length) return true;
  }
  return false;
}
function judgeList(entries, found) {
  for (const entry of entries) {
    if (isRequestIdText(entry)) found.id(entry);
    else if (entries.length === 1 || !isOtherHex(entry)) found.reject(entry);
  }
}
function isOtherHex(entry) {
  return entry.length > REQUEST_ID_LENGTH + NEAR_MISS && HEX_ONLY.test(entry);
}
function scanStructured(text2, found) {
  const headers = headerLines(text2);
  let header = headers.next().value;
  for (const match of text2.matchAll(TOKEN)) {
    while (header && header.end <= match.index) header = headers.next().value;
    const line = header && header.start <= match.index ? header.kind : "normal";
    if (line === "secret") continue;
    const { run, name, quoted, bare } = match.groups ?? {};
    if (run !== void 0) {
      if (isRequestIdText(run)) found.id(run);
      else if (line === "normal" && isBotchedId(run)) found.reject(run);
    } else if (name !== void 0) {
      const value = quoted ?? bare;
      if (value === void 0) continue;
      if (isRequestIdText(value)) found.id(value);
      else if (value === "" || quoted === void 0 && value === "null") {
        found.rejected.add(value || '""', "the requestId value is empty");
      } else found.reject(value);
    }
  }
}
function* headerLines(text2) {
  for (const match of text2.matchAll(HEADER_LINE)) {
    const name = match.groups.name.toLowerCase();
    const start = match.index;
    const end = start + match[0].length;
    if (SECRET_HEADERS.has(name)) yield { start, end, kind: "secret" };
    else if (!IS_REQUEST_ID_NAME.test(name) && (match.groups.sent !== void 0 || name.includes("-") || QUIET_HEADERS.has(name))) {
      yield { start, end, kind: "quiet" };
    }
  }
  return void 0;
}
function isBotchedId(run) {
  return run.replace(HEX_CHARACTERS, "").length <= MAX_WRONG_CHARACTERS && DIGIT.test(run) && HEX_LETTER.test(run);
}
function rejectionReason(token) {
  const key = apiKeyIn(token);
  if (key) return `looks like a ${key} API key \u2014 not a request ID`;
  const wrong = NOT_HEX.exec(token);
  if (wrong) return `contains ${describeCharacter(wrong[0])}, not hexadecimal`;
  const count = token.length === 1 ? "1 character" : `${token.length} characters`;
  return `${count}; a request ID has ${REQUEST_ID_LENGTH} hex characters`;
}
function describeCharacter(character) {
  const codePoint = codePointOf(character);
  if (INVISIBLE.test(character) || COMBINING_MARK.test(character)) return codePoint;
  return PRINTABLE_ASCII.test(character) ? `'${character}'` : `'${character}' (${codePoint})`;
}

// src/cli/operands.ts
async function requestIdOperands(operands, stdin) {
  const ids = [];
  for (const operand of operands) {
    if (operand === "-") {
      const text2 = await readAll(stdin);
      const parsed2 = parseRequestIds(text2);
      const bad = parsed2.rejected[0];
      if (bad) {
        throw new CliError(
          `"${bad.text}" on stdin is not a request ID: ${bad.reason}`,
          ExitCode.usage
        );
      }
      if (parsed2.ids.length === 0) {
        throw new CliError(`no request ID found on stdin ${describeInput(text2)}`, ExitCode.usage);
      }
      for (const id of parsed2.ids) ids.push(id);
      continue;
    }
    const parsed = parseRequestIds(operand);
    if (parsed.ids.length !== 1 || parsed.rejected.length > 0) {
      const reason = parsed.rejected[0]?.reason ?? "a request ID has 24 hex characters";
      const shown2 = parsed.rejected[0]?.text ?? echoedToken(operand);
      throw new CliError(`"${shown2}" is not a request ID: ${reason}`, ExitCode.usage);
    }
    ids.push(parsed.ids[0]);
  }
  return [...new Set(ids)];
}
function urlOperands(operands) {
  const parsed = parsePurgeUrls(operands.join("\n"));
  const problem = parsed.rejected[0];
  if (problem)
    throw new CliError(`"${problem.text}" cannot be purged: ${problem.reason}`, ExitCode.usage);
  return parsed.urls;
}
async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
function describeInput(text2) {
  const firstLine = text2.split(/\r?\n/).find((line) => line.trim() !== "");
  if (firstLine === void 0) return "(it was empty)";
  return `(it starts: ${echoedToken(firstLine.trim())})`;
}

// src/cli/hidden-prompt.ts
var ESCAPE_SEQUENCE = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|[^[O])/;
var INCOMPLETE_ESCAPE = /^\u001b(?:\[[0-?]*[ -/]*|O)?$/;
var CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
function hasControlCharacters(text2) {
  return CONTROL.test(text2);
}
function promptHidden(stdin, stderr, prompt) {
  stdin.setRawMode?.(true);
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = [];
    let refused = false;
    let pending = "";
    const onData = (chunk) => {
      pending += chunk.toString();
      while (pending !== "") {
        if (pending.startsWith("\x1B")) {
          const sequence = ESCAPE_SEQUENCE.exec(pending);
          if (!sequence) {
            if (INCOMPLETE_ESCAPE.test(pending)) return;
            pending = pending.slice(1);
            continue;
          }
          pending = pending.slice(sequence[0].length);
          continue;
        }
        const char = String.fromCodePoint(pending.codePointAt(0));
        pending = pending.slice(char.length);
        if (char === "\r" || char === "\n" || char === "") return done();
        if (char === "") return done(new CliError("cancelled", ExitCode.interrupted));
        if (char === "\x7F" || char === "\b") typed = typed.slice(0, -1);
        else if (char === "") typed = [];
        else if (hasControlCharacters(char)) refused = true;
        else typed.push(char);
      }
    };
    const done = (error) => {
      stdin.removeListener?.("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause?.();
      stderr.write("\n");
      if (error) reject(error);
      else if (refused) {
        reject(
          new CliError(
            "The key you typed contained control characters and was not stored: type or paste it again.",
            ExitCode.usage
          )
        );
      } else resolve(typed.join(""));
    };
    stdin.on?.("data", onData);
    stdin.resume?.();
  });
}

// src/cli/key-command.ts
async function keyCommand(context, action, account, output2, checkKey = true) {
  const keys = keySource(context);
  output2.safe.addSecret(context.env.IMAGEKIT_PRIVATE_KEY);
  const keychain = context.keychain.describe();
  const name = keyCommandAccount(context, account, action);
  const of = account === void 0 ? "" : ` of "${account}"`;
  const named = account === void 0 ? {} : { account };
  if (action !== "status" && name === ENVIRONMENT_ACCOUNT) {
    throw new CliError(ENVIRONMENT_KEY_IS_READ_ONLY, ExitCode.usage);
  }
  try {
    const before = await keys.accounts();
    if (action === "set") {
      if (before.problem !== void 0 && (before.unreachable === true || await keychainNotInstalled(context))) {
        throw keychainProblem(before.problem);
      }
      const taken = caseVariantProblem(
        name,
        before.accounts.map((listed) => listed.name)
      );
      if (taken) throw new CliError(taken, ExitCode.usage);
      const key = context.stdin.isTTY ? await promptHidden(context.stdin, context.stderr, "ImageKit private API key: ") : await readAll(context.stdin);
      output2.safe.addSecret(key);
      if (hasControlCharacters(key.trim())) {
        throw new CliError(
          "The key contains control characters (an arrow key or a terminal escape?) and was not stored: type or paste it again.",
          ExitCode.usage
        );
      }
      const invalid = validatePrivateKey(key);
      if (invalid) throw new CliError(invalid, ExitCode.usage);
      const checked = checkKey && before.problem === void 0 ? await askImageKit(context, key.trim()) : { checked: false };
      await context.keychain.setPrivateKey(key, name);
      const added = !before.accounts.some((a) => a.name === name);
      const what = added && account !== void 0 ? ` (a new account)` : "";
      const verdict = checked.checked ? " ImageKit accepted it." : "";
      output2.result(`Stored the private key${of} in ${keychain}${what}.${verdict}`, {
        stored: true,
        keychain,
        checked: checked.checked,
        ...named
      });
      if (checkKey && !checked.checked) {
        output2.error(
          `the key was stored but not checked: ${checked.unreachable ?? "ImageKit was not asked."}`
        );
      }
      if (context.env.IMAGEKIT_PRIVATE_KEY && account === void 0) {
        output2.error("note: IMAGEKIT_PRIVATE_KEY is set and takes precedence over the keychain");
      }
      return ExitCode.ok;
    }
    if (action === "delete") {
      const deleted = await context.keychain.deletePrivateKey(name);
      output2.result(
        deleted ? `Deleted the private key${of} from ${keychain}.` : `No private key${of} was stored in ${keychain}.`,
        { deleted, keychain, ...named }
      );
      return ExitCode.ok;
    }
    const status = await keys.status(name);
    const missing = status.problem !== void 0 && await keychainNotInstalled(context);
    if (status.problem && !missing) throw keychainProblem(status.problem);
    const where = status.source === "environment" ? "from IMAGEKIT_PRIVATE_KEY (environment)" : status.source === "keychain" ? `stored in ${keychain}` : missing ? "not set (set IMAGEKIT_PRIVATE_KEY: keychain support is not installed here)" : account !== void 0 ? `not set (no such account: purge-watch accounts lists them)` : before.accounts.length === 0 ? `not set (neither IMAGEKIT_PRIVATE_KEY nor ${keychain} holds one)` : `not set (neither IMAGEKIT_PRIVATE_KEY nor ${keychain} holds the account "default"'s; other accounts' keys are stored: purge-watch accounts lists them, --account NAME checks one)`;
    output2.result(`Private key${of}: ${where}`, { source: status.source, keychain, ...named });
    return status.source === "none" ? ExitCode.auth : ExitCode.ok;
  } catch (error) {
    if (error instanceof KeychainError) throw keychainFailure(error);
    throw error;
  }
}
var NO_SUCH_PURGE = "000000000000000000000000";
async function askImageKit(context, key) {
  const outcome = await newClient(context, () => key).getPurgeStatus(NO_SUCH_PURGE);
  if (outcome.ok || outcome.error.kind === "not_found") return { checked: true };
  const { error } = outcome;
  if (error.kind === "auth") {
    throw new CliError(
      `ImageKit refused this key (${error.message}): it was not stored.`,
      ExitCode.auth
    );
  }
  return { checked: false, unreachable: error.message };
}

// src/shared/state-words.ts
var STATE_WORDS = {
  pending: "pending",
  completed: "completed",
  not_found: "not found",
  given_up: "given up"
};
var THING_WORDS = {
  retrying: "retrying",
  onHold: "on hold",
  key: "private key",
  keychain: "keychain",
  requestId: "request ID",
  checking: "checking"
};
var RETIRED_WORDS = {
  [STATE_WORDS.not_found]: [
    "not checked any more",
    "does not know",
    "knows no purge",
    "has no purge with this ID."
  ],
  [STATE_WORDS.given_up]: ["time ran out", "stopped checking", "stopped watching"],
  [THING_WORDS.key]: ["api key", "the private one"],
  [THING_WORDS.keychain]: ["keyring", "system keychain"],
  [THING_WORDS.checking]: ["polling", "watching"]
};
var ERROR_KIND_WORDS = {
  not_found: "not found",
  auth: "authentication failed",
  rate_limited: "rate limited",
  transient: "temporary failure",
  protocol: "unexpected answer",
  rejected: "rejected"
};
var ERROR_KIND_SENTENCES = {
  not_found: "ImageKit has no purge with this request ID",
  auth: `ImageKit refused the ${THING_WORDS.key}`,
  rate_limited: "ImageKit's rate limit was reached",
  transient: "ImageKit could not be reached",
  protocol: "ImageKit sent an answer Purge Watch does not understand",
  rejected: "ImageKit refused the request"
};
var MAY_HAVE_BEEN_SUBMITTED = "The purge may have been submitted all the same: it was not sent again (check before purging it again).";

// src/cli/live-line.ts
function keepsEveryRedraw(env) {
  const ci = env.CI?.trim().toLowerCase();
  return env.TERM === "dumb" || ci !== void 0 && ci !== "" && ci !== "false" && ci !== "0";
}
var DEFAULT_COLUMNS = 80;
function lineWidth(terminalColumns, env) {
  const fromEnv = Number(env.COLUMNS);
  const columns = terminalColumns !== void 0 && terminalColumns > 0 ? terminalColumns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_COLUMNS;
  return Math.max(columns - 1, 1);
}
function fitToWidth(text2, width) {
  const characters = [...new Intl.Segmenter().segment(text2)].map(({ segment }) => segment);
  if (displayWidth(characters) <= width) return text2;
  const kept = [];
  let used = 1;
  for (const character of characters) {
    used += columnsOf(character);
    if (used > width) break;
    kept.push(character);
  }
  return `${kept.join("")}\u2026`;
}
function displayWidth(characters) {
  return characters.reduce((sum, character) => sum + columnsOf(character), 0);
}
var WIDE = new RegExp("^(?:\\p{Extended_Pictographic}|[\\u1100-\\u115F\\u2E80-\\u303E\\u3041-\\u33FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uA000-\\uA4CF\\uAC00-\\uD7A3\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF60\\uFFE0-\\uFFE6\\u{20000}-\\u{3FFFD}])", "u");
function columnsOf(character) {
  return WIDE.test(character) ? 2 : 1;
}

// src/cli/output.ts
var KIND_WORDS = {
  ...ERROR_KIND_WORDS,
  given_up: STATE_WORDS.given_up,
  timeout: "timed out",
  interrupted: "interrupted"
};
var Output = class {
  constructor(stdout, stderr, json, safe, env) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.json = json;
    this.safe = safe;
    this.env = env;
  }
  stdout;
  stderr;
  json;
  safe;
  env;
  progressShown = false;
  said = /* @__PURE__ */ new Set();
  /** The command says itself what a stop leaves undone (`reportsItsStop`). */
  stopReported = false;
  /** One result: `human` on a terminal or pipe, `data` as one JSON line with --json. */
  result(human, data) {
    this.stdout.write(
      this.json ? `${JSON.stringify(this.safe.data(data))}
` : `${this.safe.line(human)}
`
    );
  }
  /** One line on stderr. */
  error(message) {
    this.stderr.write(`purge-watch: ${this.safe.line(message)}
`);
  }
  /** One line on stderr, unless this very line was said before (a warning every answer repeats). */
  errorOnce(message) {
    if (this.said.has(message)) return;
    this.said.add(message);
    this.error(message);
  }
  /**
   * What went wrong for one request ID: a line on stderr, and with --json also its object on
   * stdout (`data` plus `error`).
   */
  idError(requestId, error, data = {}) {
    this.itemError(requestId, { requestId, ...data }, error);
  }
  /** What went wrong for one item (`label`: its request ID or URL), as `idError` says it. */
  itemError(label, data, error) {
    if (this.json) this.result("", { ...data, error: errorData(error) });
    this.error(`${label}: ${describeError(error)}`);
  }
  /**
   * One error that ends the work for all these request IDs (the key refused, no network, a
   * signal): one line on stderr, and with --json one object per ID on stdout.
   */
  sharedError(requestIds, error, dataFor) {
    for (const requestId of requestIds) this.saidBefore(requestId, error, dataFor?.(requestId));
    this.error(error.message);
  }
  /** An error said once on stderr for several IDs, for one of them: with --json, its object. */
  saidBefore(requestId, error, data = {}) {
    if (this.json) this.result("", { requestId, ...data, error: errorData(error) });
  }
  /**
   * How a wait shows its progress on stderr (`--progress`): `live`, one line a terminal keeps
   * rewriting; `lines`, a line every `--progress-every`, for logs (a CI step that prints nothing
   * for 10 minutes is killed); `none`. `auto`: live on a terminal that redraws it (without
   * --json, not TERM=dumb, not CI), else lines.
   */
  progressStyle(option) {
    if (option !== "auto") return option;
    return this.showsLiveProgress ? "live" : "lines";
  }
  /**
   * A live line is for people: only on a terminal that redraws it (not TERM=dumb, not one a CI
   * system records), never with --json.
   */
  get showsLiveProgress() {
    return !this.json && this.stderr.isTTY === true && !keepsEveryRedraw(this.env);
  }
  /**
   * From now on the running command says itself what a signal leaves undone (wait's pending
   * purges, status's unanswered IDs, purge's unsent URLs): `stopped` says nothing more.
   */
  reportsItsStop() {
    this.stopReported = true;
  }
  /**
   * A signal ended `command` before it said what that left undone (stats, accounts, key, or any
   * command still reading stdin or the keychain): one line on stderr. A closed stdout ends it
   * quietly, as it ends every command.
   */
  stopped(reason, command) {
    if (this.stopReported || reason === "EPIPE") return;
    this.error(`interrupted by ${reason} before ${command} was done`);
  }
  /** A progress line for a log: one line on stderr, as an error is written. */
  progressLine(text2) {
    this.error(text2);
  }
  /** A transient line on a terminal's stderr, replaced by the next one: one row, never wrapped. */
  progress(text2) {
    if (!this.showsLiveProgress) return;
    const width = lineWidth(this.stderr.columns, this.env);
    this.stderr.write(`\r\x1B[2K${fitToWidth(this.safe.line(text2), width)}`);
    this.progressShown = true;
  }
  clearProgress() {
    if (!this.progressShown) return;
    this.stderr.write("\r\x1B[2K");
    this.progressShown = false;
  }
};
function resultLine(requestId, account, ...rest) {
  return [requestId, ...account === void 0 ? [] : [account], ...rest].join("  ");
}
function accountError(error, account, several) {
  return several ? { ...error, message: `${account}: ${error.message}` } : error;
}
function sayIgnoredRateLimits(output2, ignored, several) {
  for (const { account, message } of ignored ?? []) {
    output2.errorOnce(several ? `${account}: ${message}` : message);
  }
}
var LISTED_IN_A_LINE = 10;
function listedInALine(items) {
  const listed = items.slice(0, LISTED_IN_A_LINE).join(", ");
  const more = items.length - LISTED_IN_A_LINE;
  return more > 0 ? `${listed} and ${more} more` : listed;
}
function interruptedError(reason, undone, of, what, state) {
  const counted = `${undone.length} of ${of} ${what}${of === 1 ? "" : "s"}`;
  return {
    kind: "interrupted",
    message: `interrupted by ${reason}: ${counted} ${state}: ${listedInALine(undone)}`
  };
}
function describeError(error) {
  return `${error.message} (${KIND_WORDS[error.kind]})`;
}
function errorData(error) {
  return { kind: error.kind, message: error.message };
}

// src/core/freshness/cache-headers.ts
var MAX_AGE_SECONDS = 2147483648;
var MAX_HEADER_CHARS = 200;
var EDGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
function readCacheHeaders(headers) {
  const read = {};
  const age = headers.get("age");
  if (age !== null) {
    const seconds = deltaSeconds(age);
    if (seconds === void 0) read.unreadableAge = true;
    else read.age = seconds;
  }
  const cache = shown(headers.get("x-cache"));
  if (cache !== void 0) {
    read.cache = cache;
    read.outcome = cacheOutcome(cache);
  }
  const pop = shown(headers.get("x-amz-cf-pop"));
  if (pop !== void 0 && EDGE_NAME.test(pop)) read.pop = pop;
  const etag = shown(headers.get("etag"));
  if (etag !== void 0) read.etag = etag;
  const lastModified = shown(headers.get("last-modified"));
  if (lastModified !== void 0) read.lastModified = lastModified;
  const length = headers.get("content-length");
  if (length !== null && /^\d{1,15}$/.test(length.trim())) read.length = Number(length.trim());
  return read;
}
function deltaSeconds(value) {
  const text2 = value.trim();
  if (!/^\d+$/.test(text2)) return void 0;
  return Math.min(Number(text2), MAX_AGE_SECONDS);
}
function cacheOutcome(value) {
  const word = /^[a-z]+/i.exec(value)?.[0]?.toLowerCase();
  if (word === "hit") return "hit";
  if (word === "refreshhit") return "refresh-hit";
  if (word === "miss") return "miss";
  return "other";
}
function shown(value) {
  if (value === null) return void 0;
  const text2 = safeServerText(value, [], MAX_HEADER_CHARS);
  return text2 === "" ? void 0 : text2;
}

// src/core/freshness/freshness-verdict.ts
var CLOCK_SKEW_MS = 3e4;
function freshnessVerdict(answer, submittedAt, skewMs = CLOCK_SKEW_MS) {
  if (!answer.ok) return unknown(answer.problem);
  if (answer.httpStatus < 200 || answer.httpStatus > 299) {
    return unknown(`the CDN answered HTTP ${answer.httpStatus}`);
  }
  const { outcome, age, unreadableAge, cache } = answer.headers;
  switch (outcome) {
    case "miss":
    case "refresh-hit":
      return { verdict: "fresh" };
    case "other":
      return unknown(`X-Cache says "${cache}"`);
    case "hit":
    case void 0:
      if (age !== void 0) {
        const heldSince = answer.checkedAt - age * 1e3;
        return { verdict: heldSince >= submittedAt - skewMs ? "fresh" : "stale" };
      }
      if (unreadableAge) return unknown("the Age header is not a number of seconds");
      return unknown(outcome === "hit" ? "a hit without an Age header" : "no cache headers");
  }
}
function unknown(reason) {
  return { verdict: "unknown", reason };
}
function contentChanged(before, now) {
  if (!before) return void 0;
  if (before.etag !== void 0 && now.etag !== void 0) {
    return strongForm(before.etag) !== strongForm(now.etag);
  }
  if (before.lastModified !== void 0 && now.lastModified !== void 0) {
    return before.lastModified !== now.lastModified;
  }
  if (before.length !== void 0 && now.length !== void 0 && before.length !== now.length) {
    return true;
  }
  return void 0;
}
function strongForm(etag) {
  return etag.replace(/^W\//, "");
}

// src/core/freshness/freshness-check.ts
var BROWSER_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
var MAX_REDIRECTS = 3;
var CDN_TIMEOUT_MS = 1e4;
var MAX_BODY_BYTES2 = 8 * 1024 * 1024;
var DEFAULT_RECHECK = {
  firstDelayMs: 5e3,
  maxDelayMs: 3e4,
  boundMs: 2 * 6e4
};
function notChecked(reason, since) {
  return { verdict: "unknown", reason, since, checks: 0 };
}
var WILDCARD_NOT_CHECKED = "not checked: wildcard";
function isWildcard(url) {
  return url.endsWith("*");
}
async function verifyFreshness(target, ports) {
  const { clock } = ports;
  const since = target.since ?? clock.now();
  const refused = isWildcard(target.url) ? WILDCARD_NOT_CHECKED : refusedUrl(target.url, false, false);
  if (refused) return notChecked(refused, since);
  const policy = ports.recheck ?? DEFAULT_RECHECK;
  let delayMs = policy.firstDelayMs;
  for (let checks = 1; ; checks++) {
    const answer = await askCdn(target.url, ports);
    const seen = cdnAnswer(target.url, answer);
    const { verdict, reason } = freshnessVerdict(answer, target.submittedAt);
    const changed = answer.ok && verdict !== "unknown" ? contentChanged(target.before, seen) : void 0;
    const result = {
      verdict,
      ...reason === void 0 ? {} : { reason },
      seen,
      ...changed === void 0 ? {} : { contentChanged: changed },
      since,
      checks
    };
    const left = since + policy.boundMs - clock.now();
    if (verdict !== "stale" || left <= 0 || ports.signal?.aborted) return result;
    await waitUnlessAborted(clock, Math.min(delayMs, left), ports.signal);
    if (ports.signal?.aborted) return result;
    delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
  }
}
async function probeBeforePurge(url, ports) {
  if (isWildcard(url)) return void 0;
  const answer = await askCdn(url, ports);
  if (!answer.ok || answer.httpStatus < 200 || answer.httpStatus > 299) return void 0;
  return cdnAnswer(url, answer);
}
async function askCdn(url, ports) {
  const { clock } = ports;
  const timeoutMs = ports.timeoutMs ?? CDN_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = systemClock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const signal = ports.signal ? AbortSignal.any([controller.signal, ports.signal]) : controller.signal;
  const failed = (problem) => ({
    ok: false,
    problem,
    checkedAt: clock.now()
  });
  const request = {
    method: ports.method ?? "GET",
    headers: { Accept: BROWSER_ACCEPT, "User-Agent": ports.userAgent },
    redirect: "manual",
    credentials: "omit",
    signal
  };
  let current = url;
  const loopback = isLoopbackHttpUrl(url);
  try {
    for (let redirects = 0; ; redirects++) {
      const refused = refusedUrl(current, redirects > 0, loopback);
      if (refused) return failed(refused);
      const response = await ports.fetch(current, request);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location !== null) {
        void response.body?.cancel().catch(() => void 0);
        if (redirects === MAX_REDIRECTS) return failed(`more than ${MAX_REDIRECTS} redirects`);
        current = resolved(location, current);
        continue;
      }
      const checkedAt = clock.now();
      const headers = readCacheHeaders(response.headers);
      await discardBody(response, signal);
      return { ok: true, httpStatus: response.status, headers, checkedAt };
    }
  } catch (cause) {
    if (timedOut) return failed(`no answer within ${timeoutMs / 1e3}s`);
    if (ports.signal?.aborted) return failed("the check was stopped");
    return failed(networkProblem(cause));
  } finally {
    systemClock.clearTimeout(timer);
    controller.abort();
  }
}
function refusedUrl(url, redirected, fromLoopback) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return redirected ? "redirected to an address that is not a URL" : "not a URL";
  }
  if (parsed.username !== "" || parsed.password !== "") {
    return `${redirected ? "redirected to" : "not checked:"} a URL with a user name or password`;
  }
  if (parsed.protocol === "https:") return void 0;
  if (isLoopbackHttp(parsed) && (!redirected || fromLoopback)) return void 0;
  const origin = safeServerText(`${parsed.protocol}//${parsed.host}`, [], 100);
  return redirected ? `redirected to ${origin}, which is not https: not followed` : "not checked: only https URLs are checked";
}
function isLoopbackHttpUrl(url) {
  try {
    return isLoopbackHttp(new URL(url));
  } catch {
    return false;
  }
}
function resolved(location, base) {
  try {
    return new URL(location, base).href;
  } catch {
    return "";
  }
}
async function discardBody(response, signal) {
  if (response.body === null) return;
  const reader = response.body.getReader();
  const stopped = new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
  let size = 0;
  try {
    while (size <= MAX_BODY_BYTES2) {
      const read = reader.read();
      read.catch(() => void 0);
      const chunk = await Promise.race([read, stopped.then(() => void 0)]);
      if (chunk === void 0 || chunk.done) return;
      size += chunk.value.byteLength;
    }
  } catch {
  } finally {
    reader.cancel().catch(() => void 0);
  }
}
function cdnAnswer(url, answer) {
  if (!answer.ok) return { url, checkedAt: answer.checkedAt };
  const seen = { url, checkedAt: answer.checkedAt, httpStatus: answer.httpStatus };
  for (const field2 of ["age", "cache", "pop", "etag", "lastModified", "length"]) {
    const value = answer.headers[field2];
    if (value !== void 0) Object.assign(seen, { [field2]: value });
  }
  return seen;
}
function networkProblem(cause) {
  const failure = networkFailure(cause);
  switch (failure.kind) {
    case "headers-too-large":
      return "the CDN's headers are too large";
    case "not-http":
      return `the CDN's answer is not valid HTTP (${failure.code})`;
    case "no-answer":
      return `could not reach the CDN: ${safeServerText(failure.reason, [], 100)}`;
  }
}

// src/core/freshness/pre-purge-probes.ts
var CONCURRENT_PROBES = 6;
var PROBE_ROUNDS = 3;
async function probeBeforePurges(urls, ports) {
  const probes = /* @__PURE__ */ new Map();
  const queue = [...new Set(urls)];
  const bound = new AbortController();
  const timer = systemClock.setTimeout(
    () => bound.abort(),
    PROBE_ROUNDS * (ports.timeoutMs ?? CDN_TIMEOUT_MS)
  );
  const signal = ports.signal ? AbortSignal.any([bound.signal, ports.signal]) : bound.signal;
  const probeNext = async () => {
    for (let url = queue.shift(); url !== void 0; url = queue.shift()) {
      if (signal.aborted) return;
      const probe = await probeBeforePurge(url, { ...ports, signal });
      if (probe) probes.set(url, probe);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENT_PROBES }, probeNext));
  } finally {
    systemClock.clearTimeout(timer);
  }
  return probes;
}

// src/core/storage/purge-file.ts
import path8 from "node:path";
var PURGE_FILE_NAME = "purges.json";
function readPurges(directory) {
  let content;
  try {
    content = readContent(path8.join(directory, PURGE_FILE_NAME));
  } catch {
    return [];
  }
  return (content?.purges ?? []).flatMap((record2) => {
    const read = PURGE_REQUEST.read(record2);
    return read === INVALID ? [] : [read];
  });
}
function readContent(filePath) {
  const parsed = readStoreFile(filePath);
  if (parsed === void 0) return void 0;
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error("schema violation: the file does not hold an object");
  }
  const { purges = [], ...otherKeys } = parsed;
  if (!Array.isArray(purges)) throw new Error("schema violation: `purges` is not a list");
  return { purges, otherKeys };
}

// src/shared/freshness-words.ts
function edgeOf(seen) {
  return seen?.pop;
}
function copyAge(seen) {
  return formatAge(seen.checkedAt - (seen.age ?? 0) * 1e3, seen.checkedAt);
}
function changeWords(freshness) {
  if (freshness.contentChanged === void 0) return "";
  return freshness.contentChanged ? " (new content)" : " (same content as before the purge)";
}
function freshnessWords(freshness) {
  const edge = edgeOf(freshness.seen);
  switch (freshness.verdict) {
    case "checking":
      return "checking the CDN\u2026";
    case "fresh":
      return `${edge ? `fresh at ${edge}` : "fresh"}${changeWords(freshness)}`;
    case "stale": {
      const age = freshness.seen ? ` from ${copyAge(freshness.seen)}` : "";
      return `${edge ?? "the nearest edge"} still serves a copy${age}${changeWords(freshness)}`;
    }
    case "unknown":
      return unknownWords(freshness.reason);
  }
}
function unknownWords(reason) {
  if (reason?.startsWith("not checked")) return reason;
  return `freshness unknown${reason ? `: ${reason}` : ""}`;
}

// src/cli/freshness-step.ts
var RANK = { stale: 0, unknown: 1, checking: 1, fresh: 2 };
var FreshnessStep = class {
  constructor(context, option, scale) {
    this.context = context;
    this.option = option;
    const { stop: stop2 } = context;
    const signal = stop2 ? AbortSignal.any([this.stopped.signal, stop2]) : this.stopped.signal;
    this.ports = {
      fetch: (url, request) => context.fetch(url, request),
      clock: context.clock,
      userAgent: USER_AGENT,
      method: option.method,
      signal,
      // PURGE_WATCH_POLL_SCALE shortens the re-checks too (tests and demos on the fake CDN).
      recheck: {
        firstDelayMs: DEFAULT_RECHECK.firstDelayMs * scale,
        maxDelayMs: DEFAULT_RECHECK.maxDelayMs * scale,
        boundMs: DEFAULT_RECHECK.boundMs * scale
      }
    };
  }
  context;
  option;
  stopped = new AbortController();
  ports;
  /** What the CDN served before this run purged, by URL. */
  probes = /* @__PURE__ */ new Map();
  /** What the app knows of the IDs it purged: the URL and its probe (read once, lazily). */
  appPurges;
  /** `wait` for one ID: a bare `--verify-url` is for it. */
  oneId = false;
  /**
   * `purge`: each bare `--verify-url` must fall under a wildcard being purged (the one it is
   * checked for); a usage error, before anything is sent, when it does not.
   */
  checkNamedUrlsFor(purgedUrls) {
    for (const { url, requestId } of this.option.urls) {
      if (requestId === void 0 && !purgedUrls.some((purged) => covers(purged, url))) {
        throw new CliError(
          `--verify-url ${url} is not a URL purged, nor under a wildcard purged: name it as <request-id>=<url>`,
          ExitCode.usage
        );
      }
    }
  }
  /** `wait`: a bare `--verify-url` is for the one ID waited for. */
  checkNamedUrlsForIds(ids) {
    this.oneId = ids.length === 1;
    if (ids.length > 1 && this.option.urls.some((named) => named.requestId === void 0)) {
      throw new CliError(
        `with ${ids.length} request IDs, name the one each --verify-url is for: --verify-url <request-id>=<url>`,
        ExitCode.usage
      );
    }
  }
  /** The pre-purge probe of each URL (and of the URLs named for wildcards), a few at once. */
  async probeBeforePurge(urls) {
    const named = this.option.urls.map(({ url }) => url);
    const probes = await probeBeforePurges([...urls, ...named], this.ports);
    for (const [url, probe] of probes) this.probes.set(url, probe);
    return this.probes;
  }
  /** Checks a completed purge at each of its URLs; never throws (a fault is an unknown). */
  async check(purge) {
    try {
      return await this.checkUrls(purge);
    } catch (error) {
      const reason = `the check failed: ${error instanceof Error ? error.message : String(error)}`;
      return { checks: [notChecked(reason, this.context.clock.now())] };
    }
  }
  async checkUrls(purge) {
    const known = purge.url === void 0 ? this.appPurge(purge.requestId) : void 0;
    const own = purge.url ?? known?.url;
    const named = this.option.urls.filter(
      ({ requestId, url }) => requestId === void 0 ? this.oneId || own !== void 0 && covers(own, url) : requestId === purge.requestId
    ).map(({ url }) => url);
    const urls = named.length > 0 ? named : own === void 0 ? [] : [own];
    if (urls.length === 0) {
      return { checks: [notChecked("not checked: no URL", this.context.clock.now())] };
    }
    const before = (url) => url === own ? purge.before ?? known?.before ?? this.probes.get(url) : this.probes.get(url);
    const checks = await Promise.all(
      urls.map(async (url) => {
        const probe = before(url);
        const target = { url, submittedAt: purge.submittedAt, ...probe ? { before: probe } : {} };
        return { ...await verifyFreshness(target, this.ports), url };
      })
    );
    return { checks: checks.sort((a, b) => RANK[a.verdict] - RANK[b.verdict]) };
  }
  /** Ends every check in progress with what it found so far. */
  stop() {
    this.stopped.abort();
  }
  appPurge(requestId) {
    if (!this.appPurges) {
      const directory = profileDirectory(this.context);
      const purges = directory === void 0 ? [] : readPurges(directory);
      this.appPurges = new Map(purges.map((purge) => [purge.requestId, purge]));
    }
    return this.appPurges.get(requestId);
  }
};
function worstOf(report) {
  return report.checks[0];
}
function freshnessSuffix(report, purgeUrl) {
  const worst = worstOf(report);
  const where = worst.url !== void 0 && worst.url !== purgeUrl ? ` (${worst.url})` : "";
  const others = report.checks.length - 1;
  const more = others > 0 ? `, ${others} more URL${others === 1 ? "" : "s"} checked` : "";
  return ` \xB7 ${freshnessWords(worst)}${where}${more}`;
}
function freshnessData(report) {
  const one = (check) => ({
    verdict: check.verdict,
    age: check.seen?.age ?? null,
    cache: check.seen?.cache ?? null,
    pop: check.seen?.pop ?? null,
    contentChanged: check.contentChanged ?? null,
    checkedAt: check.seen?.checkedAt ?? check.since,
    ...check.url === void 0 ? {} : { url: check.url },
    ...check.reason === void 0 ? {} : { reason: check.reason }
  });
  const worst = one(worstOf(report));
  return report.checks.length > 1 ? { ...worst, urls: report.checks.map(one) } : worst;
}
function covers(purged, url) {
  return isWildcard(purged) ? url.startsWith(purged.slice(0, -1)) : url === purged;
}

// src/core/storage/purge-ledger.ts
import fs7 from "node:fs";
import path9 from "node:path";
var LEDGER_FILE_NAME = "purge-ledger.json";
var MONTHLY_PURGE_QUOTA = 1e3;
var QUOTA_WARNING_SHARE = 0.8;
var MONTHS_KEPT = 13;
var PurgeLedger = class {
  /** The ledger in `directory` (the app's profile); `onSetAside` hears where a damaged one went. */
  constructor(directory, clock, onSetAside) {
    this.clock = clock;
    this.onSetAside = onSetAside;
    this.filePath = path9.join(directory, LEDGER_FILE_NAME);
    this.writer = new CoalescingWriter({
      clock,
      // Each count is written at once; a failed write is retried after the writer's least wait.
      coalesceMs: 0,
      describe: (reason) => `This month's purge counts could not be saved to ${this.filePath} (${reason}).`,
      onProblem: () => this.events.emit("problem", void 0)
    });
  }
  clock;
  onSetAside;
  /** Where the ledger is kept (said when it cannot be written). */
  filePath;
  /** Counts a write could not save (another process's lock, a full disk): added to the next. */
  unwritten = {};
  writer;
  events = new TypedEvents();
  /** Why the counts could not be written last time (they are kept, and tried again). */
  get problem() {
    return this.writer.problem;
  }
  /** Called when `problem` changes: a write failed, or works again. */
  onProblem(listener) {
    return this.events.on("problem", listener);
  }
  /**
   * This month's count for the account. A file that is not JSON is moved aside (under the lock,
   * which only then is taken) and counts nothing. Throws when the file cannot be read.
   */
  use(account) {
    let raw;
    try {
      raw = readStoreFile(this.filePath);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      raw = readSharedFile(this.filePath, this.clock, this.onSetAside);
    }
    return this.quotaUse(ledgerData(raw), account);
  }
  /**
   * Counts `count` more purges for the account this month, and returns the month's count with
   * them; undefined when they could not be written: they are kept, written with the next count,
   * by the retry a few seconds later or at `close`, and `problem` says why meanwhile.
   */
  record(account, count) {
    const counts = this.unwritten[monthOf(this.clock.now())] ??= {};
    counts[account] = (counts[account] ?? 0) + count;
    let written;
    this.writer.writeNow(() => {
      written = this.writeUnwritten();
    });
    return written && this.quotaUse(written, account);
  }
  /**
   * Why no count can be written to the ledger's folder now, as far as the system says without
   * writing (a folder the user may not write, a read-only disk; not a full one), in a word
   * (EACCES, EROFS); undefined when it can be. A folder not made yet (the app never ran here) is
   * made by the first count: the nearest one that exists is asked.
   */
  writeRefusal() {
    for (let folder = path9.dirname(this.filePath); ; folder = path9.dirname(folder)) {
      try {
        fs7.accessSync(folder, fs7.constants.W_OK);
        return void 0;
      } catch (error) {
        const missing = error.code === "ENOENT";
        if (!missing || path9.dirname(folder) === folder) return reasonOf(error);
      }
    }
  }
  /** Writes now the counts a failed write kept, once, and arms no retry (quit, a command's end). */
  close() {
    this.writer.close();
  }
  writeUnwritten() {
    const unwritten2 = this.unwritten;
    const data = updateSharedFile(
      this.filePath,
      (current) => {
        const next = ledgerData(current);
        for (const [month, counts] of Object.entries(unwritten2)) {
          const known = next.months[month] ??= {};
          for (const [account, count] of Object.entries(counts)) {
            known[account] = (Object.hasOwn(known, account) ? known[account] : 0) + count;
          }
        }
        const kept = Object.keys(next.months).sort().slice(-MONTHS_KEPT);
        return { months: Object.fromEntries(kept.map((key) => [key, next.months[key]])) };
      },
      this.clock,
      this.onSetAside
    );
    this.unwritten = {};
    return data;
  }
  quotaUse(data, account) {
    const month = monthOf(this.clock.now());
    const counts = data.months[month];
    const used = counts && Object.hasOwn(counts, account) ? counts[account] : 0;
    const limit = MONTHLY_PURGE_QUOTA;
    return { account, month, used, limit, left: Math.max(0, limit - used) };
  }
};
function quotaWarning(use) {
  if (use.used < use.limit * QUOTA_WARNING_SHARE) return void 0;
  return `${use.account} has submitted ${use.used} of its ${use.limit.toLocaleString("en-US")} purges this month (counted on this machine): ${use.left} left.`;
}
function monthOf(time) {
  return new Date(time).toISOString().slice(0, 7);
}
function ledgerData(raw) {
  const months = {};
  const found = raw?.months;
  if (!found || typeof found !== "object" || Array.isArray(found)) return { months };
  for (const [month, counts] of Object.entries(found)) {
    if (!/^\d{4}-\d{2}$/.test(month) || !counts || typeof counts !== "object") continue;
    const kept = {};
    for (const [account, count] of Object.entries(counts)) {
      if (Number.isInteger(count) && count >= 0) kept[account] = count;
    }
    months[month] = kept;
  }
  return { months };
}

// src/cli/purge-quota.ts
function purgeLedger(context, output2) {
  const directory = profileDirectory(context);
  if (directory === void 0) return void 0;
  return new PurgeLedger(
    directory,
    context.clock,
    saySetAside(output2, "the purge ledger", "this month's count of purges starts again from 0")
  );
}
async function confirmMany(context, urls, maxPurges, use) {
  if (urls <= maxPurges) return;
  const spent = use ? ` (${use.account}: ${use.used} of ${use.limit} used this month, counted here)` : "";
  const quota = MONTHLY_PURGE_QUOTA.toLocaleString("en-US");
  const question = `Submit ${urls} purges, each one of the account's ${quota} a month${spent}? [y/N] `;
  if (context.stdin.isTTY && await askYesNo(context, question)) return;
  throw new CliError(
    `${urls} URLs are more than --max-purges ${maxPurges}: nothing was sent. Each is one of the account's monthly purges; pass --max-purges ${urls} to submit them all.`,
    ExitCode.usage
  );
}
function readUse(ledger, account, output2) {
  if (!ledger) return void 0;
  try {
    return ledger.use(account);
  } catch (error) {
    output2.error(
      `This month's purge counts could not be read from ${ledger.filePath} (${reasonOf(error)}).`
    );
    return void 0;
  }
}
var QuotaCount = class {
  constructor(ledger, account, output2) {
    this.ledger = ledger;
    this.account = account;
    this.output = output2;
  }
  ledger;
  account;
  output;
  said = false;
  last;
  /** Purges counted while the ledger could not be written. */
  waiting = 0;
  /** One more purge that may have spent one of the month's. */
  add() {
    this.waiting += 1;
    if (this.ledger?.problem === void 0) this.record();
  }
  /**
   * The command is done: what could not be written is tried once more, and past 80 % of the
   * quota how many are left is said, on stderr.
   */
  done() {
    this.record();
    this.ledger?.close();
    const warning = this.last && quotaWarning(this.last);
    if (warning) this.output.error(warning);
  }
  record() {
    if (!this.ledger || this.waiting === 0) return;
    const use = this.ledger.record(this.account, this.waiting);
    this.waiting = 0;
    if (use) this.last = use;
    const { problem } = this.ledger;
    if (problem === void 0 || this.said) return;
    this.said = true;
    this.output.error(problem);
  }
};
function askYesNo(context, question) {
  const { stdin } = context;
  context.stderr.write(question);
  return new Promise((resolve) => {
    let typed = "";
    const onData = (chunk) => {
      typed += chunk.toString();
      if (!typed.includes("\n")) return;
      stdin.removeListener?.("data", onData);
      stdin.pause?.();
      resolve(/^\s*y/i.test(typed));
    };
    stdin.on?.("data", onData);
    stdin.resume?.();
  });
}

// src/core/tracking/first-check-learner.ts
var QUICK_FIRST_CHECK_SHARE = 0.7;
var FirstCheckLearner = class {
  constructor(history, schedule, account) {
    this.history = history;
    this.schedule = schedule;
    this.account = account;
  }
  history;
  schedule;
  account;
  /** Age at the last Pending answer, per pending purge followed (undefined: none yet). */
  following = /* @__PURE__ */ new Map();
  /** Purges added after their first check was due: followed from their first Pending answer. */
  late = /* @__PURE__ */ new Set();
  /**
   * The last answer of firstCheckDelay and what it was computed from: a paste of thousands asks
   * once per purge at one `now`, against a history that has not changed in between.
   */
  lastDelay;
  /** How long after submission to check a new purge added at `now` first. */
  firstCheckDelay(now) {
    const completions = this.history.completionsOf(this.account);
    const newest = completions.at(-1);
    const last = this.lastDelay;
    if (last?.now === now && last.completions === completions && last.newest === newest) {
      return last.delay;
    }
    const delay = learnedFirstCheckDelay(
      this.recent(completions, now).map(learnedDuration),
      this.schedule
    );
    this.lastDelay = { now, completions, newest, delay };
    return delay;
  }
  /**
   * What the first check learns from: the last `learnFromRecent` completions, or every one seen
   * within `learnWindowMs` before `now` when those are more (during a deploy).
   */
  recent(all, now) {
    const since = now - this.schedule.learnWindowMs;
    let from = Math.max(0, all.length - this.schedule.learnFromRecent);
    while (from > 0 && seenAt(all[from - 1]) >= since) from -= 1;
    return all.slice(from);
  }
  /**
   * A purge was added at `now`; its first check comes `firstDelay` after submission. It is
   * followed from submission when that check is still ahead; else, when its submission time is
   * known (`dated`: from the ID, or submitted here), from its first Pending answer.
   */
  added(requestId, submittedAt, now, firstDelay, dated2) {
    if (submittedAt + firstDelay >= now) this.following.set(requestId, void 0);
    else if (dated2) this.late.add(requestId);
  }
  /** A check at this age said Pending. */
  sawPending(requestId, age) {
    if (this.late.delete(requestId) || this.following.has(requestId)) {
      this.following.set(requestId, age);
    }
  }
  /**
   * A check at `age` found the purge completed: record how long it took, as seen on schedule.
   * A check delayed past its gap (a saturated budget, sleep, a pause) does not make the purge
   * look slower than one on time would have.
   */
  completed(requestId, purge, age) {
    this.late.delete(requestId);
    if (!this.following.has(requestId)) return void 0;
    const pendingAge = this.following.get(requestId);
    this.following.delete(requestId);
    const completion = {
      submittedAt: purge.submittedAt,
      durationMs: pendingAge === void 0 ? age : Math.min(age, pendingAge + pollInterval(pendingAge, this.schedule)),
      submittedHere: purge.url !== void 0,
      requestId
    };
    if (pendingAge === void 0) completion.atFirstCheck = true;
    this.history.record(completion, this.account);
    return completion;
  }
  /** The purge is no longer pending (removed, failed): stop following it. */
  forget(requestId) {
    this.following.delete(requestId);
    this.late.delete(requestId);
  }
};
var seenAt = (completion) => completion.submittedAt + completion.durationMs;
function learnedDuration(completion) {
  return completion.atFirstCheck ? completion.durationMs * QUICK_FIRST_CHECK_SHARE : completion.durationMs;
}

// src/core/tracking/indexed-heap.ts
var IndexedHeap = class {
  /** `before(a, b)`: true when `a` must come out before `b`. */
  constructor(before) {
    this.before = before;
  }
  before;
  items = [];
  slots = /* @__PURE__ */ new Map();
  get size() {
    return this.items.length;
  }
  has(item) {
    return this.slots.has(item);
  }
  /** The first item, left in place. */
  peek() {
    return this.items[0];
  }
  push(item) {
    if (this.slots.has(item)) throw new Error("The item is already in the heap.");
    this.items.push(item);
    this.slots.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }
  pop() {
    const first = this.items[0];
    if (first !== void 0) this.remove(first);
    return first;
  }
  /** Takes `item` out wherever it is; false if it was not in the heap. */
  remove(item) {
    const slot = this.slots.get(item);
    if (slot === void 0) return false;
    this.slots.delete(item);
    const last = this.items.pop();
    if (slot < this.items.length) {
      this.place(last, slot);
      this.down(this.up(slot));
    }
    return true;
  }
  /** `item`'s key changed: put it where it now belongs. */
  update(item) {
    const slot = this.slots.get(item);
    if (slot !== void 0) this.down(this.up(slot));
  }
  clear() {
    this.items.length = 0;
    this.slots.clear();
  }
  place(item, slot) {
    this.items[slot] = item;
    this.slots.set(item, slot);
  }
  /** Moves the item at `slot` towards the top while it comes out first; returns where it ends. */
  up(slot) {
    const item = this.items[slot];
    while (slot > 0) {
      const parent = slot - 1 >> 1;
      const above = this.items[parent];
      if (!this.before(item, above)) break;
      this.place(above, slot);
      slot = parent;
    }
    this.place(item, slot);
    return slot;
  }
  down(slot) {
    const item = this.items[slot];
    const count = this.items.length;
    for (; ; ) {
      const left = 2 * slot + 1;
      if (left >= count) break;
      const right = left + 1;
      const child = right < count && this.before(this.items[right], this.items[left]) ? right : left;
      if (!this.before(this.items[child], item)) break;
      this.place(this.items[child], slot);
      slot = child;
    }
    this.place(item, slot);
  }
};

// src/core/tracking/poll-scheduler.ts
var MOST_OVERDUE_EVERY = 3;
var FRESHER_STEP_MS = 4e4;
var STARTS_PER_TURN = 64;
function startsFirst(a, b) {
  if (a.since !== b.since) return a.since < b.since;
  if (a.freshness !== b.freshness) return a.freshness > b.freshness;
  return a.rank < b.rank;
}
var dueFirst = (a, b) => a.at < b.at;
var deadlineFirst = (a, b) => a.deadline < b.deadline;
var PollScheduler = class {
  clock;
  run;
  onCheckError;
  budget;
  /** Every scheduled check not in flight, by ID. */
  checks = /* @__PURE__ */ new Map();
  /** Those not due yet at the last look, earliest first. */
  upcoming = new IndexedHeap(dueFirst);
  /** Those due, in the order they start when the budget is short ... */
  ready;
  /** ... and the same, the one whose detection deadline passed longest ago first. */
  overdue = new IndexedHeap(deadlineFirst);
  /** Checks scheduled while their ID is in flight: queued when that check settles. */
  parked = /* @__PURE__ */ new Map();
  /** Checks in flight, by ID (a check scheduled again keeps its purge's place). */
  inFlight = /* @__PURE__ */ new Map();
  starts = 0;
  /** Starts since a timer last fired: at STARTS_PER_TURN the next ones wait for one. */
  startsThisTurn = 0;
  nextRank = 0;
  pauses = /* @__PURE__ */ new Set();
  /** Monotonic times, like every time kept here. */
  heldUntil = Number.NEGATIVE_INFINITY;
  lastStartAt = Number.NEGATIVE_INFINITY;
  timer;
  pumpQueued = false;
  disposed = false;
  constructor(options) {
    this.clock = options.clock;
    this.run = options.run;
    this.onCheckError = options.onCheckError;
    this.budget = new LearnedBudget(options.budget ?? DEFAULT_BUDGET);
    this.ready = new IndexedHeap(options.budget?.backlog === "due" ? dueFirst : startsFirst);
  }
  /**
   * Check `requestId` at `at` (epoch ms), replacing any earlier due time. `deadline` (epoch ms,
   * default `at`): when its detection goal would be missed. `submittedAt` (epoch ms; default:
   * what this ID was last scheduled with, else `deadline`): its purge's submission, which places
   * it when more checks are due than the budget allows (the oldest first).
   */
  schedule(requestId, at, deadline = at, submittedAt) {
    const known = this.checks.get(requestId) ?? this.inFlight.get(requestId);
    const monotonicDeadline = this.toMonotonic(deadline);
    const check = {
      requestId,
      at: this.toMonotonic(at),
      deadline: monotonicDeadline,
      since: submittedAt ?? known?.since ?? deadline,
      freshness: Math.floor(monotonicDeadline / FRESHER_STEP_MS),
      rank: known?.rank ?? this.nextRank++
    };
    if (this.inFlight.has(requestId)) {
      this.parked.set(requestId, check);
      return;
    }
    this.unqueue(requestId);
    this.enqueue(check);
    this.queuePump();
  }
  cancel(requestId) {
    this.parked.delete(requestId);
    this.unqueue(requestId);
    this.queuePump();
  }
  /** What an answer said the account allows (X-RateLimit-Limit / -Interval). */
  learn(advertised) {
    this.budget.learn(advertised);
  }
  /** The last advertisement ignored as implausibly low or high (./request-budget), if any. */
  get ignoredRateLimit() {
    return this.budget.ignored;
  }
  /** A new share of the account's allowance (a setting changed); the next start uses it. */
  setShare(share) {
    this.budget.setShare(share);
    this.queuePump();
  }
  /** The budget now, in status requests per second. */
  get requestsPerSecond() {
    return this.budget.requestsPerSecond(this.clock.monotonic());
  }
  /** Make these scheduled IDs (default: all) due now; they still wait for the budget. */
  checkNow(requestIds) {
    const now = this.clock.monotonic();
    for (const id of requestIds ?? [...this.checks.keys(), ...this.parked.keys()]) {
      const check = this.checks.get(id) ?? this.parked.get(id);
      if (check === void 0 || check.at <= now) continue;
      check.at = now;
      this.upcoming.update(check);
    }
    this.queuePump();
  }
  /** Hold every check for this reason until it is resumed. False if it already held for it. */
  pause(reason) {
    if (this.pauses.has(reason)) return false;
    this.pauses.add(reason);
    this.queuePump();
    return true;
  }
  /** Lift one reason (polling runs when none is left). False if it did not hold for it. */
  resume(reason) {
    if (!this.pauses.delete(reason)) return false;
    this.queuePump();
    return true;
  }
  /** The user's and the system's reasons polling holds for now, oldest first (not `auth`). */
  get pausedFor() {
    return [...this.pauses].filter((reason) => reason !== "auth");
  }
  /**
   * A 429: start no request before `until` (its reset; never shortens an existing hold), and
   * spend less of the account's allowance for a while (once for the requests in flight
   * together: `startedAt`, monotonic, says when the refused one started, when known).
   */
  holdUntil(until, startedAt) {
    this.heldUntil = Math.max(this.heldUntil, this.toMonotonic(until));
    this.budget.rateLimited(this.clock.monotonic(), startedAt);
    this.queuePump();
  }
  /**
   * Check `requestId` again as the retry policy says: after a 429 every check holds until its
   * reset, then this one goes first; after a back-off only this one waits.
   */
  retry(requestId, retry) {
    const now = this.clock.now();
    if (retry.kind === "hold") {
      this.holdUntil(now + retry.waitMs, this.inFlight.get(requestId)?.startedAt);
    }
    this.schedule(requestId, retry.kind === "hold" ? now : now + retry.waitMs);
  }
  /** Until when (epoch ms) a 429 holds every request, if it still does. */
  get heldUntilTime() {
    const left = this.heldUntil - this.clock.monotonic();
    return left > 0 ? this.clock.now() + left : void 0;
  }
  /** IDs waiting for a check plus checks in flight. */
  get size() {
    return this.checks.size + this.parked.size + this.inFlight.size;
  }
  /** True while a timer is armed: nothing pending or paused means no timer at all. */
  get hasTimer() {
    return this.timer !== void 0;
  }
  dispose() {
    this.disposed = true;
    this.disarm();
    this.checks.clear();
    this.parked.clear();
    this.upcoming.clear();
    this.ready.clear();
    this.overdue.clear();
  }
  enqueue(check) {
    this.checks.set(check.requestId, check);
    this.upcoming.push(check);
  }
  unqueue(requestId) {
    const check = this.checks.get(requestId);
    if (check === void 0) return;
    this.checks.delete(requestId);
    this.upcoming.remove(check);
    this.ready.remove(check);
    this.overdue.remove(check);
  }
  queuePump() {
    if (this.pumpQueued || this.disposed) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }
  pump() {
    this.disarm();
    if (this.disposed || this.pauses.size > 0) return;
    while (this.inFlight.size < this.budget.maxConcurrent(this.clock.monotonic())) {
      const now = this.clock.monotonic();
      this.promoteDue(now);
      const dueAt = this.ready.size > 0 ? now : this.upcoming.peek()?.at;
      if (dueAt === void 0) return;
      const spacingMs = gapBetweenStarts(this.budget.requestsPerSecond(now));
      const startAt = Math.max(dueAt, this.lastStartAt + spacingMs, this.heldUntil);
      if (startAt > now || this.startsThisTurn >= STARTS_PER_TURN) {
        this.timer = this.clock.setTimeout(
          () => {
            this.timer = void 0;
            this.startsThisTurn = 0;
            this.pump();
          },
          Math.max(0, startAt - now)
        );
        return;
      }
      this.starts += 1;
      this.startsThisTurn += 1;
      const mostOverdue = this.starts % MOST_OVERDUE_EVERY === 0;
      this.start((mostOverdue ? this.overdue : this.ready).peek(), now);
    }
  }
  /** Moves the checks due by `now` from the upcoming heap to the two heaps of due ones. */
  promoteDue(now) {
    for (let next = this.upcoming.peek(); next && next.at <= now; next = this.upcoming.peek()) {
      this.upcoming.pop();
      this.ready.push(next);
      this.overdue.push(next);
    }
  }
  start(check, now) {
    const { requestId } = check;
    this.unqueue(requestId);
    this.inFlight.set(requestId, check);
    check.startedAt = now;
    this.lastStartAt = now;
    let running;
    try {
      running = this.run(requestId);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.finally(() => {
      this.inFlight.delete(requestId);
      const next = this.parked.get(requestId);
      if (next && !this.disposed) {
        this.parked.delete(requestId);
        this.enqueue(next);
      }
      this.queuePump();
    }).catch((error) => this.onCheckError(requestId, error));
  }
  toMonotonic(wallTime) {
    return this.clock.monotonic() + (wallTime - this.clock.now());
  }
  disarm() {
    if (this.timer !== void 0) {
      this.clock.clearTimeout(this.timer);
      this.timer = void 0;
    }
  }
};
function gapBetweenStarts(requestsPerSecond) {
  return Math.ceil(1e6 / requestsPerSecond) / 1e3;
}

// src/core/imagekit/purge-submission.ts
async function submitPurge(url, ports) {
  const { api, clock, scheduler, retries, closed } = ports;
  for (; ; ) {
    const outcome = await api.submitPurge(url);
    scheduler.learn(outcome.rateLimit);
    const retry = outcome.ok ? void 0 : retries.failed(url, outcome.error);
    if (retry === void 0 || closed.aborted) return outcome;
    if (retry.kind === "hold") scheduler.holdUntil(clock.now() + retry.waitMs);
    await waitUnlessAborted(clock, retry.waitMs, closed);
    if (closed.aborted) return outcome;
  }
}

// src/core/accounts/account-lane.ts
var dated = (purge) => purge.url !== void 0 || purge.submittedAt < purge.addedAt;
var AccountLane = class {
  constructor(accountName, api, options) {
    this.accountName = accountName;
    this.api = api;
    this.clock = options.clock;
    this.schedule = options.schedule;
    this.scheduler = new PollScheduler({
      clock: options.clock,
      budget: options.budget,
      run: (requestId) => options.run(this, requestId),
      onCheckError: (requestId, error) => options.onCheckError(this, requestId, error)
    });
    for (const reason of options.pauses) this.scheduler.pause(reason);
    this.onIgnoredRateLimit = options.onIgnoredRateLimit ?? (() => void 0);
    this.learner = new FirstCheckLearner(options.history, options.schedule, accountName);
  }
  accountName;
  api;
  scheduler;
  learner;
  clock;
  schedule;
  /** Set while ImageKit refused (or there is no) key: this lane holds until the key changes. */
  keyHold;
  onIgnoredRateLimit;
  get name() {
    return this.accountName;
  }
  /** The account has a new name: what it learns is recorded under it from now on. */
  rename(to) {
    this.accountName = to;
    this.learner.account = to;
  }
  /** Ask ImageKit where a purge stands; the budget learns from the answer's rate-limit headers. */
  async askStatus(requestId) {
    const outcome = await this.api.getPurgeStatus(requestId);
    this.learn(outcome);
    return outcome;
  }
  /** Submit a purge with this account's key: a 429 is waited out as `retries` says, polling held. */
  submit(url, retries, closed) {
    const { api, clock, scheduler } = this;
    const budget = {
      learn: (rateLimit) => this.learn({ rateLimit }),
      holdUntil: (until) => scheduler.holdUntil(until)
    };
    return submitPurge(url, { api, clock, scheduler: budget, retries, closed });
  }
  /**
   * Why this account's advertised rate limit is ignored (below or above what any account
   * plausibly allows), until an answer advertises a plausible one.
   */
  get ignoredRateLimit() {
    const ignored = this.scheduler.ignoredRateLimit;
    return ignored && ignoredRateLimitMessage(ignored);
  }
  /**
   * A purge new to this account: its first check comes when this account's past purges say
   * (../tracking/first-check-learner), and it is followed to learn from if that is still ahead.
   */
  follow(purge, now) {
    const firstDelay = this.learner.firstCheckDelay(now);
    const { requestId, submittedAt } = purge;
    const at = firstCheckAt(submittedAt, now, firstDelay);
    this.scheduler.schedule(
      requestId,
      at,
      detectionDeadline(submittedAt, submittedAt, this.schedule),
      submittedAt
    );
    this.learner.added(requestId, submittedAt, now, firstDelay, dated(purge));
  }
  /**
   * An ID looking for its account came here from another: asked at once (within this budget),
   * and followed as if pasted here, if that was in time for a first check.
   */
  takeOver(purge, now) {
    const { requestId, submittedAt } = purge;
    this.scheduler.schedule(
      requestId,
      now,
      detectionDeadline(submittedAt, now, this.schedule),
      submittedAt
    );
    const firstDelay = this.learner.firstCheckDelay(purge.addedAt);
    this.learner.added(requestId, submittedAt, purge.addedAt, firstDelay, dated(purge));
  }
  /**
   * Check the purge at `at` (epoch ms); when more checks are due than the budget allows, its
   * submission and `deadline` (its detection goal) decide its place (../tracking/poll-scheduler).
   */
  checkAt(purge, at, deadline) {
    this.scheduler.schedule(purge.requestId, at, deadline, purge.submittedAt);
  }
  /** A check failed: try it again as the retry policy said (a 429 holds every check here). */
  retryLater(requestId, retry) {
    this.scheduler.retry(requestId, retry);
  }
  /** Check these (default: every one due later) as soon as the budget allows. */
  checkNow(requestIds) {
    this.scheduler.checkNow(requestIds);
  }
  /** A check found the purge still pending at `age` (ms since submission). */
  sawPending(requestId, age) {
    this.learner.sawPending(requestId, age);
  }
  /** A check found the purge completed at `age`: this account's history learns how long it took. */
  completed(requestId, purge, age) {
    this.learner.completed(requestId, purge, age);
  }
  /** The purge is no longer this account's to check (settled, removed, moved): forget it. */
  stop(requestId) {
    this.scheduler.cancel(requestId);
    this.learner.forget(requestId);
  }
  pause(reason) {
    this.scheduler.pause(reason);
  }
  resume(reason) {
    this.scheduler.resume(reason);
  }
  /** The key is missing or was refused: hold every check until it changes. False if it held already. */
  holdForKey(problem) {
    if (this.keyHold) return false;
    this.keyHold = problem;
    this.scheduler.pause("auth");
    return true;
  }
  /** The key changed (set, replaced, back): lift the hold. False if it held for nothing. */
  keyChanged() {
    if (!this.keyHold) return false;
    this.keyHold = void 0;
    this.scheduler.resume("auth");
    return true;
  }
  /** The key problem, named with its account; undefined while the key works. */
  get keyProblem() {
    return this.keyHold && { ...this.keyHold, account: this.name };
  }
  /** Until when (epoch ms) a 429 holds this account, if it still does. */
  get rateLimitedUntil() {
    return this.scheduler.heldUntilTime;
  }
  /** The share of the account's allowance to spend (a setting): applies from the next check. */
  setShare(share) {
    this.scheduler.setShare(share);
  }
  /** Status requests a second this account's budget allows now. */
  get requestsPerSecond() {
    return this.scheduler.requestsPerSecond;
  }
  /** Nothing due, nothing in flight, no timer armed. */
  get isIdle() {
    return !this.scheduler.hasTimer && this.scheduler.size === 0;
  }
  /** The budget learns what an answer advertised; a change in what it ignores is told. */
  learn(answer) {
    const ignored = this.ignoredRateLimit;
    this.scheduler.learn(answer.rateLimit);
    if (this.ignoredRateLimit !== ignored) this.onIgnoredRateLimit(this);
  }
  /** Stop: no timer left, the requests in flight aborted. */
  close() {
    this.scheduler.dispose();
    this.api.abortAll?.();
  }
};
function accountWithoutKey(name) {
  const refused = async () => ({
    ok: false,
    error: {
      kind: "auth",
      auth: "key_missing",
      message: `No key is set up for the account "${name}".`
    }
  });
  return { getPurgeStatus: refused, submitPurge: refused };
}

// src/core/accounts/account-lookup.ts
function lookupStep(order, after, held) {
  const from = after === void 0 ? 0 : order.indexOf(after) + 1;
  const next = order.slice(from).find((account) => !held(account));
  if (next !== void 0) return { kind: "ask", account: next };
  const waiting = order.find(held);
  if (waiting !== void 0) return { kind: "held", account: waiting };
  return {
    kind: "unknown",
    account: order[0],
    message: `No request found for this requestId in any of your accounts (${order.join(", ")}).`
  };
}
function startingAccount(order, named, held) {
  if (named !== void 0) return { account: named };
  if (order.length <= 1) return { account: order[0] };
  return { account: lookupStep(order, void 0, held).account, accountLookup: true };
}

// src/core/accounts/account-lanes.ts
var AccountLanes = class {
  /** `newLane` makes a lane that starts with the pauses of `pauses`. */
  constructor(newLane) {
    this.newLane = newLane;
  }
  newLane;
  lanes = /* @__PURE__ */ new Map();
  /** The accounts with a key, in lookup order: the first is the default. */
  order = [];
  /** Why every lane holds now (several at once; none: polling runs). */
  pauses = /* @__PURE__ */ new Set();
  heldForKey = (name) => this.lanes.get(name)?.keyProblem !== void 0;
  /** The accounts with a key, in lookup order (the default first). */
  get names() {
    return this.order;
  }
  get defaultAccount() {
    return this.order[0] ?? DEFAULT_ACCOUNT;
  }
  has(name) {
    return this.order.includes(name);
  }
  /**
   * The accounts there are now, in lookup order, each with the client that sends its key. One
   * no longer listed holds as under a missing key; one listed again has its key back.
   */
  set(accounts) {
    const before = new Set(this.order);
    this.order = [...new Set(accounts.map((account) => account.name))];
    for (const { name, api } of accounts) {
      const lane = this.lanes.get(name);
      if (!lane) {
        this.lanes.set(name, this.newLane(name, api));
        continue;
      }
      lane.api = api;
      if (!before.has(name)) lane.keyChanged();
    }
    for (const lane of this.lanes.values()) {
      if (!this.has(lane.name)) lane.api = accountWithoutKey(lane.name);
    }
  }
  /** Give a lane a new name (and the client of that name). False when it cannot be renamed. */
  rename(from, to, api) {
    const lane = this.lanes.get(from);
    if (from === to || !lane || this.lanes.has(to)) return false;
    this.lanes.delete(from);
    lane.rename(to);
    if (api) lane.api = api;
    this.lanes.set(to, lane);
    this.order = this.order.map((name) => name === from ? to : name);
    return true;
  }
  /** The lane of an account, if it has one. */
  find(name) {
    return this.lanes.get(name);
  }
  /** The lane of an account, made (holding, keyless) for one that has none. */
  of(name) {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = this.newLane(name, accountWithoutKey(name));
      this.lanes.set(name, lane);
    }
    return lane;
  }
  /** Every lane: the accounts' in lookup order, then those only stored purges name. */
  all() {
    const listed = this.order.flatMap((name) => this.lanes.get(name) ?? []);
    return [...listed, ...[...this.lanes.values()].filter((lane) => !listed.includes(lane))];
  }
  /** Where a new purge starts: the account named, else the lookup's first step. */
  startingAccount(named) {
    return startingAccount(this.order, named, this.heldForKey);
  }
  /** Where an ID looking for its account goes after `after` did not know it or holds for its key. */
  lookupStep(after) {
    return lookupStep(this.order, after, this.heldForKey);
  }
  /** Hold every lane for this reason. False when they already held for it. */
  pause(reason) {
    if (this.pauses.has(reason)) return false;
    this.pauses.add(reason);
    for (const lane of this.lanes.values()) lane.pause(reason);
    return true;
  }
  resume(reason) {
    if (!this.pauses.delete(reason)) return false;
    for (const lane of this.lanes.values()) lane.resume(reason);
    return true;
  }
  /** The accounts whose key holds them, in lookup order. */
  keyProblems() {
    return this.all().flatMap((lane) => lane.keyProblem ?? []);
  }
  /** The accounts a 429 holds now, and until when (epoch ms). */
  rateLimits() {
    return this.all().flatMap((lane) => {
      const until = lane.rateLimitedUntil;
      return until === void 0 ? [] : [{ account: lane.name, until }];
    });
  }
  /** The accounts whose advertised rate limit is ignored as implausible, and why. */
  ignoredRateLimits() {
    return this.all().flatMap((lane) => {
      const message = lane.ignoredRateLimit;
      return message === void 0 ? [] : [{ account: lane.name, message }];
    });
  }
  /** Stop every lane: no timer left, requests in flight aborted. */
  close() {
    for (const lane of this.lanes.values()) lane.close();
  }
};

// src/core/tracking/change-batch.ts
var ChangeBatch = class {
  /**
   * @param current each purge as it is now (undefined once it is no longer tracked)
   * @param flush receives the burst, once per turn in which something changed
   */
  constructor(current, flush) {
    this.current = current;
    this.flush = flush;
  }
  current;
  flush;
  toUpdate = /* @__PURE__ */ new Set();
  toRemove = /* @__PURE__ */ new Set();
  queued = false;
  /** These purges were added or changed. */
  changed(requestIds) {
    for (const id of requestIds) this.toUpdate.add(id);
    this.queue();
  }
  /**
   * These purges are no longer tracked. One added again in the same burst is in both lists:
   * `removed` is applied first, then `updated`.
   */
  removed(requestIds) {
    for (const id of requestIds) {
      this.toRemove.add(id);
      this.toUpdate.delete(id);
    }
    this.queue();
  }
  queue() {
    if (this.queued || this.toUpdate.size === 0 && this.toRemove.size === 0) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      const updated = [...this.toUpdate].flatMap((id) => {
        const purge = this.current(id);
        return purge ? [purge] : [];
      });
      const removed = [...this.toRemove];
      this.toUpdate = /* @__PURE__ */ new Set();
      this.toRemove = /* @__PURE__ */ new Set();
      this.flush({ updated, removed });
    });
  }
};

// src/core/tracking/purge-limits.ts
var PRUNE_EVERY_SETTLEMENTS = 100;
function finishedBefore(purges, cutoff) {
  return [...purges].filter(
    (p) => p.state !== "pending" && (p.completedAt ?? p.lastCheckedAt ?? p.addedAt) < cutoff
  ).map((p) => p.requestId);
}
function overCeiling(count, maxTracked) {
  return {
    text: count === 1 ? "1 request ID" : `${count} request IDs`,
    reason: `not tracked: Purge Watch tracks at most ${maxTracked.toLocaleString("en-US")} purges at once; remove finished ones to add more`
  };
}

// src/core/tracking/purge-request.ts
function newPurge(requestId, now, url) {
  const purge = {
    requestId,
    state: "pending",
    status: "",
    submittedAt: url ? now : plausibleSubmissionTime(requestId, now) ?? now,
    addedAt: now,
    checks: 0
  };
  if (url) purge.url = url;
  return purge;
}
function copyPurge(purge) {
  const result = { ...purge };
  if (purge.lastError) result.lastError = { ...purge.lastError };
  if (purge.before) result.before = { ...purge.before };
  if (purge.freshness) {
    result.freshness = { ...purge.freshness };
    if (purge.freshness.seen) result.freshness.seen = { ...purge.freshness.seen };
  }
  return result;
}
function rebaseAfterClockSetBack(purge, now) {
  const back = (purge.lastCheckedAt ?? purge.addedAt) - now;
  if (back <= 0) return;
  purge.submittedAt -= back;
  purge.addedAt -= back;
  if (purge.resumedAt !== void 0) purge.resumedAt -= back;
  if (purge.lastCheckedAt !== void 0) purge.lastCheckedAt -= back;
}

// src/core/storage/purge-store.ts
import fs8 from "node:fs";
var PurgeStore = class {
  backing;
  clock;
  writer;
  onFoundLate;
  /** Records of the file that did not hold together, set aside by `load()`. */
  setAside;
  constructor(backing, options) {
    this.backing = backing;
    this.clock = options.clock;
    this.onFoundLate = options.onFoundLate ?? (() => void 0);
    if (backing) {
      const describe = (reason) => saveProblem(backing.path, reason);
      this.writer = new CoalescingWriter({
        clock: options.clock,
        coalesceMs: options.coalesceMs ?? 5e3,
        describe,
        onProblem: options.onWriteProblem,
        problem: backing.openProblem === void 0 ? void 0 : describe(backing.openProblem)
      });
    }
  }
  /** Why the tracked purges cannot be saved right now, if they cannot. */
  get currentProblem() {
    return this.writer?.problem;
  }
  get path() {
    return this.backing?.path;
  }
  /** Writes performed, for benchmarks and tests. */
  get writes() {
    return this.writer?.writes ?? 0;
  }
  /**
   * The purges in the file, read by the shape `PURGE_REQUEST` declares (a state spelled as an
   * earlier version wrote it reads as today's spelling). A record that does not hold together
   * is dropped on its own, not fatal: the dropped ones are written beside the file (never
   * lost) and `setAside` says so.
   */
  load() {
    return this.read(this.backing?.get("purges"));
  }
  read(raw) {
    if (!Array.isArray(raw)) return [];
    const kept = [];
    const dropped = [];
    for (const record2 of raw) {
      const read = PURGE_REQUEST.read(record2);
      if (read === INVALID) dropped.push(record2);
      else kept.push(read);
    }
    if (dropped.length > 0 && this.backing)
      this.setAsideRecords(this.backing.path, dropped, kept.length);
    return kept;
  }
  setAsideRecords(filePath, dropped, kept) {
    const movedTo = `${filePath}.dropped-${fileStamp(this.clock.now())}`;
    const what = dropped.length === 1 ? "1 record" : `${dropped.length} records`;
    const reason = `${what} that did not hold together; the other ${kept} were kept`;
    try {
      fs8.writeFileSync(movedTo, JSON.stringify({ purges: dropped }, null, 2), { mode: 384 });
      this.setAside = { movedTo, reason, kept };
    } catch (error) {
      this.setAside = {
        movedTo: filePath,
        reason: `${reason} (they could not be set aside: ${reasonOf(error)})`,
        kept
      };
    }
  }
  /** Write now (user actions). False when it could not be written; it is retried later. */
  writeNow(snapshot) {
    return this.writer?.writeNow(this.writeOf(snapshot)) ?? true;
  }
  /** Write soon, together with whatever else changes meanwhile (polling results). */
  writeSoon(snapshot) {
    this.writer?.writeSoon(this.writeOf(snapshot));
  }
  /** Write what is waiting, once, and arm no retry: the store is done with. */
  close() {
    this.writer?.close();
  }
  writeOf(snapshot) {
    return () => {
      const late = this.backing?.openLate?.();
      if (late) {
        const setAsideBefore = this.setAside;
        const found = this.read(late.purges);
        if (found.length > 0 || this.setAside !== setAsideBefore || late.movedAside) {
          this.onFoundLate(found, late.movedAside);
        }
      }
      this.backing?.set("purges", snapshot());
    };
  }
};
function saveProblem(filePath, reason) {
  return `Could not save tracked purges to ${filePath}: ${reason}. They are kept in memory and saving is retried.`;
}

// src/core/tracking/tracker.ts
var Tracker = class {
  clock;
  random;
  schedule;
  store;
  /** One lane per account, in lookup order, and the pauses they share. */
  lanes;
  /** Pending purges loaded at start whose account was not listed yet: `setAccounts` starts them. */
  waitingForAccounts = /* @__PURE__ */ new Set();
  budget;
  events;
  changes;
  retries;
  onError;
  closed = new AbortController();
  purges = /* @__PURE__ */ new Map();
  /** How long each account's purges took (the first checks learn from it). */
  history;
  storageProblem;
  /** The store's, as the window's banner says it (`foundLate`: after start). */
  recoveredStore;
  keepFinishedMs;
  maxTracked;
  settledSincePrune = 0;
  constructor(options) {
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.maxTracked = options.maxTracked ?? MAX_TRACKED_PURGES;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.schedule = { ...DEFAULT_SCHEDULE, ...options.schedule };
    this.onError = options.onError ?? (() => void 0);
    this.events = new TypedEvents(this.onError);
    this.changes = new ChangeBatch(
      (requestId) => this.get(requestId),
      (change) => this.events.emit("changed", change)
    );
    this.retries = new RetryPolicy(POLLING_RETRIES, this.schedule);
    this.history = options.history ?? new DurationHistory({ clock: this.clock });
    this.history.onProblem(() => this.emitStatus());
    this.budget = options.budget;
    this.recoveredStore = options.recoveredStore;
    this.store = new PurgeStore(options.store, {
      clock: this.clock,
      coalesceMs: options.coalesceWritesMs,
      onWriteProblem: (problem) => {
        this.storageProblem = problem;
        this.emitStatus();
      },
      onFoundLate: (purges, movedAside) => {
        this.recoveredStore ??= movedAside ? { ...movedAside, foundLate: true } : this.store.setAside;
        this.track(purges);
        this.emitStatus();
      }
    });
    this.storageProblem = this.store.currentProblem;
    this.lanes = new AccountLanes((name, api) => this.newLane(name, api));
    this.setAccounts(options.accounts);
  }
  on(event, listener) {
    return this.events.on(event, listener);
  }
  /**
   * Load what the store holds and start polling what is pending with the accounts given so far
   * (the others' purges start at the next `setAccounts`, once the keychain has been read).
   * Purges stored before accounts existed are the default account's, written so at once.
   */
  start() {
    const assigned = this.track(this.store.load());
    this.recoveredStore ??= this.store.setAside;
    if (assigned) this.persistNow();
    else if (this.storageProblem !== void 0) this.persistSoon();
    this.pruneFinished();
  }
  /**
   * Tracks purges read from the store (at start, or when a file that could not be opened at
   * start opens: one tracked meanwhile stays as it is), pending ones polled. True when one had
   * no account (stored before accounts existed): it is the default account's now.
   */
  track(loaded) {
    let assigned = false;
    const added = [];
    for (const purge of loaded) {
      if (this.purges.has(purge.requestId)) continue;
      if (purge.account === void 0) {
        purge.account = this.defaultAccount;
        assigned = true;
      }
      this.purges.set(purge.requestId, purge);
      added.push(purge.requestId);
      if (purge.state !== "pending") continue;
      if (this.lanes.has(purge.account)) this.laneOf(purge).checkAt(purge, this.clock.now());
      else this.waitingForAccounts.add(purge.requestId);
    }
    this.changes.changed(added);
    return assigned;
  }
  /** The account new IDs are asked of first and URLs are purged with. */
  get defaultAccount() {
    return this.lanes.defaultAccount;
  }
  /** The accounts with a key, in lookup order (the default first). */
  get accounts() {
    return this.lanes.names;
  }
  /**
   * The accounts there are now, in lookup order (the first is the default). A new one starts
   * polling; one that is gone keeps its purges, held as under a missing key, until they are
   * moved or removed (`moveAccountPurges`) or the account comes back.
   */
  setAccounts(accounts) {
    this.lanes.set(accounts);
    for (const requestId of this.waitingForAccounts) {
      const purge = this.purges.get(requestId);
      if (purge?.state === "pending") this.laneOf(purge).checkAt(purge, this.clock.now());
    }
    this.waitingForAccounts.clear();
    this.emitStatus();
  }
  /**
   * An account was renamed: its purges, its lane and its history go with it; `api` is the
   * client that sends its key under the new name (the old name's has none any more).
   */
  renameAccount(from, to, api) {
    if (!this.lanes.rename(from, to, api)) return;
    const renamed = [...this.purges.values()].filter((purge) => purge.account === from);
    for (const purge of renamed) purge.account = to;
    this.history.rename(from, to);
    if (renamed.length > 0) this.persistNow();
    this.changes.changed(renamed.map((purge) => purge.requestId));
    this.emitStatus();
  }
  /**
   * The purges of `from` (an account being removed) move to the account `to`, where pending
   * ones are checked at once; without `to` they are no longer tracked.
   */
  moveAccountPurges(from, to) {
    const owned = [...this.purges.values()].filter((purge) => purge.account === from);
    if (to === void 0) {
      this.remove(owned.map((purge) => purge.requestId));
      return;
    }
    const source = this.lanes.find(from);
    for (const purge of owned) {
      purge.account = to;
      delete purge.accountLookup;
      source?.stop(purge.requestId);
      if (purge.state === "pending") this.laneOf(purge).checkAt(purge, this.clock.now());
    }
    if (owned.length > 0) this.persistNow();
    this.changes.changed(owned.map((purge) => purge.requestId));
  }
  /** How long finished purges stay listed (a setting): those older are pruned now and later. */
  setKeepFinished(ms) {
    this.keepFinishedMs = ms;
    this.pruneFinished();
  }
  /** The share of the account's rate limit to spend (a setting): applies from the next check. */
  setBudgetShare(share) {
    for (const lane of this.lanes.all()) lane.setShare(share);
  }
  /** Status requests a second the default account's budget allows now. */
  get requestsPerSecond() {
    return this.lanes.find(this.defaultAccount)?.requestsPerSecond ?? 0;
  }
  /**
   * Stop tracking finished purges (completed, not found, given up) that finished longer ago
   * than `keepFinishedMs`. Runs at start and whenever a purge settles.
   */
  pruneFinished() {
    const old = finishedBefore(this.purges.values(), this.clock.now() - this.keepFinishedMs);
    if (old.length > 0) this.remove(old);
  }
  /** Every tracked purge, newest first. */
  list() {
    return [...this.purges.values()].sort((a, b) => b.addedAt - a.addedAt).map(copyPurge);
  }
  get(requestId) {
    const purge = this.purges.get(requestId);
    return purge && copyPurge(purge);
  }
  status() {
    const status = { pausedFor: [...this.lanes.pauses] };
    const authProblems = this.lanes.keyProblems();
    if (authProblems.length > 0) status.authProblems = authProblems;
    const rateLimits = this.lanes.rateLimits();
    if (rateLimits.length > 0) status.rateLimits = rateLimits;
    const ignoredRateLimits = this.lanes.ignoredRateLimits();
    if (ignoredRateLimits.length > 0) status.ignoredRateLimits = ignoredRateLimits;
    if (this.storageProblem) status.storageProblem = this.storageProblem;
    if (this.history.problem) status.historyProblem = this.history.problem;
    if (this.history.unread) status.historyUnread = true;
    if (this.recoveredStore) status.recoveredStore = { ...this.recoveredStore };
    return status;
  }
  /**
   * Track the request IDs found in `input` (pasted text, or IDs). Resolves once they are
   * written to the store (or `persisted: false` says they are kept in memory only). Without an
   * `account`, each ID's account is looked up (the default first).
   */
  async add(input, meta = {}) {
    const text2 = typeof input === "string" ? input : input.join("\n");
    const { ids, rejected } = parseRequestIds(text2);
    if (meta.account !== void 0 && !this.lanes.has(meta.account)) {
      rejected.push({ text: meta.account, reason: noSuchAccount(meta.account) });
      return { added: [], alreadyTracked: [], rejected, persisted: true };
    }
    const now = this.clock.now();
    const created = [];
    const alreadyTracked = [];
    let refused = 0;
    for (const requestId of ids) {
      if (this.purges.has(requestId)) {
        alreadyTracked.push(requestId);
        continue;
      }
      if (this.purges.size >= this.maxTracked) {
        refused++;
        continue;
      }
      const purge = newPurge(requestId, now, meta.url);
      if (meta.before) purge.before = meta.before;
      Object.assign(purge, this.lanes.startingAccount(meta.account));
      this.purges.set(requestId, purge);
      created.push(purge);
    }
    const added = created.map((purge) => purge.requestId);
    const persisted = added.length === 0 || this.persistNow();
    for (const purge of created) this.laneOf(purge).follow(purge, now);
    this.changes.changed(added);
    if (refused > 0) rejected.push(overCeiling(refused, this.maxTracked));
    return { added, alreadyTracked, rejected, persisted };
  }
  /**
   * Submit a cache purge for each URL with `account`, one after
   * the other, and track what ImageKit accepted as that account's. A rate limit is waited out
   * (SUBMISSION_RETRIES), not skipped; that account's polling holds meanwhile. Closing the
   * tracker ends the wait: the URL's answer is then the 429, and the rest are not sent.
   * `before` holds what the CDN served for each URL just before (the pre-purge probes).
   */
  async submit(urls, account, before) {
    const results = [];
    const retries = new RetryPolicy(SUBMISSION_RETRIES, this.schedule);
    const lane = this.lanes.find(account);
    for (const url of urls) {
      if (this.closed.signal.aborted) break;
      if (!lane || !this.lanes.has(account)) {
        const error = {
          kind: "auth",
          auth: "key_missing",
          message: noSuchAccount(account)
        };
        results.push({ url, error });
        continue;
      }
      const outcome = await lane.submit(url, retries, this.closed.signal);
      if (!outcome.ok) {
        const unknown2 = mayHaveBeenSubmitted(outcome.error);
        results.push({
          url,
          error: outcome.error,
          ...unknown2 ? { mayHaveBeenSubmitted: true } : {}
        });
        if (outcome.error.kind === "auth") this.requireAuth(lane, outcome.error);
        continue;
      }
      if (this.purges.has(outcome.requestId)) {
        const message = `ImageKit accepted the purge but answered with the request ID of a purge already tracked (${outcome.requestId}), so it cannot be followed.`;
        results.push({ url, error: { kind: "protocol", message }, mayHaveBeenSubmitted: true });
        continue;
      }
      const probe = before?.get(url);
      await this.add([outcome.requestId], { url, account, ...probe ? { before: probe } : {} });
      results.push({ url, requestId: outcome.requestId });
    }
    return results;
  }
  /**
   * What the CDN serves since a completed purge (core/freshness/freshness-watch.ts): kept with it. False
   * when the purge is no longer tracked, or not completed.
   */
  setFreshness(requestId, freshness) {
    const purge = this.purges.get(requestId);
    if (purge?.state !== "completed") return false;
    purge.freshness = freshness;
    this.persistSoon();
    this.changes.changed([requestId]);
    return true;
  }
  /** Stop tracking these purges. */
  remove(requestIds) {
    const removed = [];
    for (const id of requestIds) {
      const purge = this.purges.get(id);
      if (!purge || !this.purges.delete(id)) continue;
      removed.push(id);
      this.retries.answered(id);
      this.laneOf(purge).stop(id);
    }
    if (removed.length > 0) {
      this.persistNow();
      this.changes.removed(removed);
    }
  }
  /** Stop tracking every completed purge. */
  clearCompleted() {
    this.remove(
      [...this.purges.values()].filter((p) => p.state === "completed").map((p) => p.requestId)
    );
  }
  /** Poll a given_up purge again, with a fresh deadline. */
  resumeGivenUp(requestId) {
    const purge = this.purges.get(requestId);
    if (!purge || purge.state !== "given_up") return false;
    const now = this.clock.now();
    purge.state = "pending";
    purge.resumedAt = now;
    this.laneOf(purge).checkAt(purge, now);
    this.persistNow();
    this.changes.changed([requestId]);
    return true;
  }
  /** Check these pending purges (default: all) as soon as the budget allows. */
  checkNow(requestIds) {
    if (requestIds === void 0) {
      for (const lane of this.lanes.all()) lane.checkNow();
      return;
    }
    for (const id of requestIds) {
      const purge = this.purges.get(id);
      if (purge) this.laneOf(purge).checkNow([id]);
    }
  }
  /** Hold all polling, every account's, for this reason (the user, sleep, the network offline). */
  pause(reason) {
    if (this.lanes.pause(reason)) this.emitStatus();
  }
  resume(reason) {
    if (this.lanes.resume(reason)) this.emitStatus();
  }
  /**
   * An account's private key was set or replaced: try again whatever
   * the last one was refused for.
   */
  keyChanged(account) {
    if (this.lanes.find(account)?.keyChanged()) this.emitStatus();
  }
  /**
   * Stop polling, abort the checks in flight, end a submission's wait for a rate limit, and
   * write what is waiting once (no retry timer is left behind, even when the store cannot be
   * written): nothing keeps the process alive.
   */
  close() {
    this.closed.abort();
    this.lanes.close();
    this.store.close();
    this.history.close();
  }
  /** Store writes so far (benchmarks). */
  get storeWrites() {
    return this.store.writes;
  }
  /** Timers armed by the scheduler: none when nothing is pending. */
  get isIdle() {
    return this.lanes.all().every((lane) => lane.isIdle);
  }
  newLane(name, api) {
    return new AccountLane(name, api, {
      clock: this.clock,
      schedule: this.schedule,
      history: this.history,
      budget: this.budget,
      pauses: this.lanes.pauses,
      run: (owner, requestId) => this.check(owner, requestId),
      onCheckError: (_owner, requestId, error) => this.checkThrew(requestId, error),
      onIgnoredRateLimit: () => this.emitStatus()
    });
  }
  /** The lane of the purge's account (one that holds, as under a missing key, if it has none). */
  laneOf(purge) {
    return this.lanes.of(purge.account ?? this.defaultAccount);
  }
  async check(lane, requestId) {
    const asked = this.purges.get(requestId);
    if (asked?.state !== "pending" || this.laneOf(asked) !== lane) return;
    const sentAt = this.clock.now();
    const outcome = await lane.askStatus(requestId);
    const purge = this.purges.get(requestId);
    if (!purge || purge.state !== "pending" || this.laneOf(purge) !== lane) return;
    const now = this.clock.now();
    rebaseAfterClockSetBack(purge, now);
    if (outcome.ok) {
      purge.checks += 1;
      purge.lastCheckedAt = now;
      purge.status = outcome.status;
      delete purge.lastError;
      delete purge.accountLookup;
      this.retries.answered(requestId);
      if (outcome.completed) {
        purge.state = "completed";
        purge.completedAt = now;
        lane.completed(requestId, purge, now - purge.submittedAt);
        this.settle(purge, "completed");
      } else {
        lane.sawPending(requestId, now - purge.submittedAt);
        this.scheduleNext(purge, now, 0, Math.min(sentAt, now));
      }
      return;
    }
    const { error } = outcome;
    switch (error.kind) {
      case "not_found": {
        purge.checks += 1;
        purge.lastCheckedAt = now;
        if (purge.accountLookup) return this.lookOn(purge, lane, now);
        purge.state = "not_found";
        purge.lastError = { kind: error.kind, message: error.message, at: now };
        this.settle(purge, "failed");
        return;
      }
      case "auth": {
        this.requireAuth(lane, error);
        if (purge.account === lane.name) lane.checkAt(purge, now);
        return;
      }
      default: {
        const retry = this.retries.failed(requestId, error);
        if (retry?.kind === "hold") {
          lane.retryLater(requestId, retry);
          this.emitStatus();
          return;
        }
        purge.checks += 1;
        purge.lastCheckedAt = now;
        purge.lastError = {
          kind: error.kind,
          message: error.message,
          at: now,
          ...error.httpStatus === void 0 ? {} : { httpStatus: error.httpStatus }
        };
        this.scheduleNext(purge, now, retry?.waitMs ?? 0);
      }
    }
  }
  /**
   * An ID looking for its account was not known to `from`, or `from` holds for its key: the
   * next account that can answer asks it at once (within its budget); when none is left, it
   * waits for an account whose key holds, or no account knows it.
   */
  lookOn(purge, from, now) {
    const step = this.lanes.lookupStep(from.name);
    if (step.kind === "unknown") {
      delete purge.accountLookup;
      purge.account = step.account;
      purge.state = "not_found";
      purge.lastError = { kind: "not_found", message: step.message, at: now };
      this.settle(purge, "failed");
      return;
    }
    if (step.account === from.name) return from.checkAt(purge, now);
    from.stop(purge.requestId);
    purge.account = step.account;
    this.laneOf(purge).takeOver(purge, now);
    this.persistSoon();
    this.changes.changed([purge.requestId]);
  }
  /** A check threw instead of answering (a bug): say so, and check that purge again later. */
  checkThrew(requestId, error) {
    this.onError(error);
    const purge = this.purges.get(requestId);
    if (purge?.state !== "pending") return;
    const retry = this.retries.failed(requestId, { kind: "transient", message: "check failed" });
    this.scheduleNext(purge, this.clock.now(), retry?.waitMs ?? 0);
  }
  /**
   * Schedule the next check of a purge still pending, or give it up past its deadline. After a
   * Pending answer, `sentAt` is when its check was sent: the purge may have completed since.
   */
  scheduleNext(purge, now, backoffMs, sentAt) {
    const deadline = giveUpAt(purge.resumedAt ?? purge.submittedAt, this.schedule);
    if (now >= deadline) {
      purge.state = "given_up";
      this.settle(purge, "failed");
      return;
    }
    const { submittedAt } = purge;
    const random = this.random();
    const next = sentAt === void 0 ? nextCheckAt(submittedAt, now, backoffMs, random, this.schedule) : nextCheckAfterPending(submittedAt, sentAt, now, random, this.schedule);
    this.laneOf(purge).checkAt(
      purge,
      Math.min(next, deadline),
      detectionDeadline(submittedAt, sentAt ?? now, this.schedule)
    );
    this.persistSoon();
    this.changes.changed([purge.requestId]);
  }
  settle(purge, event) {
    this.retries.answered(purge.requestId);
    this.laneOf(purge).stop(purge.requestId);
    this.persistSoon();
    this.changes.changed([purge.requestId]);
    this.events.emit(event, copyPurge(purge));
    this.settledSincePrune++;
    if (this.settledSincePrune >= PRUNE_EVERY_SETTLEMENTS) {
      this.settledSincePrune = 0;
      this.pruneFinished();
    }
  }
  /**
   * An account's key is missing or was refused: its lane holds (told once per episode), and the
   * IDs there still looking for their account go on to the next account that can answer.
   */
  requireAuth(lane, error) {
    const newEpisode = lane.holdForKey(error);
    const now = this.clock.now();
    for (const purge of [...this.purges.values()]) {
      if (purge.state === "pending" && purge.accountLookup && purge.account === lane.name) {
        this.lookOn(purge, lane, now);
      }
    }
    if (!newEpisode) return;
    this.events.emit("auth-required", lane.keyProblem);
    this.emitStatus();
  }
  persistNow() {
    return this.store.writeNow(() => [...this.purges.values()]);
  }
  persistSoon() {
    this.store.writeSoon(() => [...this.purges.values()]);
  }
  emitStatus() {
    this.events.emit("status", this.status());
  }
};
function noSuchAccount(name) {
  return `No account is named "${name}".`;
}

// src/cli/connection-watch.ts
var NO_ANSWER_GIVE_UP_MS = 2 * 6e4;
var NO_ANSWER_GIVE_UP_REQUESTS = 3;
var ConnectionWatch = class {
  constructor(clock) {
    this.clock = clock;
  }
  clock;
  /** The last error any request met, cleared by the next success. */
  lastError;
  /** Requests in a row that got no answer at all. */
  streak = 0;
  /** When the current streak's first request failed (epoch ms). */
  silentSince;
  /** The last status check's 429, while no other answer to one came since (a check held, not made). */
  checkHeldBy;
  /** Submissions sent and not answered yet (nor given up on). */
  submissionsUnanswered = 0;
  listeners = /* @__PURE__ */ new Set();
  rateLimitListeners = /* @__PURE__ */ new Set();
  /** `api`, whose every answer (or silence) is seen here. */
  watched(api) {
    return {
      getPurgeStatus: async (requestId) => {
        const outcome = this.record(await api.getPurgeStatus(requestId));
        const held = !outcome.ok && outcome.error.kind === "rate_limited";
        this.checkHeldBy = held ? outcome.error : void 0;
        return outcome;
      },
      submitPurge: async (url) => {
        this.submissionsUnanswered += 1;
        try {
          return this.record(await api.submitPurge(url));
        } finally {
          this.submissionsUnanswered -= 1;
        }
      },
      // Closing: requests in flight must not keep the process (or an in-process caller) waiting.
      abortAll: () => api.abortAll?.()
    };
  }
  /** Called after each request that got no answer at all. */
  onSilence(listener) {
    this.listeners.add(listener);
  }
  /** Called after each answer that was a 429. */
  onRateLimited(listener) {
    this.rateLimitListeners.add(listener);
  }
  record(outcome) {
    if (!outcome.ok && outcome.error.kind === "rate_limited") {
      for (const listener of this.rateLimitListeners) listener(outcome.error);
    }
    if (outcome.ok) {
      this.lastError = void 0;
    } else {
      this.lastError = outcome.error;
    }
    if (!outcome.ok && isNoAnswer(outcome.error)) {
      this.streak += 1;
      this.silentSince ??= this.clock.now();
      for (const listener of this.listeners) listener();
    } else {
      this.streak = 0;
      this.silentSince = void 0;
    }
    return outcome;
  }
};
function isNoAnswer(error) {
  return error.kind === "transient" && error.httpStatus === void 0;
}

// src/cli/wait-command.ts
async function waitCommand(context, operands, options, output2) {
  const ids = await requestIdOperands(operands, context.stdin);
  const scale = pollScale(context);
  const budget = requestBudget(context);
  const verify = options.verify && new FreshnessStep(context, options.verify, scale);
  verify?.checkNamedUrlsForIds(ids);
  const accounts = await chooseAccounts(context, output2, {
    account: options.account,
    lookup: true
  });
  const waiter = new PurgeWaiter(context, accounts, output2, scale, budget, verify);
  await waiter.tracker.add(ids);
  for (const requestId of ids) waiter.expect({ requestId });
  return waiter.wait(options);
}
var PurgeWaiter = class {
  constructor(context, accounts, output2, scale, budget, verify) {
    this.context = context;
    this.output = output2;
    this.verify = verify;
    const { clock } = context;
    this.noAnswerLimitMs = NO_ANSWER_GIVE_UP_MS * scale;
    this.startedAt = clock.now();
    this.history = durationHistory(context, output2);
    this.several = accounts.several;
    this.watch = new ConnectionWatch(clock);
    this.tracker = new Tracker({
      accounts: accounts.used.map(({ name, api }) => ({ name, api: this.watch.watched(api) })),
      clock,
      schedule: scaledSchedule(scale),
      budget,
      // What this command sees complete goes into the app's history (stats, estimates).
      history: this.history,
      // A bug that threw in the engine or in one of this command's handlers: said, and the
      // command ends (exit 1) rather than wait on for a report that will never come.
      onError: (error) => this.broke(error)
    });
    this.tracker.on("changed", ({ updated }) => {
      for (const purge of updated) {
        if (purge.state === "pending" && purge.status !== "")
          this.answeredBefore.add(purge.requestId);
      }
      this.endRefused(updated.map((purge) => purge.requestId));
    });
    this.tracker.on(
      "status",
      (status) => sayIgnoredRateLimits(output2, status.ignoredRateLimits, this.several)
    );
    this.tracker.on("completed", (purge) => this.settle(purge));
    this.tracker.on("failed", (purge) => this.settle(purge));
    this.tracker.on("auth-required", (error) => this.refuse(error));
    this.watch.onSilence(() => this.armSilenceTimer());
  }
  context;
  output;
  verify;
  tracker;
  /** Whether ImageKit answers: every request of the tracker's passes through it. */
  watch;
  targets = [];
  unsettled = /* @__PURE__ */ new Set();
  /** IDs for which ImageKit has said something other than completed (e.g. Pending). */
  answeredBefore = /* @__PURE__ */ new Set();
  /** The accounts whose key ImageKit refused, and what was said. */
  refused = /* @__PURE__ */ new Map();
  /** More than one account exists: lines name each purge's account. */
  several;
  exitCode = ExitCode.ok;
  ended;
  closed = false;
  finish = () => void 0;
  finished = new Promise((resolve) => this.finish = resolve);
  silenceTimer;
  noAnswerLimitMs;
  startedAt;
  /** How long each account's purges take, from the app's history (read at start). */
  history;
  /** Completed purges whose CDN check is in progress. */
  verifying = /* @__PURE__ */ new Set();
  /** Some purge's CDN still served its old copy: exit 6 if nothing worse happens. */
  stale = false;
  /** Wait for this purge (already tracked). */
  expect(target) {
    if (this.ended !== void 0 || this.unsettled.has(target.requestId)) return;
    this.targets.push(target);
    this.unsettled.add(target.requestId);
    const purge = this.tracker.get(target.requestId);
    if (purge && purge.state !== "pending") this.settle(purge);
  }
  /**
   * Until every expected purge has settled, or the wait ends otherwise: at the latest after
   * `timeLeftMs` (`purge` spent the rest of its --timeout submitting).
   */
  async wait(options, timeLeftMs = options.timeoutMs) {
    const { timeoutMs } = options;
    const { clock } = this.context;
    this.startedAt = clock.now();
    if (this.unsettled.size === 0 && this.ended === void 0) this.end(this.finalCode());
    const timeout = clock.setTimeout(() => this.timedOut(timeoutMs), timeLeftMs);
    let ticker;
    const style = this.output.progressStyle(options.progress);
    const tick = () => {
      if (style === "live") this.output.progress(this.progressLine());
      else if (ticker !== void 0) this.output.progressLine(this.pendingLine());
      ticker = clock.setTimeout(tick, style === "live" ? 1e3 : options.progressEveryMs);
    };
    if (style !== "none" && this.ended === void 0) tick();
    this.output.reportsItsStop();
    void whenStopped(this.context.stop).then((reason) => this.stopped(reason));
    const code2 = await this.finished;
    clock.clearTimeout(timeout);
    if (ticker !== void 0) clock.clearTimeout(ticker);
    this.close();
    return code2;
  }
  /** Stop polling and every timer. */
  close() {
    this.verify?.stop();
    if (this.silenceTimer !== void 0) this.context.clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = void 0;
    this.output.clearProgress();
    if (this.closed) return;
    this.closed = true;
    this.tracker.close();
    if (this.history.problem) this.output.error(this.history.problem);
  }
  settle(purge) {
    if (this.ended !== void 0 || !this.unsettled.has(purge.requestId)) return;
    if (purge.state === "completed" && this.verify) {
      if (this.verifying.has(purge.requestId)) return;
      this.verifying.add(purge.requestId);
      void this.verify.check(purge).then((report) => {
        if (!this.verifying.delete(purge.requestId) || this.ended !== void 0) return;
        this.unsettled.delete(purge.requestId);
        this.output.clearProgress();
        if (worstOf(report).verdict === "stale") this.stale = true;
        this.printCompleted(purge, report);
        if (this.unsettled.size === 0) this.end(this.finalCode());
      });
      return;
    }
    this.unsettled.delete(purge.requestId);
    this.output.clearProgress();
    if (purge.state === "completed") this.printCompleted(purge);
    else {
      if (this.exitCode === ExitCode.ok) this.exitCode = ExitCode.failed;
      const error = purge.state === "given_up" ? {
        kind: "given_up",
        message: `still ${purge.status || "unanswered"} ${formatDuration(this.context.clock.now() - purge.submittedAt)} after submission`
      } : purge.lastError ?? {
        kind: "not_found",
        message: "No request found for this requestId."
      };
      this.output.idError(purge.requestId, error, this.labelData(purge));
    }
    if (this.unsettled.size === 0) this.end(this.finalCode());
  }
  /** The exit code once every purge has settled: a failure's, else 6 when an edge was stale. */
  finalCode() {
    return this.exitCode === ExitCode.ok && this.stale ? ExitCode.stale : this.exitCode;
  }
  /**
   * The wait ends (timeout, signal) while the CDN is checked for these completed purges: each is
   * reported completed, its check cut short (unknown).
   */
  cutVerificationShort(why) {
    const now = this.context.clock.now();
    for (const requestId of this.verifying) {
      const purge = this.tracker.get(requestId);
      this.unsettled.delete(requestId);
      if (!purge) continue;
      this.printCompleted(purge, { checks: [notChecked(`not checked: ${why}`, now)] });
    }
    this.verifying.clear();
    this.verify?.stop();
  }
  /**
   * "Completed after 20s" is the time from submission to the check that saw it completed. When
   * the very first answer already says completed, that is only an upper bound: for an ID this run
   * did not submit it is the ID's age, so it says "already completed" instead.
   */
  printCompleted(purge, freshness) {
    const took = (purge.completedAt ?? this.context.clock.now()) - purge.submittedAt;
    const firstAnswer = !this.answeredBefore.has(purge.requestId);
    const datable = purge.url !== void 0 || purge.submittedAt !== purge.addedAt;
    const data = {
      requestId: purge.requestId,
      ...this.labelData(purge),
      status: purge.status,
      ...datable ? { durationMs: took } : {},
      ...firstAnswer ? { alreadyCompleted: purge.url === void 0, durationIsUpperBound: true } : {},
      ...freshness ? { verify: freshnessData(freshness) } : {}
    };
    const human = !firstAnswer ? `${purge.status} after ${formatDuration(took)}` : purge.url ? `${purge.status} within ${formatDuration(took)}` : `${purge.status} (already completed at the first answer)`;
    const verdict = freshness ? freshnessSuffix(freshness, purge.url) : "";
    this.output.result(this.label(purge, human + verdict), data);
  }
  /**
   * ImageKit refused an account's key (or it has none): said once on stderr. The purges waited
   * for that it holds end with that error (the tracker has sent the IDs still looking for their
   * account on to the others first); the other accounts' go on. Exit code 4 once one has.
   */
  refuse(error) {
    if (this.ended !== void 0) return;
    const shown2 = accountError(errorData(error), error.account, this.several);
    this.refused.set(error.account, shown2);
    this.output.clearProgress();
    this.output.error(shown2.message);
    this.endRefused(this.unsettled);
  }
  /** Those of these purges whose account's key is refused end with that refusal. */
  endRefused(requestIds) {
    let ended = 0;
    for (const requestId of [...requestIds]) {
      const refusal = this.refused.get(this.tracker.get(requestId)?.account ?? "");
      if (!refusal || this.ended !== void 0 || !this.unsettled.delete(requestId)) continue;
      this.output.clearProgress();
      this.output.saidBefore(requestId, refusal, this.dataFor(requestId));
      this.exitCode = ExitCode.auth;
      ended += 1;
    }
    if (ended > 0 && this.unsettled.size === 0) this.end(this.finalCode());
  }
  /** ImageKit has not answered at all since `watch.silentSince`: give up once that is too long. */
  armSilenceTimer() {
    if (this.silenceTimer !== void 0 || this.watch.silentSince === void 0) return;
    const { clock } = this.context;
    const left = this.watch.silentSince + this.noAnswerLimitMs - clock.now();
    this.silenceTimer = clock.setTimeout(
      () => {
        this.silenceTimer = void 0;
        const since = this.watch.silentSince;
        if (since === void 0 || this.ended !== void 0 || this.unsettled.size === 0) return;
        if (clock.now() - since < this.noAnswerLimitMs) return this.armSilenceTimer();
        const last = this.watch.lastError?.message ?? "ImageKit could not be reached.";
        this.output.clearProgress();
        this.output.sharedError(
          this.unsettled,
          {
            kind: "transient",
            message: `${last} No answer from ImageKit for ${formatDuration(clock.now() - since)}: giving up.`
          },
          (id) => this.dataFor(id)
        );
        this.end(ExitCode.failed);
      },
      Math.max(0, left)
    );
  }
  timedOut(timeoutMs) {
    if (this.ended !== void 0) return;
    this.output.clearProgress();
    const limit = `--timeout ${formatDuration(timeoutMs)}`;
    this.cutVerificationShort(`${limit} reached`);
    for (const requestId of this.unsettled) {
      const purge = this.tracker.get(requestId);
      const lastError = purge?.lastError ? ` (last error: ${purge.lastError.message})` : "";
      const message = purge?.status ? `still ${purge.status} after ${limit}${lastError}` : !purge || purge.checks === 0 ? `not checked yet after ${limit}${this.heldBy()}` : `still unanswered after ${limit}${lastError}`;
      this.output.idError(requestId, { kind: "timeout", message }, this.dataFor(requestId));
    }
    this.end(this.exitCode === ExitCode.ok ? ExitCode.timeout : this.exitCode);
  }
  /**
   * Why a purge was never checked, when ImageKit's last answer was a 429: a check it holds is not
   * made, so nothing else would say that ImageKit did answer, every time, "not now".
   */
  heldBy() {
    const held = this.watch.checkHeldBy;
    return held ? `: ImageKit's rate limit (HTTP 429) held every check (last answer: ${held.message})` : "";
  }
  stopped(reason) {
    if (this.ended !== void 0) return;
    if (reason !== "EPIPE") {
      this.output.clearProgress();
      this.cutVerificationShort(`interrupted by ${reason}`);
      const pending = [...this.unsettled];
      this.output.sharedError(
        pending,
        interruptedError(reason, pending, this.targets.length, "purge", "still pending"),
        (id) => this.dataFor(id)
      );
    }
    this.end(stopExitCode(reason));
  }
  broke(error) {
    const what = error instanceof Error ? error.message : String(error);
    this.output.errorOnce(`internal error (a bug in purge-watch, please report it): ${what}`);
    this.end(ExitCode.failed);
  }
  end(code2) {
    if (this.ended !== void 0) return;
    this.ended = code2;
    this.finish(code2);
  }
  progressLine() {
    const total = this.targets.length;
    const elapsed = formatDuration(this.context.clock.now() - this.startedAt);
    const error = this.watch.lastError;
    const estimate = this.estimateWords();
    const checking = this.verifying.size > 0 ? ` \xB7 checking the CDN for ${this.verifying.size}` : "";
    return `Waiting for ${this.unsettled.size} of ${total} purge${total === 1 ? "" : "s"} \xB7 ${elapsed} elapsed${checking}${estimate ? ` \xB7 ${estimate}` : ""}${error ? ` \xB7 last error: ${error.message}` : ""}`;
  }
  /**
   * A progress line for a log: how many purges are still pending and for how long, the one
   * pending longest (since its submission), and the last error if any.
   */
  pendingLine() {
    const now = this.context.clock.now();
    const total = this.targets.length;
    const pending = [...this.unsettled].flatMap((id) => this.tracker.get(id) ?? []);
    const longest = pending.reduce(
      (oldest, purge) => oldest && oldest.submittedAt <= purge.submittedAt ? oldest : purge,
      void 0
    );
    const error = this.watch.lastError;
    return [
      `${this.unsettled.size} of ${total} purge${total === 1 ? "" : "s"} still pending after ${formatDuration(now - this.startedAt)}`,
      ...longest ? [
        `longest pending: ${longest.requestId} (${formatDuration(now - longest.submittedAt)} since submission)`
      ] : [],
      ...error ? [`last error: ${error.message}`] : []
    ].join("; ");
  }
  /**
   * The estimate of the purge expected last (the newest submitted still pending), or "taking
   * longer than usual" when any is: what the wait as a whole can expect.
   */
  estimateWords() {
    const now = this.context.clock.now();
    const pending = [...this.unsettled].flatMap((id) => {
      const purge = this.tracker.get(id);
      return purge?.state === "pending" ? [purge] : [];
    });
    const estimates = pending.sort((a, b) => b.submittedAt - a.submittedAt).map((purge) => estimatePurge(purge.submittedAt, now, this.summaryOf(purge)));
    const slow = estimates.find((estimate) => estimate?.slow);
    return (slow ?? estimates[0])?.text;
  }
  dataFor(requestId) {
    const purge = this.tracker.get(requestId);
    if (!purge) return {};
    const estimate = purge.state === "pending" ? estimatePurge(purge.submittedAt, this.context.clock.now(), this.summaryOf(purge)) : void 0;
    return {
      ...this.labelData(purge),
      ...purge.status ? { status: purge.status } : {},
      ...estimateData(estimate)
    };
  }
  /** How long the purge's account's purges take. */
  summaryOf(purge) {
    return purge.account === void 0 ? void 0 : this.history.summary(purge.account);
  }
  labelData(purge) {
    return { account: purge.account, ...purge.url ? { url: purge.url } : {} };
  }
  /** `<id>  [<account>]  [<url>]  <what>`: the account when several exist. */
  label(purge, what) {
    const account = this.several ? purge.account : void 0;
    return resultLine(purge.requestId, account, ...purge.url ? [purge.url] : [], what);
  }
};

// src/cli/purge-command.ts
async function purgeCommand(context, operands, options, output2) {
  const urls = urlOperands(operands);
  const scale = pollScale(context);
  const budget = requestBudget(context);
  const verify = options.verify && new FreshnessStep(context, options.verify, scale);
  verify?.checkNamedUrlsFor(urls);
  const accounts = await chooseAccounts(context, output2, {
    account: options.account,
    lookup: false
  });
  const account = accounts.used[0].name;
  const shownAccount = accounts.several ? account : void 0;
  const ledger = purgeLedger(context, output2);
  await confirmMany(context, urls.length, options.maxPurges, readUse(ledger, account, output2));
  const count = new QuotaCount(ledger, account, output2);
  const waiter = new PurgeWaiter(context, accounts, output2, scale, budget, verify);
  if (!options.wait) waiter.tracker.pause("user");
  const before = await verify?.probeBeforePurge(urls);
  let exitCode = ExitCode.ok;
  let accepted = 0;
  let submitting;
  const { clock } = context;
  const submittingSince = clock.monotonic();
  let timeUp = () => void 0;
  const timedOut = new Promise((resolve) => timeUp = () => resolve(void 0));
  const deadline = clock.setTimeout(() => timeUp(), options.timeoutMs);
  output2.reportsItsStop();
  context.stop?.addEventListener("abort", () => {
    if (submitting === void 0) return;
    const sent = waiter.watch.submissionsUnanswered > 0;
    if (sent) count.add();
    count.done();
    const reason = stopReason(context.stop);
    const words = reason === "EPIPE" ? "stopped: stdout was closed" : `interrupted by ${reason}`;
    sayUnsent(output2, { kind: "interrupted", words }, account, urls.slice(submitting), sent);
  });
  waiter.watch.onRateLimited(({ resetMs }) => {
    if (submitting === void 0 || resetMs === void 0 || resetMs < SAID_HOLD_MS) return;
    output2.error(
      `ImageKit answered 429: its rate limit holds purges for another ${formatDuration(resetMs)}.`
    );
  });
  try {
    for (const [index, url] of urls.entries()) {
      submitting = index;
      const results = await Promise.race([waiter.tracker.submit([url], account, before), timedOut]);
      if (results === void 0) {
        const sent = waiter.watch.submissionsUnanswered > 0;
        submitting = void 0;
        if (sent) count.add();
        const words = `--timeout ${formatDuration(options.timeoutMs)} reached`;
        sayUnsent(output2, { kind: "timeout", words }, account, urls.slice(index), sent);
        exitCode = ExitCode.failed;
        break;
      }
      const [result] = results;
      submitting = void 0;
      if (context.stop?.aborted) {
        waiter.close();
        return stopExitCode(stopReason(context.stop));
      }
      if (result && spentAPurge(result)) count.add();
      if (result?.error) {
        const { error } = result;
        if (error.kind === "auth") {
          const shown2 = accountError(errorData(error), account, accounts.several);
          if (output2.json) output2.result("", { url, account, error: shown2 });
          waiter.close();
          count.done();
          return ExitCode.auth;
        }
        const unknown2 = result.mayHaveBeenSubmitted === true;
        output2.itemError(
          url,
          { url, account, ...unknown2 ? { mayHaveBeenSubmitted: true } : {} },
          unknown2 ? { ...error, message: `${error.message} ${MAY_HAVE_BEEN_SUBMITTED}` } : error
        );
        exitCode = ExitCode.failed;
        continue;
      }
      const requestId = parseRequestIds(result?.requestId ?? "").ids[0];
      if (requestId === void 0 || waiter.tracker.get(requestId) === void 0) {
        output2.itemError(
          url,
          { url, account },
          {
            kind: "protocol",
            message: "ImageKit accepted the purge but sent no usable request ID."
          }
        );
        exitCode = ExitCode.failed;
        continue;
      }
      output2.result(resultLine(requestId, shownAccount, url), { requestId, account, url });
      accepted += 1;
      if (options.wait) waiter.expect({ requestId, url });
    }
  } finally {
    clock.clearTimeout(deadline);
  }
  count.done();
  if (!options.wait || accepted === 0) {
    waiter.close();
    return exitCode;
  }
  const timeLeftMs = Math.max(0, options.timeoutMs - (clock.monotonic() - submittingSince));
  const waited = await waiter.wait(options, timeLeftMs);
  const failedWins = waited === ExitCode.ok || waited === ExitCode.timeout || waited === ExitCode.stale;
  return failedWins && exitCode !== ExitCode.ok ? exitCode : waited;
}
var SAID_HOLD_MS = 1e4;
function sayUnsent(output2, why, account, urls, sent) {
  const { kind, words } = why;
  const [submitting, ...rest] = urls;
  if (sent) {
    output2.itemError(
      submitting,
      { url: submitting, account, mayHaveBeenSubmitted: true },
      { kind, message: `${words} while it was being submitted. ${MAY_HAVE_BEEN_SUBMITTED}` }
    );
  }
  const unsent = sent ? rest : urls;
  if (unsent.length === 0) return;
  const notSent = { kind, message: `${words} before it was sent: not purged` };
  if (output2.json) for (const url of unsent) output2.result("", { url, account, error: notSent });
  output2.error(
    `${words}: ${unsent.length} URL${unsent.length === 1 ? "" : "s"} not sent: ${listedInALine(unsent)}`
  );
}

// src/cli/stats-command.ts
var BAR_WIDTH = 30;
async function statsCommand(context, option, output2) {
  const history = durationHistory(context, output2);
  if (history.problem) output2.error(history.problem);
  const { accounts } = await listAccounts2(context);
  const names = accounts.map((known) => known.name);
  const named = namedAccount(context, option);
  if (named !== void 0 && !names.includes(named) && history.completionsOf(named).length === 0) {
    throw unknownAccount(named, names, option === void 0);
  }
  const account = named ?? names[0] ?? DEFAULT_ACCOUNT;
  const of = named !== void 0 || names.length > 1 ? ` of ${account}` : "";
  const count = history.completionsOf(account).length;
  const summary = history.summary(account);
  const ledger = purgeLedger(context, output2);
  const use = readUse(ledger, account, output2);
  const refused = use && ledger ? ledger.writeRefusal() : void 0;
  if (refused) {
    output2.error(
      `This month's purge counts cannot be saved to ${ledger.filePath} (${refused}): the purges made while they cannot are not in this count.`
    );
  }
  const month = use && {
    line: `${use.used} of ${use.limit.toLocaleString("en-US")} purges${of} submitted this month (${use.month} UTC, counted on this machine)`,
    data: { purgesThisMonth: { month: use.month, submitted: use.used, quota: use.limit } }
  };
  if (!summary) {
    const where = profileDirectory(context) ?? "no profile directory (set PURGE_WATCH_USER_DATA)";
    const data2 = { account, count, ...month?.data };
    output2.result(
      `${count} completed purge${count === 1 ? "" : "s"}${of} in the history (${where}): ${MIN_ESTIMATE_SAMPLES} are needed for figures.`,
      data2
    );
    if (month && !output2.json) output2.result(month.line, data2);
    return ExitCode.ok;
  }
  const bins = trimmed(summary.bins);
  const lines2 = [
    `${count} completed purges${of}${count >= HISTORY_LIMIT ? ` (the most recent ${HISTORY_LIMIT}, all the history keeps)` : ""}`,
    `median  ${formatDuration(summary.medianMs)}`,
    `p90     ${formatDuration(summary.p90Ms)}`,
    `p95     ${formatDuration(summary.p95Ms)}`,
    "",
    ...histogramLines(bins),
    ...month ? ["", month.line] : []
  ];
  const data = {
    account,
    count,
    medianMs: Math.round(summary.medianMs),
    p90Ms: Math.round(summary.p90Ms),
    p95Ms: Math.round(summary.p95Ms),
    histogram: bins,
    ...month?.data
  };
  if (output2.json) output2.result("", data);
  else for (const line of lines2) output2.result(line, data);
  return ExitCode.ok;
}
function trimmed(bins) {
  const first = bins.findIndex((bin) => bin.count > 0);
  const last = bins.findLastIndex((bin) => bin.count > 0);
  return bins.slice(first, last + 1);
}
function histogramLines(bins) {
  const labels = bins.map(binLabel);
  const width = Math.max(...labels.map((label) => label.length));
  const most = Math.max(...bins.map((bin) => bin.count));
  return bins.map((bin, i) => {
    const bar = "\u2588".repeat(Math.round(bin.count / most * BAR_WIDTH));
    const partial = bin.count > 0 && bar === "" ? "\u258F" : bar;
    return `${labels[i].padStart(width)}  ${partial.padEnd(BAR_WIDTH)}  ${bin.count}`;
  });
}
function binLabel(bin) {
  if (bin.toMs === void 0) return `${formatDuration(bin.fromMs)}+`;
  if (bin.fromMs === 0) return `<${formatDuration(bin.toMs)}`;
  return `${formatDuration(bin.fromMs)}\u2013${formatDuration(bin.toMs)}`;
}

// src/cli/status-command.ts
var RATE_LIMIT_PATIENCE_MS = 3e4;
async function statusCommand(context, operands, account, output2) {
  const ids = await requestIdOperands(operands, context.stdin);
  const schedule = { ...DEFAULT_SCHEDULE, ...scaledSchedule(pollScale(context)) };
  const budget = requestBudget(context);
  const history = durationHistory(context, output2);
  const { clock } = context;
  const { used, several } = await chooseAccounts(context, output2, { account, lookup: true });
  const waitsEnd = clock.monotonic() + RATE_LIMIT_PATIENCE_MS;
  const watch = new ConnectionWatch(clock);
  const lanes = new AccountLanes(
    (name, api) => new AccountLane(name, api, {
      clock,
      schedule,
      history,
      budget,
      pauses: [],
      run: (lane, requestId) => check(lane, requestId),
      // A check that threw (a bug) is that ID's answer: the command must not wait for it forever.
      onCheckError: (_lane, requestId, error) => {
        if (ended) return;
        const reason = error instanceof Error ? error.message : String(error);
        answer(requestId, {
          outcome: {
            ok: false,
            error: { kind: "protocol", message: `Purge Watch could not check it: ${reason}` }
          }
        });
      },
      onIgnoredRateLimit: () => sayIgnoredRateLimits(output2, lanes.ignoredRateLimits(), several)
    })
  );
  lanes.set(used.map(({ name, api }) => ({ name, api: watch.watched(api) })));
  const owners = /* @__PURE__ */ new Map();
  const lookingUp = /* @__PURE__ */ new Set();
  const answers = /* @__PURE__ */ new Map();
  const retries = new RetryPolicy(ONE_ANSWER_RETRIES, schedule);
  let printed = 0;
  let ended = false;
  let failed = false;
  let refused = false;
  const heldTooLong = /* @__PURE__ */ new Map();
  let finish = () => void 0;
  const finished = new Promise((resolve) => finish = resolve);
  const check = async (lane, requestId) => {
    const outcome = await lane.askStatus(requestId);
    if (ended || answers.has(requestId) || owners.get(requestId) !== lane.name) return;
    if (!outcome.ok) {
      const { error } = outcome;
      if (error.kind === "auth") return refuse(lane, error);
      if (isNoAnswer(error) && watch.streak >= NO_ANSWER_GIVE_UP_REQUESTS) {
        return end(ExitCode.failed, error);
      }
      if (error.kind === "not_found" && lookingUp.has(requestId)) {
        return lookOn(requestId, lane.name);
      }
      const retry = retries.failed(requestId, error);
      if (retry?.kind === "hold" && clock.monotonic() + retry.waitMs > waitsEnd) {
        return rateLimitedTooLong(lane, retry.waitMs);
      }
      if (retry) {
        lane.retryLater(requestId, retry);
        return;
      }
    }
    lookingUp.delete(requestId);
    answer(requestId, { outcome });
  };
  const ask = (requestId, name) => {
    owners.set(requestId, name);
    const held = heldTooLong.get(name);
    if (held) return answer(requestId, { outcome: { ok: false, error: held }, shared: true });
    lanes.find(name).checkAt({ requestId }, clock.now());
  };
  const rateLimitedTooLong = (lane, waitMs) => {
    const held = accountError(
      {
        kind: "rate_limited",
        message: `ImageKit's rate limit holds requests for another ${formatDuration(waitMs)}; status waits at most ${formatDuration(RATE_LIMIT_PATIENCE_MS)} for it: ask again then, or use purge-watch wait.`
      },
      lane.name,
      several
    );
    heldTooLong.set(lane.name, held);
    failed = true;
    output2.error(held.message);
    for (const requestId of ids) {
      if (owners.get(requestId) !== lane.name || answers.has(requestId)) continue;
      lookingUp.delete(requestId);
      lane.stop(requestId);
      answer(requestId, { outcome: { ok: false, error: held }, shared: true });
    }
  };
  const lookOn = (requestId, after) => {
    retries.answered(requestId);
    const step = lanes.lookupStep(after);
    if (step.kind === "ask") return ask(requestId, step.account);
    lookingUp.delete(requestId);
    owners.set(requestId, step.account);
    if (step.kind === "held") return answerRefused(requestId, step.account);
    answer(requestId, {
      outcome: { ok: false, error: { kind: "not_found", message: step.message } }
    });
  };
  const refusal = (name) => accountError(errorData(lanes.find(name).keyProblem), name, several);
  const answerRefused = (requestId, name) => {
    refused = true;
    answer(requestId, { outcome: { ok: false, error: refusal(name) }, shared: true });
  };
  const refuse = (lane, error) => {
    if (lane.holdForKey(error)) output2.error(refusal(lane.name).message);
    for (const requestId of ids) {
      if (owners.get(requestId) !== lane.name || answers.has(requestId)) continue;
      if (lookingUp.has(requestId)) lookOn(requestId, lane.name);
      else answerRefused(requestId, lane.name);
    }
  };
  const answer = (requestId, result) => {
    if (answers.has(requestId)) return;
    answers.set(requestId, result);
    printReady();
    if (printed === ids.length) end(exitCode());
  };
  const exitCode = () => refused ? ExitCode.auth : failed ? ExitCode.failed : ExitCode.ok;
  const printReady = () => {
    for (; printed < ids.length; printed++) {
      const requestId = ids[printed];
      const result = answers.get(requestId);
      if (!result) return;
      const { outcome } = result;
      const owner = owners.get(requestId);
      if (outcome.ok) {
        const now = clock.now();
        const submittedAt = plausibleSubmissionTime(requestId, now);
        const estimate = outcome.completed || submittedAt === void 0 ? void 0 : estimatePurge(submittedAt, now, history.summary(owner));
        output2.result(resultLine(requestId, several ? owner : void 0, outcome.status), {
          requestId,
          account: owner,
          status: outcome.status,
          ...estimateData(estimate)
        });
        continue;
      }
      const error = errorData(outcome.error);
      if (!result.shared) {
        failed = true;
        output2.idError(requestId, error, { account: owner });
      } else output2.saidBefore(requestId, error, { account: owner });
    }
  };
  const end = (code2, error) => {
    if (ended) return;
    if (error) {
      printReady();
      output2.error(error.message);
      const open = ids.filter((requestId) => !answers.has(requestId));
      for (const requestId of open)
        answers.set(requestId, { outcome: { ok: false, error }, shared: true });
      printReady();
    }
    ended = true;
    lanes.close();
    finish(code2);
  };
  output2.reportsItsStop();
  void whenStopped(context.stop).then((reason) => {
    if (reason === "EPIPE") return end(stopExitCode(reason));
    const open = ids.filter((requestId) => !answers.has(requestId));
    end(
      stopExitCode(reason),
      interruptedError(reason, open, ids.length, "request ID", "not answered")
    );
  });
  for (const requestId of ids) {
    const start = lanes.startingAccount(void 0);
    if (start.accountLookup) lookingUp.add(requestId);
    ask(requestId, start.account);
  }
  return finished;
}

// src/cli/usage.ts
var ACCOUNT = `    --account <name>                   with this ImageKit account (see \`accounts\`)
`;
var VERIFY = `    --verify                           then check what the CDN's nearest edge serves for each
                                       purged URL: "fresh at FRA56-P1" (a stale copy exits 6)
    --verify-url [<request-id>=]<url>  check this URL (for that ID, or under a wildcard purged)
    --verify-head                      check with HEAD instead of GET
`;
var COMMANDS = {
  status: `  purge-watch status <request-id>...   print each purge's status (paced to a share of your rate limit)
${ACCOUNT}`,
  wait: `  purge-watch wait <request-id>...     poll until each one is completed or has failed
    --timeout <duration>               give up after this long (default 30m; accepts 90s, 15m, 2h)
    --progress auto|lines|none         progress on stderr: auto is a live line on a terminal,
                                       else a line every --progress-every (for CI logs)
    --progress-every <duration>        how often a progress line is printed (default 60s)
${VERIFY}${ACCOUNT}`,
  purge: `  purge-watch purge <url>...           submit cache purges, print each request ID and URL
                                       (duplicates dropped, ImageKit's wildcard rule checked;
                                       past 80 % of the month's 1,000 purges, says what is left)
    --timeout <duration>               give up after this long (default 30m), counted from
                                       the first submission: URLs a 429 still holds then are
                                       not sent (exit 1); with --wait, the wait gets the rest
    --wait                             then wait as \`wait\` does (--progress, --progress-every
                                       and the --verify options below apply only with it)
${VERIFY}    --account <name>                   purge with this account (default: the default account)
    --max-purges <n>                   more URLs than this (default 100) need a yes at a
                                       terminal; elsewhere nothing is sent (exit 2)
`,
  stats: `  purge-watch stats                    how long recent purges took: count, median, p90, p95
                                       and a histogram (the app's and the CLI's history), and
                                       the purges submitted this month
    --account <name>                   this account's purges (default: the default account's)
`,
  key: `  purge-watch key set                  store the private key in the OS keychain
                                       (hidden prompt, or stdin when piped) once ImageKit
                                       accepts it (one status request)
    --no-check                         store it without asking ImageKit
  purge-watch key status | key delete
    --account <name>                   this account's key (default: "default"); key set with a
                                       new name adds the account
`,
  accounts: `  purge-watch accounts                 list the accounts: name, where the key is, the default
`
};
var OPTIONS2 = `Options:
  --json       one JSON object per line on stdout (errors too, and on stderr as a line)
  --help       show this help (\`purge-watch help <command>\` for one command)
  --version    print the version
`;
var NOTES = `A request ID is 24 hex characters; "-" reads IDs (or the JSON the purge API returned) from stdin.
Accounts: the key in IMAGEKIT_PRIVATE_KEY is the account "environment"; each key in the OS
keychain is an account of its name ("default" unless key set --account says another).
--account NAME, or PURGE_WATCH_ACCOUNT, uses that account alone. Without either, status and wait
ask the default account about an ID first, then the others; purge uses the default account:
environment, else default, else the first by name.
IMAGE_KIT_BASE_URL overrides https://api.imagekit.io (https only; http on loopback).
PURGE_WATCH_RATE_SHARE is the percentage of your rate limit checks may use (1 to 100, default 50).

Exit codes: 0 ok, 1 a request failed (or no answer from ImageKit for 2 minutes while waiting),
2 usage or invalid input, 3 timeout, 4 authentication, 5 keychain unavailable,
6 the CDN still serves an old copy (--verify), 129 terminal closed (SIGHUP), 130 Ctrl-C,
141 stdout closed early, 143 SIGTERM (Ctrl-Break on Windows).
`;
var USAGE = `purge-watch: know the moment an ImageKit cache purge has finished.

Usage:
${COMMANDS.status}${COMMANDS.wait}${COMMANDS.purge}${COMMANDS.stats}${COMMANDS.key}${COMMANDS.accounts}
${OPTIONS2}
${NOTES}`;
function usageOf(topic) {
  return `Usage:
${COMMANDS[topic]}
${OPTIONS2}`;
}

// src/cli/run.ts
function cliOutput(argv2, context) {
  const safe = new SafeText();
  safe.addSecret(context.env.IMAGEKIT_PRIVATE_KEY);
  return new Output(context.stdout, context.stderr, argv2.includes("--json"), safe, context.env);
}
async function runCli(argv2, context, output2 = cliOutput(argv2, context)) {
  try {
    const invocation = parseInvocation(argv2);
    return await Promise.race([
      dispatch(invocation, context, output2),
      whenStopped(context.stop).then((reason) => {
        output2.stopped(reason, invocation.command.replace("-", " "));
        return stopExitCode(reason);
      })
    ]);
  } catch (error) {
    if (error instanceof CliError) {
      output2.error(error.message);
      return error.exitCode;
    }
    output2.error(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.failed;
  }
}
async function dispatch(invocation, context, output2) {
  switch (invocation.command) {
    case "help": {
      const topic = invocation.helpTopic;
      const usage = topic ? usageOf(topic) : USAGE;
      if (output2.json) writeJson(context, { ...topic ? { command: topic } : {}, usage });
      else context.stdout.write(usage);
      return ExitCode.ok;
    }
    case "version":
      if (output2.json) writeJson(context, { version: VERSION });
      else context.stdout.write(`${VERSION}
`);
      return ExitCode.ok;
    case "status":
      return statusCommand(context, invocation.operands, invocation.account, output2);
    case "wait":
      return waitCommand(context, invocation.operands, invocation, output2);
    case "purge":
      return purgeCommand(context, invocation.operands, invocation, output2);
    case "key-set":
      return keyCommand(context, "set", invocation.account, output2, invocation.checkKey);
    case "key-status":
      return keyCommand(context, "status", invocation.account, output2);
    case "key-delete":
      return keyCommand(context, "delete", invocation.account, output2);
    case "accounts":
      return accountsCommand(context, output2);
    case "stats":
      return statsCommand(context, invocation.account, output2);
  }
}
function writeJson(context, data) {
  context.stdout.write(`${JSON.stringify(data)}
`);
}

// src/cli/index.ts
var stop = new AbortController();
var stopWith = (reason) => {
  if (!stop.signal.aborted) stop.abort(reason);
};
function guarded(stream) {
  let closed = false;
  stream.on("error", () => {
    closed = true;
    stopWith("EPIPE");
  });
  return {
    write: (text2) => closed || stream.destroyed || stream.write(text2),
    isTTY: stream.isTTY === true,
    get columns() {
      return stream.columns;
    }
  };
}
var stdoutFailure;
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE" && error.code !== "ECONNRESET") stdoutFailure ??= error;
});
function unwritten() {
  if (!stdoutFailure) return void 0;
  const why = stdoutFailure.code ?? stdoutFailure.message;
  output.error(`stdout could not be written (${why}): results were lost`);
  return ExitCode.failed;
}
watchReader(1, () => stopWith("EPIPE"), process.platform);
var STOP_SIGNALS = {
  SIGINT: "SIGINT",
  SIGTERM: "SIGTERM",
  SIGBREAK: "SIGTERM",
  SIGHUP: "SIGHUP"
};
var signalled = false;
for (const [signal, reason] of Object.entries(STOP_SIGNALS)) {
  process.on(signal, () => {
    if (signalled) process.exit(stopExitCode(reason));
    signalled = true;
    stopWith(reason);
  });
}
var argv = process.argv.slice(2);
var streams = {
  env: process.env,
  stdout: guarded(process.stdout),
  stderr: guarded(process.stderr)
};
var output = cliOutput(argv, streams);
var code = await runCli(
  argv,
  {
    ...streams,
    stdin: process.stdin,
    fetch: (input, init) => fetch(input, init),
    // PURGE_WATCH_KEYCHAIN_SERVICE keeps the keys under another service name (tests).
    keychain: new KeytarKeychain({
      service: process.env.PURGE_WATCH_KEYCHAIN_SERVICE || void 0,
      // macOS: the app's list of account names, so listing them reads (prompts for) no key.
      nameList: accountNameListFor(
        process.platform,
        profileDirectory({ env: process.env, platform: process.platform }),
        saySetAside(
          output,
          "the list of account names",
          "the names are read from the keychain again"
        )
      )
    }),
    clock: systemClock,
    platform: process.platform,
    stop: stop.signal
  },
  output
);
var leftBehind = await flushedUnlessStopped(
  [process.stdout, process.stderr],
  stop.signal,
  systemClock
);
if (leftBehind) process.exit(stopExitCode(leftBehind));
await new Promise((resolve) => systemClock.setTimeout(resolve, 0));
process.exit(unwritten() ?? code);
