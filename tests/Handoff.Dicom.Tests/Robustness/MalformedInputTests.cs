using Handoff.Dicom.Tests.Corpus;

namespace Handoff.Dicom.Tests.Robustness;

/// <summary>
/// Truncations and byte flips of every corpus file (fixed seed, thousands of cases in all) must end in a parse or
/// a <see cref="DicomFormatException"/>: no other exception, no hang, and allocation bounded by the input size.
/// Every value of what parses is also read through the typed accessors, which must not throw on garbage either.
/// </summary>
public class MalformedInputTests
{
    private const int Truncations = 16;
    private const int Flips = 24;

    public static TheoryData<string> Files() => CorpusFiles.AllAsTheory();

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_TruncatedAndFlippedCorpusFile_ParsesOrThrowsDicomFormatException(string relative)
    {
        var original = File.ReadAllBytes(CorpusFiles.FullPath(relative));
        var random = new Random(StableSeed(relative));
        var cases = new List<(string Name, byte[] Bytes)>();
        for (var i = 0; i < Truncations; i++)
        {
            var length = i < Truncations / 2 ? random.Next(Math.Min(original.Length, 2048)) : random.Next(original.Length);
            cases.Add(($"truncated to {length}", original[..length]));
        }
        for (var i = 0; i < Flips; i++)
        {
            var mutated = (byte[])original.Clone();
            var position = i < Flips * 2 / 3 ? random.Next(Math.Min(original.Length, 4096)) : random.Next(original.Length);
            mutated[position] ^= (byte)random.Next(1, 256);
            if (i % 3 == 0 && position + 1 < mutated.Length)
                mutated[position + 1] = 0xFF; // lengths of 0xFF.. and undefined lengths are where parsers break
            cases.Add(($"byte {position} flipped", mutated));
        }

        foreach (var (name, bytes) in cases)
            AssertParsesOrFailsCleanly(relative, name, bytes);
    }

    [Fact]
    public void Read_DeeplyNestedSequences_ThrowsDicomFormatExceptionNotStackOverflow()
    {
        // 10,000 nested undefined-length sequences: recursion without a bound would overflow the stack.
        using var stream = new MemoryStream();
        for (var i = 0; i < 10_000; i++)
        {
            stream.Write([0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
            stream.Write([0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        }
        var error = Assert.Throws<DicomFormatException>(() => DicomFile.Read(stream.ToArray()));
        Assert.Contains("nested", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DeclaredLengthOfFourGigabytes_ThrowsWithoutAllocating()
    {
        byte[] bytes = [0x10, 0x00, 0x10, 0x00, (byte)'U', (byte)'T', 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, (byte)'A', (byte)'B'];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.True(error.Tag == new DicomTag(0x0010, 0x0010), error.Message);
        Assert.Equal(0, error.Offset);
    }

    private static void AssertParsesOrFailsCleanly(string relative, string name, byte[] bytes)
    {
        var task = Task.Run(() =>
        {
            try
            {
                var file = DicomFile.Read(bytes);
                ValueWalker.ReadEverything(file.Dataset);
                ValueWalker.ReadEverything(file.FileMetaInformation);
            }
            catch (DicomFormatException)
            {
                // the one acceptable failure
            }
        });
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), $"{relative}, {name}: parse did not finish in 20 s");
        Assert.True(task.Exception is null, $"{relative}, {name}: {task.Exception?.InnerException}");
        // Allocation is counted on this thread, around a parse alone (the accessors above allocate their results).
        var allocated = MeasureParseAllocation(bytes);
        Assert.True(allocated <= 64L * bytes.Length + (4 << 20), $"{relative}, {name}: parsing {bytes.Length} bytes allocated {allocated}");
    }

    private static long MeasureParseAllocation(byte[] bytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            DicomFile.Read(bytes);
        }
        catch (DicomFormatException)
        {
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int StableSeed(string text)
    {
        var seed = 17;
        foreach (var c in text)
            seed = unchecked(seed * 31 + c);
        return seed;
    }
}
