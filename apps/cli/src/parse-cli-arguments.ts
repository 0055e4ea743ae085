import { findInstalledDoc } from './find-installed-docs';
import { damerauLevenshteinDistance } from '@asksage-proxy/core';
import yargs from 'yargs/yargs';

/** The command line, parsed. */
export interface CliArguments {
  /** `[config]` positional: path of config.yaml. */
  config?: string;
  host?: string;
  port?: number;
  verbose?: boolean;
  show: boolean;
  edit: boolean;
  refreshAvailableModels: boolean;
  /** Check URLs and keys with free calls, then exit. */
  check: boolean;
  demo: boolean;
  logFormat?: 'auto' | 'text' | 'json';
  /** Listen on this Unix socket instead of TCP. */
  socket?: string;
  /** Also write log lines to this file (rotated). */
  logFile?: string;
  /** Tell the running instance (its pid file) to reload its configuration, then exit. */
  reload: boolean;
  nativeStreaming?: 'auto' | 'off';
  redisUrl?: string;
  upstreamApi?: 'query' | 'passthrough';
  version: boolean;
}

/** What parsing produced: arguments to act on, or text to print and an exit code (help, or a usage error). */
export type CliParseResult = { kind: 'run'; arguments: CliArguments } | { kind: 'exit'; code: number; stdout?: string; stderr?: string };

const epilogue = `Examples:
  asksage-proxy                              Run the proxy (first run: interactive setup)
  asksage-proxy --demo                       Try it with a built-in AskSage simulator: no key, no network
  asksage-proxy --show                       Show the resolved configuration (keys masked) and where each value came from
  asksage-proxy --edit                       Edit the configuration in $VISUAL / $EDITOR, then validate and check it
  asksage-proxy --refresh-available-models   Check which models each key may use (sends one tiny query per model and key)
  asksage-proxy config.yaml --host 0.0.0.0 --port 8080
  asksage-proxy --reload                     Make the running proxy re-read config.yaml and the model list (SIGHUP)
  asksage-proxy completion                   Print a bash/zsh completion script: source <(asksage-proxy completion)

Configuration: ~/.config/asksage_proxy/config.yaml, ./config.yaml, ./asksage_proxy_config.yaml, ~/.asksage_proxy/config.yaml
(first found), overridden by ASKSAGE_PROXY_* environment variables, overridden by flags. Every key: ${findInstalledDoc('configuration.md')}`;

function buildParser(argv: readonly string[]) {
  return yargs([...argv])
    .scriptName('asksage-proxy')
    // Our own --version prints at once: yargs' would work too, but must be off before an option may use the name.
    .version(false)
    .usage('Usage: $0 [config] [options]\n\nOpenAI-compatible proxy for the AskSage API.')
    .command('$0 [config]', false, (command) => command.positional('config', { type: 'string', describe: 'Path to config.yaml (optional)' }))
    // requiresArg: a bare `--host` must not become "" (which Node binds as every interface), nor a bare `--port`
    // vanish. The port is parsed by us, not yargs, so "8080abc" and "" are errors rather than NaN or 0.
    .option('host', { alias: 'H', type: 'string', requiresArg: true, describe: 'Address to bind (overrides config)' })
    .option('port', { alias: 'p', type: 'string', requiresArg: true, describe: 'Port to bind; 0 = any free port (overrides config)' })
    .option('verbose', { alias: 'v', type: 'boolean', describe: 'Debug logging (bodies at debug, keys redacted)' })
    .option('show', { alias: 's', type: 'boolean', default: false, describe: 'Show the resolved configuration and exit' })
    .option('edit', { alias: 'e', type: 'boolean', default: false, describe: 'Edit the configuration file, then validate it and check its URLs and keys (free calls)' })
    .option('check', { type: 'boolean', default: false, describe: 'Check each AskSage URL and each key (free calls, no tokens) and say what to fix' })
    .option('refresh-available-models', { type: 'boolean', default: false, describe: 'Validate the curated models against AskSage for every key (costs a few tokens)' })
    .option('demo', { type: 'boolean', default: false, describe: 'Run against a built-in AskSage simulator (no config, key or network)' })
    .option('log-format', { type: 'string', requiresArg: true, choices: ['auto', 'text', 'json'], describe: 'Log lines as text or JSON (default: text on a terminal)' })
    .option('socket', { type: 'string', requiresArg: true, describe: 'Listen on this Unix socket (mode 0600) instead of TCP (overrides config)' })
    .option('log-file', { type: 'string', requiresArg: true, describe: 'Also write log lines to this file, rotated (overrides config)' })
    .option('reload', { type: 'boolean', default: false, describe: 'Tell the running proxy to re-read its configuration and models, then exit' })
    .option('native-streaming', { type: 'string', requiresArg: true, choices: ['auto', 'off'], describe: 'Stream tokens as AskSage generates them (auto) or from whole replies (off)' })
    .option('redis-url', { type: 'string', requiresArg: true, describe: 'Share key health, Responses and usage with other replicas through this Redis (redis:// or rediss://)' })
    .option('upstream-api', { type: 'string', requiresArg: true, choices: ['query', 'passthrough'], describe: "Translate to AskSage's /query (query) or use AskSage's own OpenAI/Anthropic-compatible surface (passthrough)" })
    .option('version', { alias: 'V', type: 'boolean', default: false, describe: 'Print the version and exit' })
    .help('help')
    .alias('help', 'h')
    .epilogue(epilogue)
    .strict()
    .exitProcess(false)
    // On a terminal, fit its width; piped or redirected, one line per option (no column guessing).
    .wrap(process.stdout.isTTY ? Math.min(120, process.stdout.columns || 100) : null);
}

const longNames: Record<string, string> = { H: 'host', p: 'port' };

/** Every long flag name the parser knows (from yargs itself, so a new option is never missing), for typos and completion. */
function knownFlags(): string[] {
  const options = (buildParser([]) as unknown as { getOptions(): { key?: Record<string, unknown> } }).getOptions();
  return Object.keys(options.key ?? {}).filter((name) => name.length > 1 && !name.includes('_') && name !== '$0' && !/[A-Z]/.test(name));
}

/**
 * `asksage-proxy completion`: a bash completion script (zsh loads it through bashcompinit). Flags, and files for the
 * optional config path. Add `source <(asksage-proxy completion)` to ~/.bashrc or ~/.zshrc.
 */
function completionScript(): string {
  const flags = [...knownFlags().map((flag) => `--${flag}`), 'completion'].join(' ');
  return [
    '# asksage-proxy completion (bash; zsh: autoload -U +X bashcompinit && bashcompinit first)',
    '_asksage_proxy_complete() {',
    '  local current="${COMP_WORDS[COMP_CWORD]}"',
    '  case "${COMP_WORDS[COMP_CWORD-1]}" in',
    '    --log-format) COMPREPLY=($(compgen -W "auto text json" -- "$current")); return ;;',
    '    --native-streaming) COMPREPLY=($(compgen -W "auto off" -- "$current")); return ;;',
    '    --upstream-api) COMPREPLY=($(compgen -W "query passthrough" -- "$current")); return ;;',
    '  esac',
    `  if [[ "$current" == -* ]]; then COMPREPLY=($(compgen -W "${flags}" -- "$current")); else COMPREPLY=($(compgen -f -- "$current")); fi`,
    '}',
    'complete -F _asksage_proxy_complete asksage-proxy',
    '',
  ].join('\n');
}

/** yargs says "Unknown argument: hots"; the closest real flag is named when there is one. */
function suggestFlag(message: string): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (match === null) return message;
  const unknown = (match[1] ?? '').split(', ')[0]?.replace(/^-+/, '') ?? '';
  const best = knownFlags()
    .map((flag) => ({ flag, distance: damerauLevenshteinDistance(unknown.toLowerCase(), flag) }))
    .sort((left, right) => left.distance - right.distance)[0];
  return best !== undefined && best.distance <= Math.max(2, Math.floor(unknown.length / 3)) ? `${message}; did you mean --${best.flag}?` : message;
}

/** yargs says "Not enough arguments following: p"; the user typed -p or --port and needs to know what to add. */
function explainMissingValue(message: string): string {
  const match = /^Not enough arguments following: (\S+)$/.exec(message);
  if (match === null) return message;
  const name = longNames[match[1] as string] ?? match[1];
  const example = name === 'port' ? ' (e.g. --port 8080)' : name === 'host' ? ' (e.g. --host 127.0.0.1)' : '';
  return `--${name} needs a value${example}`;
}

/** A flag given twice arrives as a list; the last one wins, as with most CLIs. */
function lastValue(value: unknown): string | undefined {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined ? undefined : String(last);
}

/**
 * Parses the command line with yargs, never exiting the process or printing by itself: `--help` text and usage
 * errors come back as values so `main` decides what to print and with which exit code (2 for a bad flag).
 */
export function parseCliArguments(argv: readonly string[]): CliParseResult {
  if (argv[0] === 'completion' && argv.length === 1) return { kind: 'exit', code: 0, stdout: completionScript() };
  let failure: string | undefined;
  let helpText = '';
  let parsed: Record<string, unknown> | undefined;
  const parser = buildParser(argv).fail((message, error) => {
    failure = message || error?.message || 'invalid arguments';
  });
  try {
    parsed = parser.parse([...argv], {}, (_error, _argv, output) => {
      helpText = output;
    }) as Record<string, unknown>;
  } catch (error) {
    failure ??= (error as Error).message;
  }
  if (failure !== undefined) {
    failure = suggestFlag(explainMissingValue(failure));
    return { kind: 'exit', code: 2, stderr: `asksage-proxy: ${failure}\nRun "asksage-proxy --help" for usage.\n` };
  }
  if (helpText) return { kind: 'exit', code: 0, stdout: `${helpText}\n` };
  const values = parsed ?? {};
  const usage = (message: string): CliParseResult => ({ kind: 'exit', code: 2, stderr: `asksage-proxy: ${message}\nRun "asksage-proxy --help" for usage.\n` });
  const host = lastValue(values.host);
  if (host !== undefined && host.trim() === '') return usage('--host expects an address such as 127.0.0.1 or 0.0.0.0, found an empty value');
  const portText = lastValue(values.port);
  const port = portText === undefined ? undefined : /^\s*\d+\s*$/.test(portText) ? Number(portText) : Number.NaN;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    return usage(`--port expects a whole number from 0 to 65535, found "${portText}"`);
  }
  return {
    kind: 'run',
    arguments: {
      config: values.config as string | undefined,
      host: host?.trim(),
      port,
      verbose: values.verbose as boolean | undefined,
      show: Boolean(values.show),
      edit: Boolean(values.edit),
      refreshAvailableModels: Boolean(values.refreshAvailableModels),
      check: Boolean(values.check),
      demo: Boolean(values.demo),
      logFormat: values.logFormat as CliArguments['logFormat'],
      socket: lastValue(values.socket),
      logFile: lastValue(values.logFile),
      reload: Boolean(values.reload),
      nativeStreaming: values.nativeStreaming as CliArguments['nativeStreaming'],
      redisUrl: lastValue(values.redisUrl),
      upstreamApi: values.upstreamApi as CliArguments['upstreamApi'],
      version: Boolean(values.version),
    },
  };
}
