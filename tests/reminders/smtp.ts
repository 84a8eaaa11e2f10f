// A real SMTP server (smtp-server) for the tests: it receives what Sciezka sends and reads it back
// (headers, the decoded plain-text and HTML parts). It can be told to reject messages with a code.
import { SMTPServer } from 'smtp-server';
import { onTeardown } from '../helpers/teardown';

export interface Received {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtp {
  url: string;
  messages: Received[];
  /** Messages to one address, in arrival order. */
  to(address: string): Received[];
  /** Answer the next DATA commands with this code (e.g. 550) instead of accepting. */
  rejectWith: number | null;
}

export async function testSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: '',
    messages: [],
    to: (a) => state.messages.filter((m) => m.to.includes(a)),
    rejectWith: null,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.rejectWith) {
          const err = Object.assign(new Error('rejected by the test server'), { responseCode: state.rejectWith });
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        state.messages.push({ ...parse(raw), to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  state.url = `smtp://127.0.0.1:${port}`;
  onTeardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return state;
}

// ---- a minimal MIME reader, enough for what nodemailer writes --------------------------------------

function splitHeaders(part: string): { headers: Map<string, string>; body: string } {
  const cut = part.indexOf('\r\n\r\n');
  const head = part.slice(0, cut).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body: part.slice(cut + 4) };
}

function qp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  const decoded = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? qp(body) : body;
  return decoded.replace(/\r\n/g, '\n');
}

/** RFC 2047 encoded words: =?UTF-8?Q?...?= and =?UTF-8?B?...?=. */
function decodeWords(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
    );
}

function parse(raw: string): Omit<Received, 'to' | 'raw'> {
  const { headers, body } = splitHeaders(raw);
  const parts: Array<{ type: string; text: string }> = [];
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const p = splitHeaders(chunk.replace(/^\r\n/, ''));
      parts.push({ type: p.headers.get('content-type') ?? '', text: decodeBody(p.body, p.headers.get('content-transfer-encoding')) });
    }
  } else parts.push({ type, text: decodeBody(body, headers.get('content-transfer-encoding')) });
  return {
    messageId: headers.get('message-id') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.text ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.text ?? '',
  };
}
