namespace Handoff.Federation.Tests.Infrastructure;

/// <summary>The administration tests' classes share one north/south pair (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class AdministrationCollection : ICollectionFixture<FederatedPair>
{
    public const string Name = "Peer administration";
}
