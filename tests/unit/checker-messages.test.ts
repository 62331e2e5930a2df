/**
 * What the checker says exists in both languages: every catalog text takes the same
 * parameters in English and Indonesian, every stage of both levels has a hint in both, and
 * every hint links a heading of the lab-notes page in the reader's language.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useColor } from '../../checker/cli/live-printer';
import { parseCheckOptions, usage } from '../../checker/cli/options';
import { formatFindingLines } from '../../checker/export';
import { ALL_STAGES } from '../../checker/stages';
import { CATALOGS } from '../../checker/messages/catalogs';
import { chooseHint, DIAGNOSIS_HINTS, notesBase, SECTIONS, stageHint, STAGE_HINTS } from '../../checker/messages/hints';
import { LANGUAGES } from '../../language';
import { anchorsOf } from '../support/markdown-anchors';
import { ROOT } from '../support/paths';

/** Calls a text with a parameter object that remembers which parameters the text read. */
function parametersRead(text: (p: Record<string, unknown>) => string): { read: string[]; result: unknown } {
  const read = new Set<string>();
  const params = new Proxy(
    {},
    {
      get: (_, name) => {
        read.add(String(name));
        return name === 'text' || name === 'reason' ? 'x' : 7;
      },
    },
  );
  return { read: [...read].sort(), result: text(params) };
}

describe('message catalogs', () => {
  for (const [name, catalog] of Object.entries(CATALOGS)) {
    it(`${name}: every text exists in both languages and reads the same parameters`, () => {
      for (const [key, entry] of Object.entries(catalog.entries)) {
        const en = parametersRead(entry.en as (p: Record<string, unknown>) => string);
        const id = parametersRead(entry.id as (p: Record<string, unknown>) => string);
        expect(typeof en.result, `${name}.${key}`).toBe('string');
        expect(typeof id.result, `${name}.${key}`).toBe('string');
        expect(id.read, `${name}.${key}`).toEqual(en.read);
        expect(id.result, `${name}.${key} is not translated`).not.toBe(en.result);
      }
    });
  }
});

describe('hints', () => {
  it('every stage of both levels has a hint in both languages, and no hint names a stage that does not exist', () => {
    expect(Object.keys(STAGE_HINTS).sort()).toEqual(ALL_STAGES.map((stage) => stage.id).sort());
    for (const hint of [...Object.values(STAGE_HINTS), ...Object.values(DIAGNOSIS_HINTS)]) {
      expect(hint.en).not.toBe('');
      expect(hint.id).not.toBe('');
      expect(hint.id).not.toBe(hint.en);
    }
  });

  it('every linked section is a heading of a lab-notes page in the reader\'s language', () => {
    const broken = Object.entries(SECTIONS).flatMap(([name, section]) =>
      LANGUAGES.flatMap((language) => {
        const [page = '', anchor] = section[language].split('#');
        if (language === 'id' !== page.startsWith('id/')) return [`${name}: ${section[language]} is not in the ${language} notes`];
        const file = join(ROOT, 'lab-notes', page);
        if (!existsSync(file)) return [`${name}: no page ${page}`];
        if (anchor !== undefined && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) return [`${name}: no heading #${anchor} in ${page}`];
        return [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('links resolve against the clone\'s lab-notes/ or the --notes-url base', () => {
    expect(stageHint('second-client', 'id', notesBase(null))).toEqual({
      text: 'letakkan accept() di dalam perulangan: server melayani client demi client, dan tidak pernah menutup socket yang mendengarkan',
      link: 'lab-notes/id/write-your-server.md#1-second-client-layani-lebih-dari-satu-client',
    });
    expect(stageHint('second-client', 'en', notesBase('https://lab.example/notes')).link).toBe(
      'https://lab.example/notes/write-your-server.md#1-second-client-serve-more-than-one-client',
    );
  });

  it('a diagnosis with its own fix replaces the stage\'s generic hint; others keep it', () => {
    const early = chooseHint('concurrent-clients', [{ code: 'answered-before-message', text: '…' }], 'en', 'lab-notes/');
    expect(early.text).not.toMatch(/thread/);
    expect(early.link).toBe('lab-notes/write-your-server.md#2-long-message-read-the-whole-message');
    expect(chooseHint('second-client', [{ code: 'exited-after-one-client', text: '…' }], 'id', 'lab-notes/')).toEqual(stageHint('second-client', 'id', 'lab-notes/'));
  });
});

describe('colour', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('is on at a terminal and off in a pipe when neither variable is set', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
  });
  it('FORCE_COLOR empty, 1, 2, 3 or true turns it on even in a pipe; 0 or false turns it off even at a terminal', () => {
    for (const value of ['', '1', '2', '3', 'true']) expect(useColor(pipe, { FORCE_COLOR: value }), value).toBe(true);
    for (const value of ['0', 'false']) expect(useColor(tty, { FORCE_COLOR: value }), value).toBe(false);
  });
  it('NO_COLOR set to anything but "" wins over FORCE_COLOR and a terminal; an empty NO_COLOR is ignored', () => {
    expect(useColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
  });
});

describe('the words around a report, in Indonesian', () => {
  it('--help and the trace\'s findings and hint', () => {
    expect(usage('id')).toMatch(/^cara pakai:\n/);
    expect(usage('id').split('\n').at(-1)).toMatch(/^tahap: listen, reply-text, /);
    expect(formatFindingLines([{ code: 'line-ending', text: 'balasan berakhir tanpa LF\n"abc"\n     ^' }], { text: 'akhiri dengan LF', link: 'lab-notes/id/protocol.md#balasan' }, 'id')).toEqual([
      'ditemukan: balasan berakhir tanpa LF',
      '  "abc"',
      '       ^',
      'petunjuk: akhiri dengan LF (lab-notes/id/protocol.md#balasan)',
    ]);
  });
});

describe('the compose check service\'s default submission', () => {
  const env = { CHARCOUNT_SUBMISSION: '/submission' };
  it('flags after "check" keep the mounted submission: --only, --seed, --level, --lang, --expected-reply', () => {
    const options = parseCheckOptions(['--only', 'shutdown', '--level', 'protocol', '--seed', '5', '--lang', 'en', '--expected-reply', 'Jumlah: {n}'], env);
    expect(options.target).toEqual({ kind: 'submission', dir: '/submission' });
    expect([options.only, options.level, options.seed, options.language, options.expectedReply]).toEqual([['shutdown'], 'protocol', 5, 'en', 'Jumlah: {n}']);
  });
  it('a target on the command line replaces it, and without the variable no target is still a usage error', () => {
    expect(parseCheckOptions(['--host', '10.0.0.5'], env).target).toEqual({ kind: 'host', host: '10.0.0.5' });
    expect(parseCheckOptions(['--', 'python3', 'server.py'], env).target).toEqual({ kind: 'command', command: ['python3', 'server.py'] });
    expect(() => parseCheckOptions(['--only', 'listen', '--lang', 'id'], {})).toThrow(
      'tidak ada yang diperiksa; berikan server Anda sebagai -- PERINTAH (misalnya -- python3 server.py), --host H, atau --submission FOLDER',
    );
  });
});
