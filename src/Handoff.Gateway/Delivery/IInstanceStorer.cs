using Handoff.Dimse.Storage;

namespace Handoff.Gateway.Delivery;

/// <summary>Stores received files into the delivery target, one at a time, in the order the delivery offers them.</summary>
internal interface IInstanceStorer : IAsyncDisposable
{
    /// <summary>
    /// Stores one file: null when the target holds it, else why it refused it (naming the instance).
    /// <see cref="PacsUnavailableException"/> when the target cannot be reached (the attempt is retried later).
    /// </summary>
    Task<string?> StoreAsync(StorageScu.FileToStore file, CancellationToken cancellationToken);

    /// <summary>Ends what is open politely (an association, a connection).</summary>
    Task ReleaseAsync();
}
