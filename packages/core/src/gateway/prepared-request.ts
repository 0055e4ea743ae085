import type { Usage } from '../conversation/completion-result';
import type { UpstreamFile } from '../ports/upstream-client';
import type { AskSageQuery } from '../types/asksage';
import type { CompletionRequest, RequestContext } from './gateway';

/** A request that passed every check that needs no upstream call. */
export interface PreparedRequest {
  request: CompletionRequest;
  query: AskSageQuery;
  model: string;
  allowed: readonly string[] | undefined;
  requestId: string;
  dialect: string;
  stream: boolean;
  /** When the gateway took the request, ms epoch. */
  startedAt: number;
  /** The conversation's images as files, once `attachImages` resolved them (none for most requests). */
  files: readonly UpstreamFile[];
  /** The caller's summary callback. */
  onFinished: RequestContext['onFinished'];
}

/** How a run ended, for observers. */
export interface RunReport {
  keyName?: string;
  attempts: number;
  usage?: Usage;
}
