namespace Handoff.Contracts.Federation;

/// <summary>
/// The relay of one transfer to a facility of a peer network (key: the local transfer id). It owns the job, not the
/// bytes: while it is active, <see cref="IRelayRunner"/> on its silo moves chunks from this cluster's store to the
/// peer. Its state says which peer, whether it has finished, and why it waits; the relay directory lists unfinished
/// relays so that a relay whose silo died is picked up by another one.
/// </summary>
public interface IRelayGrain : IGrainWithGuidKey
{
    /// <summary>Starts relaying to <paramref name="peer"/> (idempotent); it runs until the transfer settles.</summary>
    Task Start(string peer);

    /// <summary>Makes sure the relay is running on this grain's silo (the supervisor calls it after a failure).</summary>
    Task Ensure();

    /// <summary>The runner's report: why it waits (null when it moves again).</summary>
    Task ReportWaiting(string? reason);

    /// <summary>The runner's report: the peer's transfer id, once it exists.</summary>
    Task ReportRemoteTransfer(string remoteTransferId);

    /// <summary>The runner's report: the transfer settled, here or at the peer; nothing more to do.</summary>
    Task Finish(RelayOutcome outcome);

    [ReadOnly]
    Task<RelayStatus> GetStatus();
}

/// <summary>
/// What a relay is doing: its peer, the peer's transfer id, why it waits, whether it has finished and how. (Id 4 was
/// the outcome as text; it is not reused.)
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.RelayStatus")]
public sealed record RelayStatus(
    [property: Id(0)] string Peer,
    [property: Id(1)] string? RemoteTransferId,
    [property: Id(2)] string? Waiting,
    [property: Id(3)] bool Finished,
    [property: Id(5)] RelayOutcome? Outcome);

/// <summary>
/// The byte-moving half of a relay, implemented by the server (it has the chunk store and the peer channels) and
/// registered for the silo; the relay grain starts and stops it. At most one run per transfer per silo.
/// </summary>
public interface IRelayRunner
{
    /// <summary>Starts the relay of <paramref name="transferId"/> to <paramref name="peer"/> unless it runs already.</summary>
    void EnsureRunning(Guid transferId, string peer);

    /// <summary>Stops this silo's run of the relay (the grain is deactivating or the relay finished).</summary>
    void Stop(Guid transferId);
}

/// <summary>Unfinished relays (one instance, key 0), so every silo's supervisor can keep them running after failures.</summary>
public interface IRelayDirectoryGrain : IGrainWithIntegerKey
{
    Task Add(Guid transferId);

    Task Remove(Guid transferId);

    [ReadOnly]
    Task<IReadOnlyList<Guid>> List();
}
