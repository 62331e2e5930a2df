import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NotesRun } from '../block-source';
import { labEnvironment } from '../lab-environment';
import { consoleText, runShownCommand, startShownCommand, type RunningShownCommand } from '../shown-command';

/** How often a shown `up --wait` runs before a container reported unhealthy stands (see ComposeLab.shownUp). */
const UP_ATTEMPTS = 3;
/** The server's health probe interval (docker-compose.yml): one more probe has run after this long. */
const HEALTH_INTERVAL_MS = 5000;

/** What the student's default compose project is called, and what the notes show. */
const SHOWN_PROJECT = 'charcount-lab';
const SHOWN_TAG = 'latest';
/** The capture file name the notes tell the student to use; others they show are named lab-SOMETHING.pcap. */
export const SHOWN_PCAP = 'lab.pcap';
const SHOWN_PCAP_NAMES = /\blab(?:-[\w]+)?\.pcap\b/g;

/** Lines programs in the containers write to stderr: tcpdump's before its output, the client's closing line after it. */
const STDERR_FIRST = /^reading from file /;
const STDERR_LAST = /^charcount-client: (?!running )/;

/**
 * `docker compose run` passes a container's stdout and stderr on as two streams, so their
 * lines reach the terminal in either order from run to run. The notes show them in the order
 * the program writes them (tcpdump's header first; the client's line about a lost server after
 * its transcript, before the shell's `exit code N`), and the check puts both texts in that
 * order before comparing.
 */
export function inProgramOrder(text: string): string {
  const groups: string[][] = [[]];
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ') || line.startsWith('```')) groups.push([line], []);
    else groups.at(-1)!.push(line);
  }
  return groups
    .map((lines) => {
      const exit = lines.at(-1)?.startsWith('exit code ') ? lines.slice(-1) : [];
      const body = lines.slice(0, lines.length - exit.length);
      const rest = body.filter((line) => !STDERR_FIRST.test(line) && !STDERR_LAST.test(line));
      return [...body.filter((line) => STDERR_FIRST.test(line)), ...rest, ...body.filter((line) => STDERR_LAST.test(line)), ...exit];
    })
    .flat()
    .join('\n');
}

/**
 * The lab's compose project, run under private names (project, image tag, pcap file, any
 * host port) so that generating the notes never touches a student's or a test's lab. Commands
 * run as shown, with only those names swapped in; outputs show the student's names again.
 */
export class ComposeLab {
  private readonly project: string;
  private readonly tag: string;
  /** Put before each capture file name the notes show, so every capture of this run has a private file. */
  private readonly pcapPrefix: string;

  constructor(private readonly run: NotesRun) {
    const id = `${process.pid}-${Date.now().toString(36)}`;
    this.project = `charcount-notes-${id}`;
    this.tag = `notes-${id}`;
    this.pcapPrefix = `notes-pcap-${id}-`;
  }

  private get environment(): Record<string, string> {
    // LAB_SUBNET blank: the notes show the default network, charcount-lab_lab, whatever a .env says.
    return labEnvironment({ COMPOSE_PROJECT_NAME: this.project, LAB_IMAGE_TAG: this.tag, HOST_PORT: '0', LAB_SUBNET: '', CAPTURE_FILE: `${this.pcapPrefix}${SHOWN_PCAP}` });
  }

  private private(command: string): string {
    return command.replace(SHOWN_PCAP_NAMES, (name) => `${this.pcapPrefix}${name}`).replaceAll(`${SHOWN_PROJECT}_`, `${this.project}_`);
  }

  /** Output as the student sees it. */
  shown(text: string): string {
    return inProgramOrder(text.replaceAll(this.project, SHOWN_PROJECT).replaceAll(this.pcapPrefix, '').replaceAll(this.tag, SHOWN_TAG));
  }

  /** Runs a command the notes show; fails unless it exits with `expectedExit`. */
  async shell(command: string, expectedExit = 0, timeoutMs = 120_000): Promise<string> {
    const result = await runShownCommand(this.private(command), { root: this.run.root, env: this.environment, timeoutMs });
    if (result.exitCode !== expectedExit) {
      throw new Error(`\`${command}\` exited ${result.exitCode} (expected ${expectedExit}):\n${this.shown(result.output)}`);
    }
    return this.shown(result.output);
  }

  /** A console block line: the command as shown, then its output. */
  async shownCommand(command: string, expectedExit = 0): Promise<string> {
    return consoleText(command, await this.shell(command, expectedExit));
  }

  /**
   * A shown `docker compose up --wait`. The server's health probe is a Node program with a 3 s
   * timeout (docker-compose.yml); on a machine loaded far beyond its cores (a load of 32 on 2
   * was seen here) it can miss every probe of the start, and Compose reports the running
   * server unhealthy. That report, and only that one, is retried, at most twice, one probe
   * interval later.
   */
  async shownUp(command: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.shownCommand(command);
      } catch (error) {
        if (attempt === UP_ATTEMPTS || !/ is unhealthy\s*$/m.test((error as Error).message)) throw error;
        this.run.progress(`\`${command}\` found a container unhealthy (its health probe timed out on this loaded machine); running it again`);
        await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
      }
    }
  }

  start(command: string): RunningShownCommand {
    return startShownCommand(this.private(command), { root: this.run.root, env: this.environment, timeoutMs: 120_000 });
  }

  /** The id of the service's container (a one-off `run` container is not one). */
  async containerId(service: string): Promise<string> {
    const id = (await this.shell(`docker compose ps -q ${service}`)).trim();
    if (!/^[0-9a-f]{12,64}$/.test(id)) throw new Error(`docker compose ps -q ${service} printed no single container id: ${id}`);
    return id;
  }

  /** Removes the project's containers, network and image tags, and its pcaps. Never throws. */
  async remove(): Promise<void> {
    await this.shell('docker compose --progress quiet --profile capture down --rmi all --volumes --remove-orphans --timeout 5').catch((error: Error) =>
      this.run.progress(`cleaning up failed: ${error.message}`),
    );
    const captures = join(this.run.root, 'captures');
    const files = existsSync(captures) ? readdirSync(captures) : [];
    for (const file of files.filter((name) => name.startsWith(this.pcapPrefix))) rmSync(join(captures, file), { force: true });
  }
}
