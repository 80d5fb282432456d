using System.Collections.Concurrent;
using Handoff.Contracts.Audit;
using Orleans.Runtime;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// A grain factory of in-memory audit logs whose appends complete only when the test says so: <see cref="Release"/>
/// lets a log's appends through (now and later), <see cref="FailNext"/> makes its next append throw.
/// </summary>
public sealed class FakeAuditLogs : IGrainFactory
{
    private readonly ConcurrentDictionary<string, Log> _logs = new(StringComparer.Ordinal);

    /// <summary>The events a log has durably appended.</summary>
    public IReadOnlyList<AuditEventRecord> EventsOf(string log) => LogOf(log).Events;

    public void Release(params string[] logs)
    {
        foreach (var log in logs)
            LogOf(log).Release();
    }

    public void FailNext(string log) => LogOf(log).FailNext();

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey =>
        typeof(TGrainInterface) == typeof(IAuditLogGrain) ? (TGrainInterface)(object)LogOf(primaryKey) : throw new NotSupportedException(typeof(TGrainInterface).Name);

    private Log LogOf(string log) => _logs.GetOrAdd(log, _ => new Log());

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidCompoundKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerCompoundKey => throw new NotSupportedException();

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw new NotSupportedException();

    private sealed class Log : IAuditLogGrain
    {
        private readonly Lock _lock = new();
        private readonly List<AuditEventRecord> _events = [];
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _failNext;

        public IReadOnlyList<AuditEventRecord> Events
        {
            get
            {
                lock (_lock)
                    return [.. _events];
            }
        }

        public void Release() => _released.TrySetResult();

        public void FailNext()
        {
            lock (_lock)
                _failNext = true;
        }

        public async Task Append(IReadOnlyList<AuditEventRecord> events)
        {
            await _released.Task;
            lock (_lock)
            {
                if (_failNext)
                {
                    _failNext = false;
                    throw new TimeoutException("the log grain did not answer in time");
                }
                _events.AddRange(events);
            }
        }

        public Task<IReadOnlyList<AuditEventRecord>> List(int limit) => throw new NotSupportedException();

        public Task<AuditPage> Query(AuditQuery query) => throw new NotSupportedException();
    }
}
