/** The pinned `@anthropic-ai/claude-code` version the tests install. */
export declare const claudeCodeVersion: string;
/** Path of the pinned `claude` binary, installed with npm into the cache folder first when missing. */
export declare function ensureClaudeCode(version?: string): string;
/** The cache folder of one installed version. */
export declare function cacheDirectory(version?: string): string;
