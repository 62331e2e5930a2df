/**
 * lab-notes/socket-lifecycle.md maps each call of the classic Python program to the code of
 * charcount-server that does that step instead. This keeps the table true: each row's linked
 * line lies in the function the row names, and a real session with the plain server
 * (ACCELERATION=off, the server students read) calls every one of those functions.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { blockForPage } from '../../notes-generator/notes-pages';
import { findGeneratedBlocks } from '../../notes-generator/generated-blocks';
import { LIFECYCLE_STEPS, socketLifecycleBlocks, type LifecycleStep } from '../../notes-generator/sources/socket-lifecycle';
import { LOOPBACK, ROOT } from './harness';

/** The compiled modules the server runs (`npm test` builds first), loaded once so the spies and the server share them. */
function compiled(file: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return file.startsWith('node:') ? require(file) : require(join(ROOT, 'dist', file.replace(/\.ts$/, '.js')));
}

/** `Class.method`, `object.method` or `function` of a module, as the object and key a spy replaces. */
function spyTarget(module: Record<string, unknown>, symbol: string): { target: Record<string, unknown>; key: string } {
  const [owner, key] = symbol.includes('.') ? symbol.split('.') : [undefined, symbol];
  if (owner === undefined) return { target: module, key };
  const value = module[owner] as Record<string, unknown> | ((...args: unknown[]) => unknown);
  const target = typeof value === 'function' ? (value.prototype as Record<string, unknown>) : value;
  return { target, key };
}

function watched(step: LifecycleStep): string {
  return step.watch ?? `${step.file} ${step.runs}`;
}

/** Lines [first, last] (1-based) of the declaration `symbol` in `file`, or undefined when the file has none. */
function declarationLines(file: string, symbol: string): [number, number] | undefined {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const [owner, member] = symbol.includes('.') ? symbol.split('.') : [undefined, symbol];
  const lines = (node: ts.Node): [number, number] => [
    source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    source.getLineAndCharacterOfPosition(node.getEnd()).line + 1,
  ];
  const named = (node: ts.Node, name: string): boolean =>
    (ts.isMethodDeclaration(node) || ts.isPropertyAssignment(node) || ts.isFunctionDeclaration(node)) && node.name?.getText(source) === name;
  let found: [number, number] | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (owner === undefined && named(node, member)) found = lines(node);
    if (owner !== undefined && ts.isClassDeclaration(node) && node.name?.text === owner) {
      const match = node.members.find((m) => (member === 'constructor' ? ts.isConstructorDeclaration(m) : named(m, member)));
      if (match) found = lines(match);
    }
    if (owner !== undefined && ts.isVariableDeclaration(node) && node.name.getText(source) === owner && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      const match = node.initializer.properties.find((p) => named(p, member));
      if (match) found = lines(match);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function linkedLine(step: LifecycleStep): number {
  return readFileSync(join(ROOT, step.file), 'utf8').split('\n').findIndex((line) => step.line.test(line)) + 1;
}

describe('the socket lifecycle table (lab-notes/socket-lifecycle.md)', () => {
  it('on both pages links the lines the code has now (an edit above a linked line moves it: npm run notes:generate -- --only socket-lifecycle)', async () => {
    const fresh = (await socketLifecycleBlocks.produce({ root: ROOT, filesDir: ROOT, progress: () => undefined })).get('socket-lifecycle')!;
    for (const page of ['socket-lifecycle.md', 'id/socket-lifecycle.md']) {
      const committed = findGeneratedBlocks(readFileSync(join(ROOT, 'lab-notes', page), 'utf8'), page).find((block) => block.name === 'socket-lifecycle');
      expect(committed?.text.trim(), page).toBe(blockForPage(fresh, page).trim());
    }
  });

  for (const step of LIFECYCLE_STEPS) {
    it(`the row for ${step.classic.en} links a line inside ${step.file} ${step.runs}`, () => {
      const line = linkedLine(step);
      expect(line, `${step.file} has a line matching ${step.line}`).toBeGreaterThan(0);
      const range = declarationLines(step.file, step.runs);
      expect(range, `${step.file} declares ${step.runs}`).toBeDefined();
      expect(line).toBeGreaterThanOrEqual(range![0]);
      expect(line).toBeLessThanOrEqual(range![1]);
    });
  }

  describe('one real session with the plain server calls the function of every row', () => {
    const spies = new Map<string, MockInstance>();
    /** Calls counted right after the session (vitest clears spies' records between tests). */
    const calls = new Map<string, number>();
    let reply = '';

    beforeAll(async () => {
      for (const step of LIFECYCLE_STEPS) {
        const [file, symbol] = watched(step).split(' ');
        const { target, key } = spyTarget(compiled(file), symbol);
        spies.set(watched(step), vi.spyOn(target as Record<string, (...args: unknown[]) => unknown>, key));
      }
      const { CharCountServer } = compiled('server/charcount-server.ts') as typeof import('../../server/charcount-server');
      const { parseServerConfig } = compiled('server/config.ts') as typeof import('../../server/config');
      const { Logger } = compiled('server/logger.ts') as typeof import('../../server/logger');
      const { PLAIN_SEAMS } = compiled('server/seams.ts') as typeof import('../../server/seams');
      const { config } = parseServerConfig(['--port', '0', '--host', LOOPBACK, '--log-level', 'info'], {});
      const log = new PassThrough();
      log.resume();
      const server = new CharCountServer(config, new Logger('info', 'text', log), PLAIN_SEAMS);
      const { port } = (await server.listen()) as AddressInfo;
      const client = connect(port, LOOPBACK);
      client.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
      await once(client, 'connect');
      client.end('Halo dunia\n');
      await once(client, 'end');
      client.destroy();
      await server.shutdown('the session is over');
      for (const [name, spy] of spies) calls.set(name, spy.mock.calls.length);
    });

    afterAll(() => {
      for (const spy of spies.values()) spy.mockRestore();
    });

    it('the client got its reply and the server ended the connection', () => {
      expect(reply).toBe('Jumlah karakter dalam kalimat tersebut adalah 10\n');
    });

    for (const step of LIFECYCLE_STEPS) {
      it(`${watched(step)} ran (the row for ${step.classic.en})`, () => {
        expect(calls.get(watched(step)), `${watched(step)} was called`).toBeGreaterThan(0);
      });
    }
  });
});
