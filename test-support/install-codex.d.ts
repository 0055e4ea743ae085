/** The pinned `@openai/codex` version the tests install. */
export declare const codexVersion: string;
/** The cache folder of one installed version. */
export declare function codexInstallDir(version?: string): string;
/** Path of the `codex` launcher inside an install folder. */
export declare function codexLauncherPath(directory?: string): string;
/** Path of the pinned `codex` launcher, installed with npm into the cache folder first when missing. */
export declare function ensureCodexInstalled(version?: string): string;
