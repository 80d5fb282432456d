using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Handoff.Dicom.Bench;

/// <summary>
/// One short job for the whole suite: a 2000-file operation runs for tens of milliseconds, so a few warm-up
/// and eight measured iterations give a stable median while the suite still finishes in a few minutes.
/// </summary>
public static class BenchConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(8)
                .WithId("Short"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .AddColumn(WorkloadColumn.InstancesPerSecond, WorkloadColumn.GigabytesPerSecond, WorkloadColumn.AllocatedPerInstance);
}
