import { spawnTs } from './child-process.ts';

/** The account `createAdmin` makes: the CLI takes a name and an email, the role is admin. */
export interface AdminAccount {
  email: string;
  displayName: string;
}

/**
 * Runs `npm run admin:create` (server/src/cli/admin-create.ts) with the password on stdin, as an
 * installer's script would, against the database that DATABASE_URL in `env` names. Resolves true
 * when the admin was created and false when the database already has that account (a demo that
 * starts again on its own database); rejects with the CLI's output on any other failure.
 */
export function createAdmin(
  admin: AdminAccount,
  password: string,
  env: NodeJS.ProcessEnv,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(
      'server/src/cli/admin-create.ts',
      ['--email', admin.email, '--name', admin.displayName, '--password-stdin'],
      env,
      { stdin: 'pipe' },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin?.end(`${password}\n`);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(true);
      else if (/already/i.test(output)) resolve(false);
      else reject(new Error(`admin:create failed: ${output.trim()}`));
    });
  });
}
