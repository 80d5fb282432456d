using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>How clients cut instances into chunks. The server chooses; clients ask with GetUploadParameters.</summary>
public sealed class UploadOptions
{
    public const string Section = "Handoff:Upload";

    public const int MinimumChunkSize = 64 * 1024;
    public const int MaximumChunkSize = 8 * 1024 * 1024;

    /// <summary>Room for the message framing around a full chunk (hash, field tags, header).</summary>
    public const int MessageOverhead = 64 * 1024;

    /// <summary>
    /// The largest Downloads request (an acknowledgement of every instance with its signed receipt: about 500 bytes an
    /// instance, so some 100,000 instances), and the largest answer a relay reads from a peer (its signed receipt).
    /// </summary>
    public const int MaxAcknowledgeMessageSize = 64 * 1024 * 1024;

    [Range(MinimumChunkSize, MaximumChunkSize)]
    public int ChunkSize { get; set; } = 1024 * 1024;

    /// <summary>How many parallel streams the server suggests to clients; more rarely helps on one node.</summary>
    [Range(1, 64)]
    public int RecommendedStreams { get; set; } = 4;

    public int MaxMessageSize => ChunkSize + MessageOverhead;

    /// <summary>
    /// Largest instance a facility may declare. DICOM Part 10 lengths are 32-bit, so real instances stay below 4 GiB;
    /// a larger declaration is a mistake or an attempt to make receivers write what was never uploaded.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxInstanceBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// How many declared bytes one uploaded byte may stand for within an instance: an instance of N chunks must have
    /// at least N / MaxChunkRepetition distinct chunks. Repeats are real (blank frames, padding), but an instance of
    /// one chunk repeated a hundred times makes every receiver write a hundred times what the sender uploaded.
    /// Instances of at most this many chunks are never refused by this rule.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxChunkRepetition { get; set; } = 16;

    /// <summary>
    /// How long an upload stream may wait for its next message (the header included), and a download or watch stream
    /// for its receiver to take the next one. A message of up to a chunk must arrive within it, which also sets the
    /// slowest rate a stream may trickle at (about 35 KB/s with 1 MiB chunks and 30 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Chunks the server checks against their hashes at once (an uploaded chunk before it is stored, a stored one
    /// before it is sent), over every stream; more wait their turn, most urgent transfer
    /// first (<see cref="Scheduling.ChunkScheduler"/>). 0: four per processor. Measured on 2 cores (bench/transfer,
    /// cut-through of 2000 instances), two slots cost about 5 % against no limit and eight nothing measurable; a
    /// stream's turn covers only hashing one chunk (not the store's I/O, a network round trip with Azure), so a few per core keep
    /// the cores busy while the weighting still decides whenever more streams want the server than that.
    /// </summary>
    [Range(0, 1024)]
    public int ConcurrentChunks { get; set; }

    public int EffectiveConcurrentChunks => ConcurrentChunks > 0 ? ConcurrentChunks : 4 * Environment.ProcessorCount;
}
