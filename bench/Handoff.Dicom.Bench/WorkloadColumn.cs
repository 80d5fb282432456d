using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Handoff.Dicom.Bench;

/// <summary>
/// Derived columns that state results in the units of the targets (issue 2, "Speed"): instances/s,
/// GB/s of file bytes parsed, and bytes allocated per instance. Computed from BenchmarkDotNet's mean,
/// which is already per operation, and the <see cref="WorkloadAttribute"/> of the benchmark method.
/// </summary>
public sealed class WorkloadColumn : IColumn
{
    public static readonly WorkloadColumn InstancesPerSecond = new("Instances/s", Kind.InstancesPerSecond);
    public static readonly WorkloadColumn GigabytesPerSecond = new("GB/s", Kind.GigabytesPerSecond);
    public static readonly WorkloadColumn AllocatedPerInstance = new("Alloc/instance", Kind.AllocatedPerInstance);

    private readonly Kind _kind;

    private WorkloadColumn(string name, Kind kind)
    {
        ColumnName = name;
        _kind = kind;
    }

    private enum Kind
    {
        InstancesPerSecond,
        GigabytesPerSecond,
        AllocatedPerInstance,
    }

    public string Id => nameof(WorkloadColumn) + "." + _kind;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)_kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _kind switch
    {
        Kind.InstancesPerSecond => "DICOM files parsed per second (from the mean)",
        Kind.GigabytesPerSecond => "File bytes parsed per second, 1 GB = 1e9 bytes (from the mean)",
        _ => "Managed bytes allocated per file parsed",
    };

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Compute(summary, benchmarkCase) is { } value ? Format(value) : "-";

    /// <summary>The column's value for one case, or null when it does not apply or the run failed.</summary>
    public double? Compute(Summary summary, BenchmarkCase benchmarkCase)
    {
        var attribute = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<WorkloadAttribute>();
        var report = summary[benchmarkCase];
        if (attribute is null || report?.ResultStatistics is not { } statistics)
            return null;
        var corpus = Corpus.Get(CorpusName(benchmarkCase, attribute));
        var instancesPerOperation = attribute.Unit == WorkloadUnit.Corpus ? corpus.Files.Length : 1;
        var seconds = statistics.Mean / 1e9;
        return _kind switch
        {
            Kind.InstancesPerSecond => instancesPerOperation / seconds,
            Kind.GigabytesPerSecond when attribute.Unit == WorkloadUnit.Corpus => corpus.TotalBytes / seconds / 1e9,
            Kind.AllocatedPerInstance when report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes =>
                (double)bytes / instancesPerOperation,
            _ => null,
        };
    }

    public override string ToString() => ColumnName;

    private string Format(double value) => _kind == Kind.GigabytesPerSecond
        ? value.ToString("N2", CultureInfo.InvariantCulture)
        : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string CorpusName(BenchmarkCase benchmarkCase, WorkloadAttribute attribute)
    {
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter.Name == nameof(Corpus) && parameter.Value is string name)
                return name;
        }
        return attribute.Corpus;
    }
}
