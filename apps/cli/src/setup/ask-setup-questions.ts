import { existsSync, readFileSync, statSync } from 'node:fs';
import prompts from 'prompts';
import type { PromptObject } from 'prompts';
import type { ApiKeyConfig } from '@asksage-proxy/core';
import { configMaximums } from '../config/config-schema';
import { looksLikePemCertificate } from '../config/read-certificate';
import { resolveConfigPath } from '../config/resolve-config-path';
import { isPortFree } from './find-free-port';
import { SetupCancelledError } from './setup-cancelled-error';

/** What the user chose during first-time setup. */
export interface SetupAnswers {
  /** Port to listen on. */
  port: number;
  /** One or more keys, named and weighted. */
  apiKeys: ApiKeyConfig[];
  /** Absolute path of the CA bundle, or undefined (non-ANL tenants use the system roots). */
  certPath?: string;
  /** Debug logging. */
  verbose: boolean;
  /** The tenant's roots, when the tenant was asked (otherwise the caller's own). */
  tenant?: TenantUrls;
}

/** An AskSage tenant's two API roots. */
export interface TenantUrls {
  serverBaseUrl: string;
  userBaseUrl: string;
}

/** Tenants whose URLs are public knowledge; anyone else enters their server URL. */
export const knownTenants: ReadonlyArray<{ value: string; title: string; urls: TenantUrls; needsCertificate: boolean }> = [
  { value: 'anl', title: 'Argonne (api.asksage.anl.gov, needs its CA bundle)', urls: { serverBaseUrl: 'https://api.asksage.anl.gov/server', userBaseUrl: 'https://api.asksage.anl.gov/user' }, needsCertificate: true },
  { value: 'public', title: 'AskSage public (api.asksage.ai)', urls: { serverBaseUrl: 'https://api.asksage.ai/server', userBaseUrl: 'https://api.asksage.ai/user' }, needsCertificate: false },
];

/** A server URL -> both roots: AskSage serves `/server` and `/user` side by side. Returns the reason when it is unusable. */
export function deriveTenantUrls(text: string): TenantUrls | string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'Enter the server URL, e.g. https://api.asksage.example.org/server';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must start with https:// (or http:// for a local test server).';
  const base = url.origin + url.pathname.replace(/\/+$/, '');
  const root = base.endsWith('/server') ? base.slice(0, -'/server'.length) : base;
  return { serverBaseUrl: `${root}/server`, userBaseUrl: `${root}/user` };
}

async function askTenant(context: SetupPromptContext): Promise<TenantUrls> {
  const choice = await ask<string>({
    type: 'select',
    message: 'Which AskSage tenant?',
    choices: [...knownTenants.map((tenant) => ({ title: tenant.title, value: tenant.value })), { title: 'Another tenant (enter its server URL)', value: 'custom' }],
    initial: 0,
  }, context);
  const known = knownTenants.find((tenant) => tenant.value === choice);
  if (known !== undefined) return known.urls;
  const text = await ask<string>({
    type: 'text',
    message: 'Server URL of your tenant (ends in /server; the /user URL is derived)',
    validate: (value: string) => {
      const derived = deriveTenantUrls(String(value ?? ''));
      return typeof derived === 'string' ? derived : true;
    },
  }, context);
  return deriveTenantUrls(text) as TenantUrls;
}

/** Where prompts read and write, plus what `~` and relative paths mean. */
export interface SetupPromptContext {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  home: string;
  cwd: string;
  out: (line: string) => void;
}

async function ask<T>(question: Omit<PromptObject, 'name'>, context: SetupPromptContext): Promise<T> {
  const answers = await prompts(
    { ...question, name: 'value', stdin: context.stdin as NodeJS.ReadStream, stdout: context.stdout as NodeJS.WriteStream } as PromptObject,
    {
      onCancel: () => {
        throw new SetupCancelledError();
      },
    },
  );
  return answers.value as T;
}

type PortAnswer = { kind: 'port'; port: number } | { kind: 'ask' } | { kind: 'invalid'; reason: string };

function parsePortAnswer(text: string, suggested: number): PortAnswer {
  const answer = text.trim().toLowerCase();
  if (answer === '' || answer === 'y' || answer === 'yes') return { kind: 'port', port: suggested };
  if (answer === 'n' || answer === 'no') return { kind: 'ask' };
  const port = /^\d+$/.test(answer) ? Number(answer) : Number.NaN;
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? { kind: 'port', port } : { kind: 'invalid', reason: 'Answer Y, n, or a port number from 1 to 65535.' };
}

/** Checks an answer to `Use port [N]? [Y/n/<port>]`: Y, n (then the port is asked) or a port; else the reason. */
export function checkPortAnswer(value: string, suggested: number): true | string {
  const choice = parsePortAnswer(value ?? '', suggested);
  return choice.kind === 'invalid' ? choice.reason : true;
}

/** Checks a port typed after answering n: a whole number from 1 to 65535 that no program holds right now. */
export async function checkListenPortAnswer(value: string): Promise<true | string> {
  const text = String(value ?? '').trim();
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(number) || number < 1 || number > 65535) return 'Enter a port number from 1 to 65535.';
  return (await isPortFree(number)) ? true : `Port ${number} is in use on this machine; choose another.`;
}

/** Checks a weight answer: empty (1.0) or a finite number above 0 and at most `configMaximums.weight`. */
export function checkWeightAnswer(value: string): true | string {
  if (value.trim() === '') return true;
  const weight = Number(value);
  // Number('1e400') is Infinity, which YAML would store as .inf: a weight no key pool can use.
  if (!Number.isFinite(weight) || weight <= 0 || weight > configMaximums.weight) {
    return `The weight must be a number greater than 0 and at most ${configMaximums.weight}.`;
  }
  return true;
}

async function askPort(suggested: number, context: SetupPromptContext): Promise<number> {
  const text = await ask<string>({
    type: 'text',
    message: `Use port [${suggested}]? [Y/n/<port>]`,
    validate: (value: string) => checkPortAnswer(value, suggested),
  }, context);
  const choice = parsePortAnswer(text ?? '', suggested);
  if (choice.kind === 'port') return choice.port;
  // A text prompt, not prompts' number type: that one silently turns 0 into 1 and 70000 into 65535.
  const port = await ask<string>({
    type: 'text',
    message: 'Port to listen on (1-65535)',
    initial: String(suggested),
    validate: checkListenPortAnswer,
  }, context);
  return Number(String(port).trim());
}

/** AskSage keys are 64 characters; anything much shorter is a truncated paste. */
const shortestKey = 20;

/** Checks a key answer: not empty, not truncated, not one already entered. */
export function checkKeyAnswer(value: string, keys: ReadonlySet<string>): true | string {
  const key = String(value ?? '').trim();
  if (key === '') return 'The key cannot be empty (create one in the AskSage dashboard).';
  if (key.length < shortestKey) return `That is ${key.length} characters; AskSage API keys are much longer (64). Paste the whole key.`;
  if (keys.has(key)) return 'This key is already configured (under another name); enter a different key.';
  return true;
}

async function askKey(index: number, taken: ReadonlySet<string>, keys: ReadonlySet<string>, context: SetupPromptContext): Promise<ApiKeyConfig> {
  context.out(`Configuring API key #${index}:`);
  const key = await ask<string>({
    type: 'password',
    message: 'Enter your AskSage API key',
    validate: (value: string) => checkKeyAnswer(value, keys),
  }, context);
  const weightText = await ask<string>({
    type: 'text',
    message: 'Enter priority weight (default: 1.0)',
    validate: checkWeightAnswer,
  }, context);
  const defaultName = `key_${index}`;
  const name = await ask<string>({
    type: 'text',
    message: `Enter optional name for this API key (default: ${defaultName})`,
    validate: (value: string) => (taken.has(value.trim() || defaultName) ? `The name "${value.trim() || defaultName}" is already used.` : true),
  }, context);
  return { key: key.trim(), weight: weightText.trim() === '' ? 1 : Number(weightText), name: name.trim() || defaultName };
}

/** Checks a certificate answer; returns true or the reason it cannot be used. */
export function checkCertificateAnswer(value: string, base: { home: string; cwd: string }): true | string {
  if (value.trim() === '') return true;
  const file = resolveConfigPath(value.trim(), { home: base.home, base: base.cwd });
  if (!existsSync(file) || !statSync(file).isFile()) return `No file at ${file}.`;
  try {
    if (!looksLikePemCertificate(readFileSync(file, 'utf8'))) return `${file} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----").`;
  } catch (error) {
    return `Cannot read ${file}: ${(error as Error).message}`;
  }
  return true;
}

/**
 * The reference's setup dialogue (same questions, same order) with prompts: port, the tenant (when the URLs are
 * not given by the environment), one or more keys with weight and name, certificate, verbose (default No, unlike the reference: debug logs carry prompts). Ctrl-C at any question throws `SetupCancelledError`.
 */
export async function askSetupQuestions(suggestedPort: number, context: SetupPromptContext, options: { askTenant?: boolean } = {}): Promise<SetupAnswers> {
  const port = await askPort(suggestedPort, context);
  const tenant = options.askTenant === true ? await askTenant(context) : undefined;
  context.out('\nAPI Key Configuration:');
  context.out('You can configure multiple API keys with different priority weights.');
  context.out('Higher weights mean the key is more likely to be selected.\n');
  const apiKeys: ApiKeyConfig[] = [];
  for (;;) {
    apiKeys.push(await askKey(apiKeys.length + 1, new Set(apiKeys.map((entry) => entry.name)), new Set(apiKeys.map((entry) => entry.key)), context));
    const another = await ask<boolean>({ type: 'confirm', message: 'Add another API key?', initial: false }, context);
    if (!another) break;
  }
  const certificate = await ask<string>({
    type: 'text',
    message: 'Enter certificate path (asksage_anl_gov.pem; leave empty for tenants with public certificates)',
    validate: (value: string) => checkCertificateAnswer(value, context),
  }, context);
  const certPath = certificate.trim() === '' ? undefined : resolveConfigPath(certificate.trim(), { home: context.home, base: context.cwd });
  // The reference defaulted to Yes; we default to No because debug logs carry prompts and answers (request and
  // response bodies), which should not land in a log file unless the user asks.
  const verbose = await ask<boolean>({ type: 'confirm', message: 'Enable verbose mode? (debug logs include prompts and answers)', initial: false }, context);
  return { port, apiKeys, certPath, verbose, ...(tenant === undefined ? {} : { tenant }) };
}
