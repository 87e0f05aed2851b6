import { randomBytes } from 'node:crypto';

/** One WebSocket of this process, as the notifier sees it. */
export interface LocalSocket {
  /** Sends one text frame; false when the socket is closed (the connection is gone). */
  send(data: string): Promise<boolean>;
  /** Closes the socket (its session ended); the gateway then runs `$disconnect` as for any close. */
  close(): void;
}

/**
 * The WebSockets this lab process holds, by connection id. Connection ids look like API Gateway's (16
 * characters) and start with this process's tag, so a replica knows which connections are its own: one of
 * its own that it does not hold is gone; anyone else's is handed to the other replicas (LISTEN/NOTIFY).
 */
export class LocalConnectionRegistry {
  /** 6 random bytes, base64url: 8 characters, unique per process start. */
  readonly replicaTag = randomBytes(6).toString('base64url');
  private readonly sockets = new Map<string, LocalSocket>();

  newConnectionId(): string {
    return `${this.replicaTag}${randomBytes(6).toString('base64url')}`;
  }

  isOwn(connectionId: string): boolean {
    return connectionId.startsWith(this.replicaTag);
  }

  add(connectionId: string, socket: LocalSocket): void {
    this.sockets.set(connectionId, socket);
  }

  remove(connectionId: string): void {
    this.sockets.delete(connectionId);
  }

  get(connectionId: string): LocalSocket | undefined {
    return this.sockets.get(connectionId);
  }

  get size(): number {
    return this.sockets.size;
  }

  ids(): string[] {
    return [...this.sockets.keys()];
  }
}
