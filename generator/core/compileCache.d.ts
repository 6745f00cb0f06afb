/** Types of `compileCache.js` (plain JavaScript: the emit worker loads it before any loader). */
export declare const compileCacheStats: {
  mode: string;
  hits: number;
  misses: number;
  rejected: number;
  written: number;
};
export declare function defaultCacheDir(): string;
export declare function installCompileCache(dir?: string): "node" | "hook" | "off";
export declare function mayImport(content: string): boolean;
export declare function flushCompileCache(): void;
