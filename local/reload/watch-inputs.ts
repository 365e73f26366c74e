import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { inputsHash, synthInputs } from '../synth/synth-cache.js';

/** Options of {@link watchSynthInputs}. */
export interface WatchInputsOptions {
  /** The project root. */
  readonly projectDir: string;
  /** Called once the files have been quiet for `debounceMs` after a change, with the changed paths relative to the project root. */
  readonly onChange: (files: string[]) => void;
  /** Quiet time after the last change before `onChange`, ms: an editor's save or a `git checkout` is one change. @default 300 */
  readonly debounceMs?: number;
  /** When the file system cannot be watched, its inputs are hashed this often instead, ms. @default 2000 */
  readonly pollMs?: number;
  /** Called once when watching falls back to polling, with the reason. @default nothing */
  readonly onFallback?: (reason: string) => void;
}

/** What {@link watchSynthInputs} returns. */
export interface InputsWatcher {
  /** What is watched now, relative to the project root: folders end with `/`. */
  readonly watched: readonly string[];
  /** Watches the inputs anew (after a reload: the config may name other modules now, a folder may have appeared). */
  refresh(): void;
  close(): void;
}

const DEFAULT_DEBOUNCE_MS = 300;
const DEFAULT_POLL_MS = 2_000;

/**
 * Watches what a synth depends on (`synthInputs`: `conveyor.config.ts`, `cdk.json`, `handlers/`,
 * `functions/`, `infra/`, `contract/`, the modules the config names, the lockfile, `tsconfig.json`)
 * and calls `onChange` once per burst of changes. Folders are watched recursively (`node_modules`
 * ignored) and single files through their folder, so that an editor that saves by replacing the file
 * is seen. Where the system refuses a watch (no inotify watches left, say), the inputs' hash is
 * polled instead. A change that leaves the contents as they were is still reported: the synth cache
 * then finds the assembly up to date.
 */
export function watchSynthInputs(options: WatchInputsOptions): InputsWatcher {
  const { projectDir } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let watchers: FSWatcher[] = [];
  let poll: NodeJS.Timeout | undefined;
  let watched: string[] = [];
  let closed = false;

  const flush = () => {
    timer = undefined;
    const files = [...changed].sort();
    changed.clear();
    if (!closed && files.length > 0) options.onChange(files);
  };
  const note = (path: string) => {
    if (closed) return;
    changed.add(relative(projectDir, path).split(sep).join('/'));
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };

  const startPolling = (reason: string) => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
    if (poll !== undefined) return;
    options.onFallback?.(reason);
    let last = inputsHash(projectDir, []);
    poll = setInterval(() => {
      const now = inputsHash(projectDir, []);
      if (now !== last) note(join(projectDir, '(polled)'));
      last = now;
    }, options.pollMs ?? DEFAULT_POLL_MS);
    poll.unref();
  };

  const start = () => {
    const { dirs, files } = synthInputs(projectDir);
    const byFolder = new Map<string, Set<string>>();
    const add = (path: string) => {
      const folder = dirname(path);
      byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(basename(path)));
    };
    // A folder that does not exist yet is seen appearing from its parent.
    for (const file of [...files, ...dirs]) add(file);
    const present = dirs.filter((dir) => existsSync(dir) && statSync(dir).isDirectory());
    try {
      for (const dir of present) {
        watchers.push(watch(dir, { recursive: true }, (_event, name) => {
          if (name !== null && !name.split(/[\\/]/).includes('node_modules')) note(join(dir, name));
        }));
      }
      for (const [folder, names] of byFolder) {
        if (!existsSync(folder)) continue;
        watchers.push(watch(folder, (_event, name) => {
          if (name !== null && names.has(name)) note(join(folder, name));
        }));
      }
    } catch (error) {
      startPolling(`cannot watch the files (${(error as Error).message}); checking them every ${(options.pollMs ?? DEFAULT_POLL_MS) / 1000} s instead`);
      return;
    }
    // A watched folder that goes away (a checkout) is watched again at the next refresh.
    for (const watcher of watchers) watcher.on('error', () => undefined);
    watched = [
      ...present.map((dir) => `${relative(projectDir, dir).split(sep).join('/')}/`),
      ...files.filter((file) => existsSync(file)).map((file) => relative(projectDir, file).split(sep).join('/')),
    ];
  };

  start();
  return {
    get watched() {
      return watched;
    },
    refresh() {
      if (closed || poll !== undefined) return;
      for (const watcher of watchers) watcher.close();
      watchers = [];
      start();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
      watchers = [];
    },
  };
}
