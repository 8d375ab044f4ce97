/**
 * Real receivers on loopback for notification tests: an SMTP server (smtp-server) that keeps every
 * message as parsed (mailparser), and an HTTP webhook receiver whose answer the test chooses.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (what the SMTP server was asked to deliver to). */
  to: string[];
  subject: string;
  messageId: string;
  notificationId: string;
  event: string;
  text: string;
  html: string;
}

export interface MailSink {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** An SMTP server on a free loopback port; `user:secret` is accepted, as is no login. */
export async function startMailSink(): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'user' && auth.password === 'secret') return callback(null, { user: 'user' });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            messageId: parsed.messageId ?? '',
            notificationId: String(parsed.headers.get('promo-notification-id') ?? ''),
            event: String(parsed.headers.get('promo-event') ?? ''),
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedWebhook[];
  /** What the next requests are answered with (default 200). */
  answer: (request: ReceivedWebhook) => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    requests: [],
    answer: () => 200,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedWebhook = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: 0,
      };
      request.status = receiver.answer(request);
      receiver.requests.push(request);
      res.writeHead(request.status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}/hooks/promo-secret-path`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** Runs worker passes until `done` holds (bounded, so a broken worker fails the test instead of hanging). */
export async function passUntil(
  pass: () => Promise<unknown>,
  done: () => boolean | Promise<boolean>,
  maxPasses = 500,
): Promise<void> {
  for (let i = 0; i < maxPasses; i++) {
    if (await done()) return;
    await pass();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (!(await done())) throw new Error(`not done after ${maxPasses} worker passes`);
}
