namespace Handoff.Dimse.Storage;

/// <summary>What a C-STORE-RQ says about the instance that follows it.</summary>
/// <param name="SopClassUid">Affected SOP Class UID.</param>
/// <param name="SopInstanceUid">Affected SOP Instance UID.</param>
/// <param name="TransferSyntaxUid">The syntax of the presentation context it came on: the data set's encoding.</param>
/// <param name="CallingAeTitle">Who sent it.</param>
/// <param name="CalledAeTitle">The AE title it was sent to (a gateway routes by it).</param>
public sealed record IncomingInstance(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, string CallingAeTitle, string CalledAeTitle);

/// <summary>Where a C-STORE SCP puts one instance while its fragments arrive.</summary>
public interface IInstanceWriter : IAsyncDisposable
{
    /// <summary>The next fragment of the data set, in order.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken);

    /// <summary>
    /// The whole data set has arrived: check it, make it durable, and say the C-STORE status to answer. Success
    /// must mean a crash right after cannot lose the instance. Disposing without completing discards it (the
    /// association was aborted in the middle).
    /// </summary>
    Task<StoreOutcome> CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>Accepts instances for a C-STORE SCP.</summary>
public interface IInstanceStore
{
    /// <summary>
    /// Opens a writer for an instance about to arrive; or a refusal (its status and a comment), in which case the
    /// fragments are read and dropped before the refusal is answered.
    /// </summary>
    ValueTask<(IInstanceWriter? Writer, StoreOutcome? Refusal)> BeginAsync(IncomingInstance instance, CancellationToken cancellationToken);
}

/// <summary>The C-STORE status to answer, and a comment for the peer (never patient data).</summary>
/// <param name="Status">A status of PS3.4 B.2.3.</param>
/// <param name="Comment">Error Comment (0000,0902), up to 64 characters; empty on success.</param>
public sealed record StoreOutcome(ushort Status, string Comment = "")
{
    public static StoreOutcome Stored { get; } = new(Messages.DimseStatus.Success);
}
