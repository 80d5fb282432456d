namespace Handoff.Storage.Tests.Grains;

/// <summary>An immutable record inside a state, like the contracts' messages.</summary>
[GenerateSerializer, Immutable, Alias("handoff.tests.NoteLine")]
public sealed record NoteLine([property: Id(0)] string Text, [property: Id(1)] DateTimeOffset At);
