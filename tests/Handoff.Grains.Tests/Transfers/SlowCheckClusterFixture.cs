using Handoff.Grains.Transfers;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>
/// A cluster whose transfers look at their arrival again only every 10 minutes, so within a test only the reminder at
/// the arrival time can make a transfer Late.
/// </summary>
public sealed class SlowCheckClusterFixture : ClusterFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<ArrivalOptions>(options => options.CheckInterval = TimeSpan.FromMinutes(10));
}
