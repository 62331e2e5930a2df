/**
 * Whether a source file starts a TCP server, read from its text alone (pure): what a student's
 * server does whatever it is called. Comments are left out first, so a line commented out
 * never counts; a client (connect() and no listen) never does either.
 */

export type SourceLanguage = 'python' | 'node' | 'java' | 'c';

const EXTENSIONS: Record<string, SourceLanguage> = {
  '.py': 'python',
  '.pyw': 'python',
  '.ipynb': 'python',
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.java': 'java',
  '.c': 'c',
  '.cc': 'c',
  '.cpp': 'c',
  '.cxx': 'c',
};

/** The language of a file by its extension (any case), or null for a file that is not source code. */
export function languageOf(path: string): SourceLanguage | null {
  const dot = path.lastIndexOf('.');
  if (dot <= path.lastIndexOf('/')) return null;
  return EXTENSIONS[path.slice(dot).toLowerCase()] ?? null;
}

/** A name a student gives a client: never the server, whatever it holds. */
export function isClientName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /client|klien/i.test(base);
}

export function startsTcpServer(language: SourceLanguage, text: string): boolean {
  const code = withoutComments(language, text.replace(/^\uFEFF/, ''));
  switch (language) {
    case 'python':
      return (
        (/\.bind\s*\(/.test(code) && /\.(listen|accept)\s*\(/.test(code)) ||
        /\b(socketserver\.)?(ThreadingTCPServer|ForkingTCPServer|TCPServer)\s*\(/.test(code) ||
        /\b(asyncio\.)?start_server\s*\(/.test(code) ||
        /\.create_server\s*\(/.test(code) ||
        /\bsocket\.create_server\s*\(/.test(code)
      );
    case 'node':
      return /\bcreateServer\s*\(/.test(code) && /\.listen\s*\(/.test(code) && /['"](node:)?net['"]/.test(code);
    case 'java':
      return /\bnew\s+ServerSocket\s*\(/.test(code) || /\bServerSocketChannel\s*\.\s*open\s*\(/.test(code);
    case 'c':
      return /\bbind\s*\(/.test(code) && /\blisten\s*\(/.test(code);
  }
}

function withoutComments(language: SourceLanguage, text: string): string {
  if (language === 'python') return text.replace(/(^|[^'"\\])#.*$/gm, '$1');
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}
