/**
 * `npm run admin:create -- --email a@b.org --name "Amal Ben Salah" [--password-stdin]`
 *
 * Creates an admin account in the database named by DATABASE_URL (migrating it first), for the
 * first sign-in of a fresh installation. The password is read from stdin with --password-stdin
 * (for scripts), otherwise asked twice at the terminal without echo.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ProtocolError, CreateUserSchema, describeZodError } from '@remotelab/protocol';
import { ConfigError, readServerConfig } from '../config.ts';
import { openDatabase } from '../db/open-database.ts';
import { createAccount } from '../users/create-account.ts';
import { scryptParams } from '../platform-services.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  // readline echoes what is typed to its output: give it one that swallows everything, so the
  // password never appears (the prompt was written to stdout above).
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  let password: string;
  if (values['password-stdin']) password = await readStdin();
  else if (process.stdin.isTTY) {
    password = await askHidden('Password: ');
    if ((await askHidden('Again: ')) !== password) {
      process.stderr.write('The two passwords differ.\n');
      return 1;
    }
  } else {
    process.stderr.write('No terminal to ask the password on: pipe it with --password-stdin.\n');
    return 1;
  }
  const input = CreateUserSchema.safeParse({
    email: values.email,
    displayName: values.name,
    role: 'admin',
    password,
  });
  if (!input.success) {
    process.stderr.write(
      `${describeZodError(input.error)}\nUsage: npm run admin:create -- --email a@b.org --name "Full Name" [--password-stdin]\n`,
    );
    return 1;
  }
  const config = readServerConfig();
  const logger = pino({ name: 'admin-create', level: 'warn' });
  const storage = await openDatabase(config.databaseUrl, logger);
  try {
    const user = await createAccount(storage.db, input.data, scryptParams(config), logger);
    process.stdout.write(
      `Admin ${user.email} created (id ${user.id}). Sign in at ${config.publicUrl}.\n`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ProtocolError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`admin:create failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
