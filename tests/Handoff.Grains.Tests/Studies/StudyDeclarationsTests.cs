using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Studies;

/// <summary>Declaration checks before anything changes: what is new, what is a repeat, what is refused.</summary>
public sealed class StudyDeclarationsTests
{
    private readonly StudyInstances _instances = new(new StudyGrainState { ChunkSize = TestData.ChunkSize });

    [Fact]
    public void Validate_UpperCaseHashes_Lowercased_SourceNeverNull()
    {
        var instance = TestData.Instance(TestData.Uid(), 1);
        var upper = instance with { ChunkHashes = [instance.ChunkHashes[0].ToUpperInvariant()], SourceName = null! };

        var valid = Assert.Single(StudyDeclarations.Validate(TestData.Declare([upper]), 0));

        Assert.Equal(instance.ChunkHashes, valid.ChunkHashes);
        Assert.Equal("", valid.SourceName);
    }

    [Fact]
    public void Validate_OtherChunkSizeThanTheStudys_InvalidNamingBoth()
    {
        var error = Assert.Throws<DomainException>(() => StudyDeclarations.Validate(TestData.Declare(TestData.Instances(1), 512), TestData.ChunkSize));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"differs from this study's chunk size {TestData.ChunkSize}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewInstances_SomeAlreadyHeldWithSameContent_OnlyTheNew()
    {
        var (held, fresh) = (TestData.Instance(TestData.Uid(), 2), TestData.Instance(TestData.Uid(), 2));
        _instances.Add(TestData.ChunkSize, [held]);

        var added = StudyDeclarations.NewInstances([held, fresh], TestData.ChunkSize, _instances);

        Assert.Equal([fresh], added);
    }

    [Fact]
    public void NewInstances_HeldInstanceWithOtherContent_AlreadyExistsNamingBothSources()
    {
        var held = TestData.Instance(TestData.Uid(), 2, "first/a.dcm");
        _instances.Add(TestData.ChunkSize, [held]);
        var changed = held with { ChunkHashes = [held.ChunkHashes[0], TestData.Hash("other")], SourceName = "second/a.dcm" };

        var error = Assert.Throws<DomainException>(() => StudyDeclarations.NewInstances([changed], TestData.ChunkSize, _instances));

        Assert.Equal(DomainErrorKind.AlreadyExists, error.Kind);
        Assert.Contains("'second/a.dcm' differs from 'first/a.dcm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewInstances_SameUidTwiceInOneDeclaration_SameContentOnce_OtherContentRefused()
    {
        var a = TestData.Instance(TestData.Uid(), 1);

        Assert.Equal([a], StudyDeclarations.NewInstances([a, a], TestData.ChunkSize, _instances));
        var other = a with { Size = a.Size - 1 };
        Assert.Throws<DomainException>(() => StudyDeclarations.NewInstances([a, other], TestData.ChunkSize, _instances));
    }

    [Fact]
    public void NewInstances_HashAsFullChunkAndAsShortLastChunkInOneDeclaration_Invalid()
    {
        var full = TestData.Instance(TestData.Uid(), 2);
        var other = TestData.Instance(TestData.Uid(), 2);
        var contradicting = other with { ChunkHashes = [other.ChunkHashes[0], full.ChunkHashes[0]] };

        var error = Assert.Throws<DomainException>(() => StudyDeclarations.NewInstances([full, contradicting], TestData.ChunkSize, _instances));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("chunk 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _instances.Count);
    }
}
