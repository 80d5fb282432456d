using Handoff.Testing;

namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>One Azurite for every test class: each test uses its own container and table prefix, never shared data.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteProcess>
{
    public const string Name = "azurite";
}
