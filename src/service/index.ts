// The certification service: HTTP API, OAuth, connector resources. Entry points for the CLI.
export { buildServer, type ServiceOptions } from './server.js';
export { serveCommand, createClientCommand, UsageError, DEFAULT_PORT, DEFAULT_DATA_DIR, DEFAULT_HOST, type ServeOptions, type CreateClientOptions, type RunningService } from './commands.js';
export { ConnectError, type ErrorEnvelope } from './errors.js';
export { principalOf, clientScopesProblem, REVIEWER_SCOPE, type Principal } from './scopes.js';
export { resolveRepository, createRepositoryResolver, type ResolvedRepository, type RepositoryResolver } from './repository-spec.js';
