// Asks for other credentials on the terminal, without echoing the password. Nothing is stored.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export async function promptCredential(): Promise<{ userName: string; password: string }> {
  if (!process.stdin.isTTY) throw new Error('--credential needs a terminal to ask for the password');
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      rl.question(question, resolve);
    });
  try {
    const userName = await ask('User name (DOMAIN\\user): ');
    process.stderr.write('Password: ');
    muted = true;
    const password = await ask('');
    muted = false;
    process.stderr.write('\n');
    return { userName: userName.trim(), password };
  } finally {
    rl.close();
  }
}
