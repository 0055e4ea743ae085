/** One resolved address of a host name. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (tests inject one that maps names to chosen addresses). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Settings of `createNodeImageFetcher`, from the composition root. */
export interface NodeImageFetcherSettings {
  /** Config `allow_private_image_urls`: also fetch from loopback and private networks (never cloud metadata). */
  allowPrivateAddresses?: boolean;
  /** The whole download, redirects included; default 15 s. */
  timeoutMs?: number;
  /** Redirect hops followed, each checked like the first URL; default 3. */
  maxRedirects?: number;
  /** Name resolution; default the system resolver (`dns.lookup`, every address). */
  resolve?: HostResolver;
  /**
   * A CA bundle (PEM) trusted for `https` image hosts *in addition to* Node's public roots; the composition root
   * passes `cert_path`'s bundle (a lab's internal image host is usually signed by the lab CA AskSage's is). Built
   * into one TLS context when the fetcher is created.
   */
  caCertificate?: string;
}
