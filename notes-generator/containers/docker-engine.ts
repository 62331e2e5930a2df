import { execFile } from 'node:child_process';
import { request, type IncomingMessage } from 'node:http';
import { promisify } from 'node:util';

/**
 * The Docker Engine API, over the unix socket the docker CLI itself uses. The shutdown blocks
 * need a stop to land within a moment of the session they show (a message that takes 2 s to
 * arrive), and a CLI run before it would spend that moment starting up: 0.2 s on a quiet
 * machine, 1.5 to 2 s on a loaded 2-core one, plus the same again for each look at the log.
 * Here the log is followed as Docker writes it, and the stop or kill is the one request the
 * shown `docker compose stop` or `kill` makes, sent in milliseconds.
 */
export class DockerEngine {
  private constructor(private readonly socketPath: string) {}

  /** The endpoint of the docker CLI's current context (DOCKER_HOST included). */
  static async ofCurrentContext(): Promise<DockerEngine> {
    const { stdout } = await promisify(execFile)('docker', ['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}']);
    const host = stdout.trim();
    if (!host.startsWith('unix://')) {
      throw new Error(`the shutdown blocks talk to Docker through its unix socket, but the docker context's endpoint is ${host}; generate them with a local Docker (a unix:// endpoint)`);
    }
    return new DockerEngine(host.slice('unix://'.length));
  }

  /** Resolves once the container's log (stdout and stderr, from its start) contains `text`. */
  waitForLog(containerId: string, text: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const call = request({ socketPath: this.socketPath, method: 'GET', path: `/containers/${containerId}/logs?follow=1&stdout=1&stderr=1` });
      const timer = setTimeout(() => finish(new Error(`the container did not log "${text}" within ${timeoutMs / 1000} s; its log:\n${logText()}`)), timeoutMs);
      // Each log line is one frame (an 8-byte header, then the line), so a line's text is never split by a header.
      const logText = (): string => Buffer.concat(chunks).toString('utf8');
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        call.destroy();
        if (error) reject(error);
        else resolve();
      };
      call.on('response', (response: IncomingMessage) => {
        if (response.statusCode !== 200) {
          finish(new Error(`Docker answered ${response.statusCode} to following the log of container ${containerId}`));
          return;
        }
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (logText().includes(text)) finish();
        });
        response.on('end', () => finish(new Error(`the container stopped before it logged "${text}"; its log:\n${logText()}`)));
      });
      call.on('error', (error) => finish(new Error(`cannot follow the log of container ${containerId}: ${error.message}`)));
      call.end();
    });
  }

  /**
   * What `docker compose stop` asks of Docker: the stop signal, then SIGKILL after the
   * container's own stop timeout (Compose creates it with the service's stop_grace_period);
   * resolves once the container has stopped.
   */
  stop(containerId: string): Promise<void> {
    return this.post(`/containers/${containerId}/stop`);
  }

  /** What `docker compose kill` asks of Docker: SIGKILL. */
  kill(containerId: string): Promise<void> {
    return this.post(`/containers/${containerId}/kill`);
  }

  private post(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const call = request({ socketPath: this.socketPath, method: 'POST', path }, (response) => {
        const body: Buffer[] = [];
        response.on('data', (chunk: Buffer) => body.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 204) resolve();
          else reject(new Error(`Docker answered ${response.statusCode} to POST ${path}: ${Buffer.concat(body).toString('utf8').trim()}`));
        });
      });
      call.on('error', (error) => reject(new Error(`cannot reach Docker for POST ${path}: ${error.message}`)));
      call.end();
    });
  }
}
