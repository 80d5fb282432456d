using Handoff.Cli;

return HandoffCommandLine.Run(args);
