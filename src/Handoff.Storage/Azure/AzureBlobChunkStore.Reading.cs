using Azure;
using Azure.Storage.Blobs.Models;
using Handoff.Storage.Chunks;

namespace Handoff.Storage.Azure;

/// <summary>Reads (whole chunks and header ranges), counting and listing.</summary>
public sealed partial class AzureBlobChunkStore
{
    public async Task<int> ReadAsync(string hash, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ChunkHash.Validate(hash);
        try
        {
            var download = await Blob(hash).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            using var result = download.Value;
            var length = result.Details.ContentLength;
            if (length > destination.Length)
            {
                throw new ArgumentException($"chunk {hash} is {length} bytes, the buffer only {destination.Length}", nameof(destination));
            }

            var target = destination[..(int)length];
            await result.Content.ReadExactlyAsync(target, cancellationToken).ConfigureAwait(false);
            return target.Length;
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            throw new ChunkNotFoundException(hash);
        }
    }

    /// <remarks>One ranged GET (<c>x-ms-range</c>); a range starting at or past the end reads nothing.</remarks>
    public int ReadRange(string hash, long offset, Span<byte> destination)
    {
        ChunkHash.Validate(hash);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.IsEmpty)
        {
            return 0;
        }

        try
        {
            var options = new BlobDownloadOptions { Range = new HttpRange(offset, destination.Length) };
            using var result = Blob(hash).DownloadStreaming(options).Value;
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = result.Content.Read(destination[filled..]);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return filled;
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            throw new ChunkNotFoundException(hash);
        }
        catch (RequestFailedException failed) when (failed.Status == 416)
        {
            return 0;
        }
    }

    /// <remarks>A listing: one request per 5000 chunks. For operators and tests, not for the request path.</remarks>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var _ in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <remarks>A blob exists only once its single Put Blob committed, so a listing never shows a partial chunk.</remarks>
    public async IAsyncEnumerable<(string Hash, DateTimeOffset StoredAt)> ListAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var slash = blob.Name.IndexOf('/', StringComparison.Ordinal);
            var hash = blob.Name.AsSpan(slash + 1);
            if (slash == 2 && ChunkHash.IsValid(hash))
            {
                yield return (hash.ToString(), blob.Properties.CreatedOn ?? blob.Properties.LastModified ?? DateTimeOffset.MinValue);
            }
        }
    }
}
