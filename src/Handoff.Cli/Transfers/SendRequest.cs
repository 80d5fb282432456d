using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>What `handoff send` was asked to do.</summary>
internal sealed record SendRequest(string Path, string DestinationFacilityId, Priority Priority, string Reason, int Parallel)
{
    /// <summary>When the patient is expected at the destination (--eta); null when not given.</summary>
    public DateTimeOffset? ExpectedArrival { get; init; }
}
