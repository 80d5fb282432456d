namespace Handoff.Client.Tests.EndToEnd;

/// <summary>The end-to-end test classes share one server: starting one costs seconds on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
