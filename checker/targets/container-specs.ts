/**
 * The two kinds of container a --submission check creates, and the limits they run under.
 *
 * The probe container (the checker's own image, running the probe agent) has no network but
 * its loopback and owns the network and process namespaces. The student's server runs in a
 * container that joins them (NetworkMode and PidMode container:<probe>), so the probes reach
 * a server bound to localhost, restarts keep the namespace, the submission has no way out,
 * and it cannot outlive the agent. That container's main process is the supervisor
 * (program-supervisor.ts), which starts the image's own command for each run.
 */
import type { ContainerCreateOptions } from 'dockerode';

/** On every container a check creates, with the check's run id: how cleanup (and a grader) finds them. */
export const CHECK_LABEL = 'org.charcount-lab.check';

/**
 * The student's server runs as this uid:gid whatever its Dockerfile says (USER root, or no
 * USER at all, which is root): without user namespaces, root in a container is root on the
 * host's kernel, one bug or mistaken mount away from the host. Its files are root's and
 * read-only to it, and it owns nothing outside the /tmp tmpfs.
 */
export const SUBMISSION_USER = '10001:10001';

export interface SubmissionLimits {
  /** Memory of the server container, /tmp included; no swap beyond it. */
  memoryBytes: number;
  /** Processes and threads (a fork bomb stops here). */
  pids: number;
  /** CPUs the server may use, e.g. 0.5 (several graded at once each get their share). */
  cpus: number;
  /** Size of the writable /tmp (it counts toward memoryBytes). */
  tmpBytes: number;
  /** How long the image build may take. */
  buildTimeoutMs: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: SubmissionLimits = {
  memoryBytes: 256 * MIB,
  pids: 64,
  cpus: 1,
  tmpBytes: 16 * MIB,
  buildTimeoutMs: 300_000,
};

/** The probe agent holds at most a few replies and a 1 MiB message in base64. */
const PROBE_MEMORY_BYTES = 256 * MIB;
const PROBE_PIDS = 32;

const PROBE_AGENT_COMMAND = ['node', '/app/dist/checker/probe/agent.js'];

/**
 * The containers' host name, which resolves to their loopback as a laptop's own name resolves
 * to one of its addresses: a server that binds socket.gethostname() (or its address) listens
 * where the probes connect. The server's container shares it with the probe container, whose
 * network namespace (and /etc/hosts) it joins.
 */
const CONTAINER_HOSTNAME = 'charcount-check';

const HARDENING = {
  ReadonlyRootfs: true,
  CapDrop: ['ALL'],
  SecurityOpt: ['no-new-privileges:true'],
  // Output arrives over attach; nothing is written to the daemon's disk (endless output fills no log).
  LogConfig: { Type: 'none', Config: {} },
  // The checker waits for the exit code, then removes the container itself.
  AutoRemove: false,
};

export function probeContainerSpec(image: string, labels: Record<string, string>): ContainerCreateOptions {
  return {
    Image: image,
    Entrypoint: PROBE_AGENT_COMMAND,
    Cmd: [],
    User: 'node',
    Hostname: CONTAINER_HOSTNAME,
    Labels: labels,
    // The agent's requests on stdin, its answers on stdout. StdinOnce: when the checker goes
    // away, stdin ends and so does the agent.
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      ...HARDENING,
      NetworkMode: 'none',
      ExtraHosts: [`${CONTAINER_HOSTNAME}:127.0.0.1`],
      // Containers get IPv6 off even on loopback; on, a server bound to ::1 (localhost on some
      // systems) works as on a workstation. Namespaced: the host's setting is not touched.
      Sysctls: { 'net.ipv6.conf.lo.disable_ipv6': '0' },
      Memory: PROBE_MEMORY_BYTES,
      MemorySwap: PROBE_MEMORY_BYTES,
      PidsLimit: PROBE_PIDS,
    },
  };
}

export function serverContainerSpec(options: {
  image: string;
  probeContainerId: string;
  port: number;
  limits: SubmissionLimits;
  labels: Record<string, string>;
  /** The supervisor's entrypoint, which takes its orders on stdin; without it the image's own command runs as the main process. */
  supervisor?: string[];
}): ContainerCreateOptions {
  const { limits, supervisor } = options;
  return {
    Image: options.image,
    ...(supervisor && { Entrypoint: supervisor, Cmd: [], OpenStdin: true, StdinOnce: true, AttachStdin: true }),
    User: SUBMISSION_USER,
    Env: [`PORT=${options.port}`],
    Labels: options.labels,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      ...HARDENING,
      NetworkMode: `container:${options.probeContainerId}`,
      // The probe agent is PID 1 of this namespace, and the kernel kills every process in it
      // when PID 1 ends: if the checker dies without cleaning up, the agent's stdin ends, it
      // exits, and the server goes with it. Nothing of a check is left running. (The server
      // can see the agent in ps, but as another uid without capabilities it cannot touch it.)
      PidMode: `container:${options.probeContainerId}`,
      Tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=${limits.tmpBytes},mode=1777` },
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      PidsLimit: limits.pids,
      NanoCpus: Math.round(limits.cpus * 1e9),
    },
  };
}
