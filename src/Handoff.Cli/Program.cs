using Handoff.Cli;

return await HandoffCommandLine.RunAsync(args).ConfigureAwait(false);
