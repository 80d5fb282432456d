using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Handoff.Dicom.Bench;

// `dotnet run -c Release --project bench/Handoff.Dicom.Bench -- --filter '*'`; any BenchmarkDotNet argument works.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(HeaderParseBenchmarks).Assembly).Run(args, BenchConfig.Create());
PrintTargets(summaries);

// One line per benchmark in the units of the targets, easy to paste into bench/README.md.
static void PrintTargets(IEnumerable<Summary> summaries)
{
    foreach (var summary in summaries)
    {
        foreach (var report in summary.Reports)
        {
            var benchmarkCase = report.BenchmarkCase;
            var instances = WorkloadColumn.InstancesPerSecond.Compute(summary, benchmarkCase);
            if (instances is null)
                continue;
            var gigabytes = WorkloadColumn.GigabytesPerSecond.Compute(summary, benchmarkCase);
            var allocated = WorkloadColumn.AllocatedPerInstance.Compute(summary, benchmarkCase);
            var line = string.Create(CultureInfo.InvariantCulture, $"RESULT {benchmarkCase.Descriptor.DisplayInfo} {benchmarkCase.Parameters.DisplayInfo}: {instances:N0} instances/s");
            if (gigabytes is { } gb)
                line += string.Create(CultureInfo.InvariantCulture, $", {gb:N2} GB/s");
            if (allocated is { } bytes)
                line += string.Create(CultureInfo.InvariantCulture, $", {bytes:N0} B allocated per instance");
            Console.WriteLine(line);
        }
    }
}
