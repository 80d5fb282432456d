using BenchmarkDotNet.Attributes;

namespace Handoff.Dicom.Bench;

/// <summary>
/// Full parse from memory with default options: every element, pixel data (and any value of 64 KiB or more)
/// kept as a reference into the bytes. One operation parses the whole corpus; GB/s is file bytes over time.
/// Target: 1 GB/s. On the synthetic study GB/s is mostly pixel data skipped by reference (a header per
/// 512 KiB); the pydicom corpus is the harder case: small files, many elements per byte, every transfer
/// syntax, sequences, encapsulated pixel data, and a deflated file that must be inflated first.
/// </summary>
[MemoryDiagnoser]
public class FullParseBenchmarks
{
    private ReadOnlyMemory<byte>[] _bytes = [];

    [Params(Bench.Corpus.Synthetic, Bench.Corpus.Pydicom, Bench.Corpus.PydicomNotDeflated)]
    public string Corpus { get; set; } = Bench.Corpus.Synthetic;

    [GlobalSetup]
    public void Setup()
    {
        if (Corpus == Bench.Corpus.Synthetic)
            BenchStudy.Ensure();
        _bytes = Bench.Corpus.Get(Corpus).Load();
    }

    [Benchmark]
    [Workload(WorkloadUnit.Corpus)]
    public int FromMemory()
    {
        var elements = 0;
        foreach (var bytes in _bytes)
            elements += DicomFile.Read(bytes).Dataset.Count;
        return elements;
    }
}
