namespace Handoff.Client.Tests;

/// <summary>
/// A source that offers one instance twice sends it once; two different instances under one UID stop the send; the
/// same SOP Instance UID in two studies is two instances.
/// </summary>
public sealed class StudyGroupsTests
{
    private const int ChunkSize = 1024;

    [Fact]
    public void Add_IdenticalCopy_SkippedNamingTheFirst()
    {
        var groups = new StudyGroups();
        var bytes = InstanceHasherTests.RandomBytes(3 * ChunkSize, seed: 1);

        Assert.Null(groups.Add(Instance("1.2", "1.2.1", bytes, "a/slice.dcm")));
        var skipped = groups.Add(Instance("1.2", "1.2.1", bytes, "copy-of-slice.dcm"));

        Assert.NotNull(skipped);
        Assert.Equal("copy-of-slice.dcm: skipped: same instance as a/slice.dcm", skipped.ToString());
        Assert.Equal(1, groups.InstanceCount);
    }

    [Fact]
    public void Add_DifferentContentUnderOneUid_ThrowsNamingBoth()
    {
        var groups = new StudyGroups();
        groups.Add(Instance("1.2", "1.2.1", InstanceHasherTests.RandomBytes(ChunkSize, seed: 2), "a.dcm"));

        var error = Assert.Throws<InstanceConflictException>(() => groups.Add(Instance("1.2", "1.2.1", InstanceHasherTests.RandomBytes(ChunkSize, seed: 3), "b.dcm")));

        Assert.Equal("b.dcm: SOPInstanceUID 1.2.1 is also used by a.dcm with different content", error.Message);
    }

    [Fact]
    public void Add_SameSopUidInTwoStudies_BothKept()
    {
        var groups = new StudyGroups();
        var bytes = InstanceHasherTests.RandomBytes(ChunkSize, seed: 4);

        Assert.Null(groups.Add(Instance("1.2", "9.9", bytes, "a.dcm")));
        Assert.Null(groups.Add(Instance("1.3", "9.9", bytes, "b.dcm")));

        Assert.Equal(2, groups.StudyCount);
        Assert.Equal(2, groups.InstanceCount);
    }

    private static SourceInstance Instance(string study, string sop, byte[] bytes, string name) =>
        new(study, study + ".1", sop, InstanceHasher.Hash(bytes, ChunkSize), name);
}
