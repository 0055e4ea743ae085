import { findInstalledDoc } from '../find-installed-docs';
/**
 * The demo banner: what is running, where, two curl commands to paste (whole and streamed with `-N`, which makes
 * curl print each SSE event as it arrives), an SDK snippet, and the next step: running with real keys.
 */
export function formatDemoBanner(url: string, model: string, version: string): string {
  const body = `{"model":"${model}","messages":[{"role":"user","content":"Hello from the demo"}]}`;
  const streamed = `{"model":"${model}","stream":true,"messages":[{"role":"user","content":"Hello from the demo"}]}`;
  return `
==================================================================
  asksage-proxy ${version} DEMO MODE
  Answers come from a built-in AskSage simulator: no key, no network,
  no tokens spent. Nothing here reaches the real AskSage.
==================================================================
  OpenAI base URL: ${url}/v1   (any API key works)

  Try it:
    curl ${url}/v1/chat/completions \\
      -H 'content-type: application/json' \\
      -d '${body}'

    curl -N ${url}/v1/chat/completions \\
      -H 'content-type: application/json' \\
      -d '${streamed}'

    curl ${url}/v1/models

  From Python (pip install openai):
    from openai import OpenAI
    client = OpenAI(base_url="${url}/v1", api_key="demo")
    print(client.chat.completions.create(model="${model}",
          messages=[{"role": "user", "content": "Hi"}]).choices[0].message.content)

  Next, with your own AskSage keys: run asksage-proxy without --demo for the guided
  setup (it writes ~/.config/asksage_proxy/config.yaml), or see ${findInstalledDoc('configuration.md')}.

  Press Ctrl-C to stop.
`;
}
