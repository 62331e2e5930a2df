/**
 * Every command the lab notes show is one a student can paste from the repository root: the
 * files it names exist, the npm scripts and compose profiles it uses are defined, and the
 * client and server subcommands and flags it passes are ones they accept. (The commands
 * inside generated blocks are also run for real by notes:generate and notes:check.)
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const NOTES = join(ROOT, 'lab-notes');

const pages = readdirSync(NOTES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md'));

/** Commands in ```sh and ```console blocks and in inline code that starts like a command. */
function commandsOf(markdown: string): string[] {
  const commands: string[] = [];
  for (const [, language, body] of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const lines = body!.split('\n');
    if (language === 'sh') commands.push(...lines.filter((line) => line.trim() !== '' && !line.startsWith('#')));
    if (language === 'console') commands.push(...lines.filter((line) => line.startsWith('$ ')).map((line) => line.slice(2)));
  }
  for (const [, code] of markdown.matchAll(/`((?:node dist|docker compose|npm run|python3 lab-notes|npx ts-node)[^`]*)`/g)) commands.push(code!);
  return commands.map((command) => command.replace(/\s+#.*$/, '').trim());
}

const packageScripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const composeProfiles = [...compose.matchAll(/profiles: \[(\w+)\]/g)].map((match) => match[1]);
const composeServices = [...compose.matchAll(/^ {2}(\w+):$/gm)].map((match) => match[1]);

const shown = pages.flatMap((page) => commandsOf(readFileSync(join(NOTES, page), 'utf8')).map((command) => ({ page, command })));

describe('commands shown in the lab notes', () => {
  it('there are commands to check on every page that shows some', () => {
    expect(shown.length).toBeGreaterThan(30);
  });

  it.each(shown)('$page: $command names only files that exist', ({ command }) => {
    const paths = command.match(/(?:^|\s|=)((?:lab-notes|dist|tools|notes-generator|server|client|protocol)\/[\w./-]+)/g) ?? [];
    for (const raw of paths) {
      const path = raw.trim().replace(/^=/, '');
      if (path.includes('$') || path.includes('YOUR-')) continue;
      const source = path.startsWith('dist/') ? path.replace(/^dist\//, '').replace(/\.js$/, '.ts') : path;
      expect(existsSync(join(ROOT, source)), `${path} (from \`${command}\`)`).toBe(true);
    }
  });

  it.each(shown.filter(({ command }) => /\bnpm run\b/.test(command)))('$page: $command runs a defined npm script', ({ command }) => {
    for (const [, script] of command.matchAll(/npm run ([\w:-]+)/g)) expect(packageScripts, command).toContain(script);
  });

  it.each(shown.filter(({ command }) => /^docker compose\b/.test(command)))('$page: $command uses profiles and services the compose file defines', ({ command }) => {
    for (const [, profile] of command.matchAll(/--profile (\w+)/g)) expect(composeProfiles, command).toContain(profile);
    for (const [, service] of command.matchAll(/\b(?:run --rm|stop|start|exec|logs)(?: -\w+)* (\w+)/g)) expect(composeServices, command).toContain(service);
  });

  it.each(shown.filter(({ command }) => /^node dist\/(client|server)\/main\.js\b/.test(command)))('$page: $command passes only options the program documents', ({ command }) => {
    const program = /dist\/(client|server)/.exec(command)![1]!;
    const usage = readFileSync(join(ROOT, program, program === 'client' ? 'client-options.ts' : 'config.ts'), 'utf8');
    for (const [, flag] of command.matchAll(/\s--([a-z-]+)/g)) expect(usage, `--${flag} in \`${command}\``).toMatch(new RegExp(`['\`-]${flag}\\b`));
  });
});
