using Handoff.Client;

namespace Handoff.Cli.Transfers;

/// <summary>What a scan found: instances grouped by study (in name order) and the inputs it skipped.</summary>
internal sealed record ScanResult(IReadOnlyList<ScannedStudy> Studies, IReadOnlyList<SkippedInstance> Skipped);
