export type { AbortSignalLike } from './abort-signal-like';
export type { UpstreamClient, UpstreamCallOptions, UpstreamGetModelsOptions, UpstreamFile } from './upstream-client';
export type { PassthroughClient, PassthroughCallOptions, PassthroughReply, PassthroughStreamReply, PassthroughSurface } from './passthrough-client';
export { passthroughSurfaces } from './passthrough-client';
export type { ImageFetcher, ImageFetchRequest, FetchedImage } from './image-fetcher';
export type { Logger, LogLevel, LogFields } from './logger';
export { silentLogger } from './logger';
export type { Clock } from './clock';
export type { RandomSource } from './random-source';
export type { IdGenerator } from './id-generator';
export type { ResponseStore, StoredResponse } from './response-store';
export type { TokenCounter } from './token-counter';
export type { UsageCounter } from './usage-counter';
export type { KeyHealthStore, KeyHealth, KeyOutage, KeyProbeLease } from './key-health-store';
export type {
  ProxyObserver, ObservedOutcome, ObservedErrorCode, RequestFinishedEvent, UpstreamAttemptEvent, KeyStateChange, KeyStateChangedEvent,
  TokensUsedEvent, FirstEventEvent,
} from './proxy-observer';
export { noopObserver, combineObservers } from './proxy-observer';
