namespace Handoff.Cli.Transfers;

/// <summary>What `handoff receive` was asked to do.</summary>
internal sealed record ReceiveRequest(string TransferId, string OutputDirectory, int Parallel, bool Acknowledge);
