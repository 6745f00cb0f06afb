/**
 * The files of an output, by path relative to the output directory. A file can be text in memory,
 * or a file on disk: one of the previous output, read only when its text is asked for. So a run
 * that keeps most of the previous output (one app changed) neither reads nor hashes what it keeps,
 * and the write stage links it instead of writing it.
 */
import { readDiskFile, type DiskFile, type KeptFile } from "../core/diskFile.js";

export type { DiskFile, KeptFile };

type Entry = string | KeptFile | DiskFile;

/**
 * Output files, read-only as a map of texts (a file on disk is read on each `get`), plus what a
 * run needs to avoid reading: which files are kept (`kept`) and their known hashes.
 */
export class OutputFiles implements ReadonlyMap<string, string> {
  readonly #entries = new Map<string, Entry>();

  static of(entries: Iterable<readonly [string, string]>): OutputFiles {
    const files = new OutputFiles();
    for (const [file, text] of entries) files.set(file, text);
    return files;
  }

  set(file: string, text: string): this {
    this.#entries.set(file, text);
    return this;
  }

  /** Keeps a previous file as it is (its text is read only if asked for). */
  keep(file: string, kept: KeptFile): this {
    this.#entries.set(file, kept);
    return this;
  }

  /** Adds a file on disk, not verified against any hash (the previous output as listed). */
  onDisk(file: string, disk: DiskFile): this {
    this.#entries.set(file, disk);
    return this;
  }

  /** The kept previous file at `file`, if it is one. */
  kept(file: string): KeptFile | undefined {
    const entry = this.#entries.get(file);
    return typeof entry === "object" && "hash" in entry ? entry : undefined;
  }

  /** The file on disk at `file` (kept or listed), if it is one. */
  disk(file: string): DiskFile | undefined {
    const entry = this.#entries.get(file);
    if (typeof entry !== "object") return undefined;
    return "hash" in entry ? entry.disk : entry;
  }

  get(file: string): string | undefined {
    const entry = this.#entries.get(file);
    if (entry === undefined || typeof entry === "string") return entry;
    return readDiskFile("hash" in entry ? entry.disk : entry, file);
  }

  has(file: string): boolean {
    return this.#entries.has(file);
  }

  get size(): number {
    return this.#entries.size;
  }

  keys(): MapIterator<string> {
    return this.#entries.keys();
  }

  *values(): MapIterator<string> {
    for (const file of this.#entries.keys()) yield this.get(file)!;
  }

  *entries(): MapIterator<[string, string]> {
    for (const file of this.#entries.keys()) yield [file, this.get(file)!];
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(fn: (text: string, file: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [file, text] of this.entries()) fn(text, file, this);
  }

  /** A copy with the files in `compare` order of their paths. */
  sorted(compare: (a: string, b: string) => number): OutputFiles {
    const sorted = new OutputFiles();
    for (const file of [...this.#entries.keys()].sort(compare))
      sorted.#entries.set(file, this.#entries.get(file)!);
    return sorted;
  }

  /** Every file's text in memory (reads every file on disk). */
  toMap(): Map<string, string> {
    return new Map(this.entries());
  }
}
