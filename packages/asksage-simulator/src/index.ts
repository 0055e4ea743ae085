/**
 * @asksage-proxy/asksage-simulator: a real HTTP(S) AskSage look-alike with a request recorder and fault
 * injection, for tests, benchmarks and the proxy's demo mode. It imports nothing from the proxy: it is AskSage.
 */
export { startAskSageSimulator } from './start-asksage-simulator';
export { DEMO_KEY } from './demo-key';
export { DEFAULT_MODEL_IDS } from './default-model-ids';
export { findTestCertificatePaths, readTestCertificates, type TestCertificatePaths, type TestCertificates } from './read-test-certificates';
export { STREAM_FRAME_SEPARATOR } from './write-query-stream';
export { RETIRED_MODEL_TEXT } from './handle-query';
export { OVERLOADED_TEXT } from './apply-fault';
export type {
  FaultMatch,
  RecordedBodyType,
  RecordedFile,
  RecordedRequest,
  RunningSimulator,
  ScriptedToolCall,
  SimulatorFault,
  SimulatorFaultAction,
  SimulatorKey,
  SimulatorOptions,
  ToolCallStyle,
} from './simulator-types';
export { EMBEDDING_MODELS, deterministicEmbedding } from './handle-embeddings';
