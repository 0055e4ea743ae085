/**
 * @asksage-proxy/core/testing — deterministic ports, an in-memory AskSage and the shared UpstreamClient
 * contract suite, for tests of core and of every adapter. Not for production code.
 */
export { createManualClock } from './manual-clock';
export type { ManualClock } from './manual-clock';
export { createInstantClock, fixedClock } from './instant-clock';
export type { InstantClock } from './instant-clock';
export { createSeededRandom } from './seeded-random';
export { createSequenceIds } from './sequence-ids';
export { createFakeUpstreamClient } from './fake-upstream-client';
export type { FakeUpstreamClient, FakeUpstreamOptions, FakeUpstreamCall, FakeUpstreamStep, FakeStepMatch, FakeReplyFunction } from './fake-upstream-client';
export { createFakeQueryReply, createTokenInvalidReply } from './create-fake-query-reply';
export type { FakeQueryReplyOptions } from './create-fake-query-reply';
export { createContractFaultError } from './create-contract-fault-error';
export type { ContractFault } from './contract-fault';
export { describeUpstreamClientContract, upstreamContractCaseNames } from './describe-upstream-client-contract';
export type { UpstreamContractHarness, UpstreamContractOptions, ContractAbortController, ReceivedContractFile } from './describe-upstream-client-contract';
export { createRecordingLogger } from './recording-logger';
export type { RecordingLogger, RecordedLogCall } from './recording-logger';
export { describeResponseStoreContract, responseStoreContractCaseNames } from './describe-response-store-contract';
export type { ResponseStoreContractHarness, ResponseStoreContractOptions } from './describe-response-store-contract';
export { describeKeyHealthStoreContract, keyHealthStoreContractCaseNames } from './describe-key-health-store-contract';
export type { KeyHealthStoreContractHarness, KeyHealthStoreContractOptions } from './describe-key-health-store-contract';
export { describeUsageCounterContract, usageCounterContractCaseNames } from './describe-usage-counter-contract';
export type { UsageCounterContractHarness, UsageCounterContractOptions } from './describe-usage-counter-contract';
export { createRecordingObserver } from './recording-observer';
export type { RecordingObserver, RecordedObservation } from './recording-observer';
export { createFakeImageFetcher } from './fake-image-fetcher';
export type { FakeImageFetcher, FakeImageFetcherOptions, FakeImageRoute } from './fake-image-fetcher';
export { describeImageFetcherContract, imageFetcherContractCaseNames } from './describe-image-fetcher-contract';
export type { ImageFetcherContractHarness, ImageFetcherContractOptions } from './describe-image-fetcher-contract';
export { createFakePassthroughClient } from './fake-passthrough-client';
export type { FakePassthroughClient, FakePassthroughOptions, FakePassthroughCall, FakePassthroughStep } from './fake-passthrough-client';
export { describePassthroughClientContract, passthroughContractCaseNames } from './describe-passthrough-client-contract';
export type { PassthroughContractHarness, PassthroughContractOptions, PassthroughContractFault } from './describe-passthrough-client-contract';
export { describeContractCases } from './describe-contract-cases';
export type { ContractSuiteOptions } from './describe-contract-cases';
export { describeProxyObserverContract, proxyObserverContractCaseNames } from './describe-proxy-observer-contract';
export type { ProxyObserverContractHarness, ProxyObserverContractOptions } from './describe-proxy-observer-contract';
