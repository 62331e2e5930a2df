import { CLIENT_ENVIRONMENT_VARIABLES } from '../../client/client-options';
import { SERVER_ENVIRONMENT_VARIABLES } from '../../server/config';

/**
 * Every environment variable the server or the client reads, built from their own lists so
 * it cannot drift from them, and NODE_OPTIONS, which could load code into either. The tests,
 * the soak script and the notes generator keep all of them away from the programs they start,
 * so a developer's shell or .env cannot change what those programs do.
 */
export const LAB_SETTING_VARIABLES: readonly string[] = [...SERVER_ENVIRONMENT_VARIABLES, ...CLIENT_ENVIRONMENT_VARIABLES, 'NODE_OPTIONS'];

/**
 * The one setting a run hands on to every server it starts: which mode the suite runs in.
 * Each vitest project that starts servers sets ACCELERATION itself (off for the plain server,
 * on for the accelerated one), which overrides whatever the shell had.
 */
const CHOSEN_FOR_THE_WHOLE_RUN = ['ACCELERATION'];

/** `env` without any lab setting: the program started with it sees only its defaults. */
export function withoutLabSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...env };
  for (const name of LAB_SETTING_VARIABLES) delete clean[name];
  return clean;
}

/**
 * Every lab setting set to nothing, for environments merged over a shell's (docker compose
 * reads `${REPLY_LANGUAGE:-}`, and dotenv never overrides a variable that is set, even to
 * nothing): blank means "the default".
 */
export function blankLabSettings(): Record<string, string> {
  return Object.fromEntries(LAB_SETTING_VARIABLES.map((name) => [name, '']));
}

/** The environment for a server the run starts: no lab setting but the mode the run chose (when it chose one). */
export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const chosen = CHOSEN_FOR_THE_WHOLE_RUN.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]);
  return { ...withoutLabSettings(env), ...Object.fromEntries(chosen) };
}
