// The command line: argument parsing and terminal output only. Everything else is the engine's.
import { Command, CommanderError, Option } from 'commander';
import { TOOL_VERSION } from '../engine/version.js';
import { runCheckCommand, type CheckCommandOptions } from './check-command.js';
import { runListChecks, runListRequirements } from './list-commands.js';
import { EXIT_USAGE } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('connect-certify')
    .description('Certify commercetools Connect connectors before you submit them: connect.yaml, layout, buildpack plan, documentation, licence, tests, dependencies and security checks.')
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    // Set before the subcommands are added so they inherit it: usage errors must exit 2, not 1.
    .exitOverride();

  program
    .command('check')
    .description('Run every automated certification check on a connector and print a verdict report.')
    .argument('<target>', 'a connector folder, or a Git URL (https://, ssh://, git@host:path) together with --tag')
    .option('-t, --tag <tag>', 'Git tag to certify (required with a Git URL; its commit is pinned in the report)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif', 'markdown', 'html']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1').choices(['error', 'warning']).default('error'))
    .option('--only <ids>', 'run only these checks (comma-separated ids or id prefixes, e.g. connect-yaml,buildpack)', splitList)
    .option('--skip <ids>', 'skip these checks (comma-separated ids or id prefixes)', splitList)
    .option('--creator-email <email>', 'creator e-mail for CREATOR-INFO (else read from .connect-certify.json)')
    .option('--creator-name <name>', 'creator name')
    .option('--creator-company <company>', 'creator company')
    .option('--time-budget <seconds>', 'stop starting new checks after this many seconds', parsePositive, 600)
    .option('--advisories <path>', 'OSV advisories: a folder of OSV JSON files or an osv-scanner offline zip (npm/all.zip)')
    .option('--offline', 'never use the network: registry metadata and advisories come from caches and --advisories only')
    .option('--cache-dir <dir>', 'cache for registry metadata and online advisories (default: $XDG_CACHE_HOME/connect-certify)')
    .option('--registry <url>', 'npm registry for package metadata', 'https://registry.npmjs.org')
    .option('--run', 'also build, test, start and probe every application as Connect would, inside a bubblewrap sandbox')
    .option('--unsafe-no-sandbox', 'with --run: execute the connector\'s code directly on this machine (only for code you trust)')
    .option('--run-logs <dir>', 'with --run: keep each step\'s log (size-limited, secrets redacted) under this folder (default: <tmpdir>/connect-certify-runs)')
    .option('--sbom <file>', 'also write a CycloneDX 1.5 JSON SBOM of all applications to this file')
    .option('--allow-local-repositories', 'accept an absolute local path as a Git repository with --tag (tests and demos)')
    .option('--no-progress', 'do not show progress on the terminal')
    .option('--no-color', 'plain text output (also honoured: NO_COLOR)')
    .addHelpText(
      'after',
      `
Examples:
  $ connect-certify check ./my-connector
  $ connect-certify check ./my-connector --format json > report.json
  $ connect-certify check https://github.com/org/repo.git --tag v1.2.0 --format sarif --output report.sarif
  $ connect-certify check . --only connect-yaml,buildpack --fail-on warning

Exit codes:
  0  verdict pass or review (review: a person from the Connect team decides the MANUAL items)
  1  verdict fail (any error finding; with --fail-on warning, also any warning)
  2  usage error or internal error

Configuration: a .connect-certify.json at the repository root may hold
  { "creator": {"email": "..."}, "suppressions": [{"check": "...", "reason": "...", "file": "..."}],
    "allow": {"<check-id>": ["..."]}, "skip": ["<check-id>"] }
Inline suppression: // connect-certify-ignore <check-id> <reason>  (on the line or the line above)
List the checks: connect-certify checks`,
    )
    .action(async (target: string, options: CheckCommandOptions) => {
      process.exitCode = await runCheckCommand(target, options);
    });

  program
    .command('serve')
    .description('Run the certification service: the Connect-compatible ConnectorStaged API, OAuth 2.0 client credentials, the reviewer API, an in-process certification worker, and e-mail to creators (SMTP_URL=smtp://user:pass@host:port and MAIL_FROM; without SMTP_URL, .eml files under DATA/mail/).')
    .option('-p, --port <port>', 'port to listen on', parsePort, 8080)
    .option('--host <host>', 'address to bind', '0.0.0.0')
    .option('-d, --data <dir>', 'data folder (SQLite database, reports, e-mails); DATABASE_URL=postgres://… selects PostgreSQL', './data')
    .option('--allow-local-repositories', 'accept absolute local paths as repository URLs (tests and demos only)')
    .option('--no-worker', 'do not run certification jobs in this process (run `connect-certify worker` elsewhere)')
    .option('--no-run-phase', 'certify without the sandboxed run phase (also: CONNECT_CERTIFY_RUN_PHASE=0); on by default when bubblewrap works')
    .option('--worker-concurrency <n>', 'certification jobs run side by side', parsePositiveInteger, 1)
    .option('--public-url <url>', 'base URL creators reach this service at, for report links (default: the listening address)')
    .option('--advisories <path>', 'OSV advisories for dependency checks: a folder of OSV JSON files or an osv-scanner offline zip')
    .option('--offline', 'the analyzers never use the network (registry metadata and advisories from caches and --advisories only)')
    .option('--job-lease <seconds>', 'how long a job of a crashed worker waits before another worker takes it over', parsePositive, 60)
    .option('--no-mail', 'do not deliver e-mails from this process (another serve process sharing the database does)')
    .action(async (o: ServeFlags & { port: number; host: string; mail: boolean }) => {
      // Loaded on demand so `check` never pays for Fastify and the database drivers.
      const { serveCommand, UsageError } = await import('../service/commands.js');
      try {
        await serveCommand({ port: o.port, host: o.host, data: o.data, allowLocalRepositories: o.allowLocalRepositories === true, worker: o.worker, mail: o.mail, ...workerFlags(o) });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });

  program
    .command('worker')
    .description('Run certification workers only (no HTTP server), e.g. on another machine sharing the database (DATABASE_URL).')
    .option('-d, --data <dir>', 'data folder (SQLite database, caches, run logs); DATABASE_URL=postgres://… selects PostgreSQL', './data')
    .option('--allow-local-repositories', 'accept absolute local paths as repository URLs (tests and demos only)')
    .option('--no-run-phase', 'certify without the sandboxed run phase (also: CONNECT_CERTIFY_RUN_PHASE=0)')
    .option('--worker-concurrency <n>', 'certification jobs run side by side', parsePositiveInteger, 1)
    .option('--public-url <url>', 'base URL of the service, for report links in messages')
    .option('--advisories <path>', 'OSV advisories for dependency checks')
    .option('--offline', 'the analyzers never use the network')
    .option('--job-lease <seconds>', 'how long a job of a crashed worker waits before another worker takes it over', parsePositive, 60)
    .action(async (o: ServeFlags) => {
      const { workerCommand, UsageError } = await import('../service/commands.js');
      try {
        await workerCommand({ data: o.data, allowLocalRepositories: o.allowLocalRepositories === true, ...workerFlags(o) });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });

  program
    .command('clients')
    .description('Manage API clients of the certification service.')
    .command('create')
    .description('Create an API client; its secret is shown once and stored hashed.')
    .requiredOption('--scopes <scopes>', 'space-separated scopes, e.g. "manage_connectors:my-project" or "certify_connectors"')
    .option('-d, --data <dir>', 'data folder of the service', './data')
    .option('--name <name>', 'a name for the client')
    .option('--json', 'print {"clientId", "clientSecret", "scopes"} as JSON')
    .action(async (o: { scopes: string; data: string; name?: string; json?: boolean }) => {
      const { createClientCommand, UsageError } = await import('../service/commands.js');
      try {
        process.stdout.write((await createClientCommand({ data: o.data, scopes: o.scopes, name: o.name, json: o.json })).output);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });

  program
    .command('checks')
    .description('List every check: id, requirement code, title, why it matters and how to fix a finding.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { format: 'text' | 'json' }) => {
      process.exitCode = await runListChecks(options.format);
    });

  program
    .command('requirements')
    .description('List the certification requirement codes with their level (MUST, SHOULD, MANUAL).')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      process.exitCode = runListRequirements(options.format);
    });

  return program;
}

interface ServeFlags {
  data: string;
  allowLocalRepositories?: boolean;
  worker: boolean;
  runPhase: boolean;
  workerConcurrency: number;
  publicUrl?: string;
  advisories?: string;
  offline?: boolean;
  jobLease: number;
}

/** Commander sets `runPhase: true` unless --no-run-phase: only an explicit "no" is passed on, so the default stays "when a sandbox works". */
function workerFlags(o: ServeFlags) {
  return {
    ...(o.runPhase === false ? { runPhase: false } : {}),
    workerConcurrency: o.workerConcurrency,
    ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
    ...(o.advisories ? { advisories: o.advisories } : {}),
    ...(o.offline ? { offline: true } : {}),
    leaseMs: Math.round(o.jobLease * 1000),
  };
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommanderError(EXIT_USAGE, 'connect-certify.invalidArgument', `not a positive integer: ${value}`);
  return n;
}

function splitList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CommanderError(EXIT_USAGE, 'connect-certify.invalidArgument', `not a port number: ${value}`);
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CommanderError(EXIT_USAGE, 'connect-certify.invalidArgument', `not a positive number: ${value}`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  // `connect-certify checks | head` closes the pipe early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 2 (commander already printed them).
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      if (error.code === 'connect-certify.invalidArgument') process.stderr.write(`error: ${error.message}\n`);
      return;
    }
    process.stderr.write(`connect-certify: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  }
}
