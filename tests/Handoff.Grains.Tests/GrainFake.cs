using System.Reflection;

namespace Handoff.Grains.Tests;

/// <summary>
/// A grain interface answered by the handlers a test gives, by method name; any other call fails the test. For the
/// plain classes that call grains, so they are tested without a cluster.
/// </summary>
public class GrainFake<T> : DispatchProxy where T : class
{
    private Dictionary<string, Func<object?[], object?>> _handlers = [];

    /// <summary>Every call made, in order: method name and arguments.</summary>
    public List<(string Method, object?[] Arguments)> Calls { get; } = [];

    public static (T Grain, GrainFake<T> Fake) Create(params (string Method, Func<object?[], object?> Handler)[] handlers)
    {
        var grain = DispatchProxy.Create<T, GrainFake<T>>();
        var fake = (GrainFake<T>)(object)grain;
        fake._handlers = handlers.ToDictionary(h => h.Method, h => h.Handler);
        return (grain, fake);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var arguments = args ?? [];
        lock (Calls)
            Calls.Add((targetMethod.Name, arguments));
        return _handlers.TryGetValue(targetMethod.Name, out var handler)
            ? handler(arguments)
            : throw new NotSupportedException($"{typeof(T).Name}.{targetMethod.Name} was not expected here");
    }
}
