using BenchmarkDotNet.Attributes;
using Handoff.Dicom.IO;

namespace Handoff.Dicom.Bench;

/// <summary>
/// Header parse (stop before pixel data) of every instance of the 2000-slice synthetic study: the work of
/// `handoff dicom index` and of the server when an instance completes. Target: 20,000 instances/s on the
/// 2-core machine. One operation is one instance, so Allocated is bytes per header.
/// </summary>
[MemoryDiagnoser]
public class HeaderParseBenchmarks
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    private string[] _files = [];
    private ReadOnlyMemory<byte>[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _files = BenchStudy.Ensure();
        // Loading every file also puts it in the page cache, so FromFiles measures parsing plus system calls, not the disk.
        _bytes = Corpus.Get(Corpus.Synthetic).Load();
    }

    /// <summary>Open, read the first window and parse, per file: what indexing a folder costs.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = BenchStudy.Slices)]
    [Workload(WorkloadUnit.Instance, Corpus.Synthetic)]
    public int FromFiles()
    {
        var elements = 0;
        foreach (var file in _files)
            elements += DicomFile.Open(file, HeaderOnly).Dataset.Count;
        return elements;
    }

    /// <summary>The same parse from bytes already in memory: the parser alone, without open/read/close.</summary>
    [Benchmark(OperationsPerInvoke = BenchStudy.Slices)]
    [Workload(WorkloadUnit.Instance, Corpus.Synthetic)]
    public int FromMemory()
    {
        var elements = 0;
        foreach (var bytes in _bytes)
            elements += DicomFile.Read(bytes, HeaderOnly).Dataset.Count;
        return elements;
    }
}
