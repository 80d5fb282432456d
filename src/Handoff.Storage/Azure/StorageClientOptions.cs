using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Handoff.Storage.Azure;

/// <summary>
/// One retry policy for every Azure Storage client of the server (chunks, grain state, membership, reminders):
/// three quick retries (100 ms doubling to 1 s) and then the failure. The SDK's default (0.8 s doubling, plus a
/// 100 s network timeout) held a call for tens of seconds when storage was down, and the audit write after it as
/// long again. A brief blip is still ridden out here; a real outage surfaces within a second or two as UNAVAILABLE,
/// and the client, which knows how long it may keep trying, retries elsewhere with back-off.
/// </summary>
public static class StorageClientOptions
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(1);

    /// <summary>Long enough for a 4 MiB chunk on a slow link; a connection that hangs longer is a failure.</summary>
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(30);

    public static BlobClientOptions Blob() => Configure(new BlobClientOptions());

    public static TableClientOptions Table() => Configure(new TableClientOptions());

    private static T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = FirstDelay;
        options.Retry.MaxDelay = LongestDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}
