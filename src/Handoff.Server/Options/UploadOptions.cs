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

    [Range(MinimumChunkSize, MaximumChunkSize)]
    public int ChunkSize { get; set; } = 1024 * 1024;

    /// <summary>How many parallel streams the server suggests to clients; more rarely helps on one node.</summary>
    [Range(1, 64)]
    public int RecommendedStreams { get; set; } = 4;

    public int MaxMessageSize => ChunkSize + MessageOverhead;
}
