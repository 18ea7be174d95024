// The `northstar` command: builds the program from one file per verb and runs it.
import { Command, CommanderError } from 'commander';

/** Build the CLI program; each verb registers itself from its own file. */
export async function buildProgram(): Promise<Command> {
  const program = new Command('northstar')
    .description('Northstar: open-source customer-experience platform')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const verbs = [
    // one line per verb file; each exports `register(program)`
    import('./analyze.js'),
    import('./serve.js'),
    import('./migrate.js'),
    import('./admin.js'),
    import('./apikey.js'),
    import('./demo.js'),
    import('./text.js'),
    import('./import.js'),
    import('./backup.js'),
    import('./prove.js'),
    import('./retention.js'),
  ] as Array<Promise<{ register: (p: Command) => void }>>;
  for (const verb of await Promise.all(verbs)) verb.register(program);
  return program;
}

/** Run the CLI with argv; returns the exit code instead of exiting so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`northstar: ${message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli/main.js')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
