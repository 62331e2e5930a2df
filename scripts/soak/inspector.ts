/** Just enough of the Chrome DevTools protocol to ask the soaked server about itself: evaluate an expression, collect garbage. */
export class Inspector {
  private nextId = 1;
  private pending = new Map<number, (result: unknown) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? { error: message.error });
      if (message.id !== undefined) this.pending.delete(message.id);
    });
  }

  static connect(url: string): Promise<Inspector> {
    return new Promise((done, fail) => {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => done(new Inspector(socket)));
      socket.addEventListener('error', () => fail(new Error(`cannot reach the server's inspector at ${url}`)));
    });
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`inspector: no answer to ${method}`)), 30_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        done(result);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  async evaluate<T>(expression: string): Promise<T> {
    const result = (await this.call('Runtime.evaluate', { expression, returnByValue: true })) as { result?: { value?: T } };
    if (result.result === undefined) throw new Error(`inspector: cannot evaluate ${expression}: ${JSON.stringify(result)}`);
    return result.result.value as T;
  }

  close(): void {
    this.socket.close();
  }
}
