import type { UserInfo } from '../security/bearer-token';

/** An HTTP request as the Kubernetes handlers see it, independent of the HTTP framework. */
export interface KubeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body?: Buffer;
  /** Who the request acts as: the authenticated user, or the one it impersonates. */
  user: UserInfo;
  /** The authenticated user's name when the request impersonates another (kubectl `--as`). */
  impersonator?: string;
  correlationId: string;
}

/** A complete response, or a stream of watch events. */
export type KubeResponse =
  | { kind: 'body'; status: number; contentType: string; body: string; headers?: Record<string, string> }
  | { kind: 'stream'; contentType: string; open(sink: StreamSink): Promise<() => void> };

export interface StreamSink {
  write(chunk: string): void;
  end(): void;
}
