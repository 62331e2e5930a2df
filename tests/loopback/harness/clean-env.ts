import { withoutLabSettings } from '../../support/lab-settings';

/** This process's environment without any server or client setting, plus `extra`: for the client and other programs. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...withoutLabSettings(process.env), ...extra };
}
