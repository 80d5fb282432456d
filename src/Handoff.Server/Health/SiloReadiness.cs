using Orleans.Runtime;

namespace Handoff.Server.Health;

/// <summary>
/// Whether the silo is serving: true from the moment it becomes active until it starts stopping. Learned from the
/// silo lifecycle, so health reports SERVING only when grain calls can actually succeed.
/// </summary>
public sealed class SiloReadiness : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _active;

    public bool IsActive => _active;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SiloReadiness), ServiceLifecycleStage.Active, OnActive, OnStopping);
    }

    private Task OnActive(CancellationToken cancellationToken)
    {
        _active = true;
        return Task.CompletedTask;
    }

    private Task OnStopping(CancellationToken cancellationToken)
    {
        _active = false;
        return Task.CompletedTask;
    }
}
