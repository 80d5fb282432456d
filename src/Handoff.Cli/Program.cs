using Handoff.Cli;

// Disposed before the process ends, so the last spans are exported.
using var tracing = CliTracing.Start();
return await HandoffCommandLine.RunAsync(args).ConfigureAwait(false);
