namespace Handoff.Testing;

/// <summary>
/// The Azure-profile settings that make server processes one cluster: the storage account, the cluster id, the
/// table prefix (membership, reminders, grain-state container) and the chunk container. Every server started with
/// the same instance joins the same cluster; two instances from <see cref="New"/> on one Azurite are two clusters
/// that share nothing but the account, as two federated regional networks would.
/// </summary>
public sealed record AzureCluster(string ConnectionString, string ClusterId, string TablePrefix, string ChunkContainer)
{
    /// <summary>A cluster of its own in the account behind <paramref name="connectionString"/>: fresh names, no shared data.</summary>
    public static AzureCluster New(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return new AzureCluster(connectionString, "cluster-" + suffix, "t" + suffix, "chunks-" + suffix);
    }

    /// <summary>The server's command-line settings for this cluster.</summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        "--Handoff:Storage=Azure",
        $"--Handoff:Silo:ClusterId={ClusterId}",
        $"--Handoff:Azure:ConnectionString={ConnectionString}",
        $"--Handoff:Azure:ChunkContainer={ChunkContainer}",
        $"--Handoff:Azure:TablePrefix={TablePrefix}",
    ];
}
