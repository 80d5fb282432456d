using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Handoff.Server.Errors;

namespace Handoff.Server.Hosting;

/// <summary>
/// Binds a gRPC service as grpc-dotnet's own provider does (the generated <c>BindService</c> method names the methods,
/// the service's overrides handle them), except that each request marshaller refuses malformed bytes with
/// INVALID_ARGUMENT (<see cref="MalformedMessages"/>). grpc-dotnet parses a unary request before interceptors run,
/// so no interceptor could do this. It replaces grpc-dotnet's BinderServiceMethodProvider (<see cref="GrpcSetup"/>).
/// </summary>
public sealed class GuardedServiceMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    private readonly MalformedMessages _malformed;

    public GuardedServiceMethodProvider(MalformedMessages malformed)
    {
        _malformed = malformed;
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (bind, serviceBase) = FindBindMethod(typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService)} is not a generated gRPC service (no [BindServiceMethod] on it or its base classes)");
        var binder = new GuardedServiceBinder<TService>(context, serviceBase, _malformed);
        try
        {
            bind.Invoke(null, [binder, null]);
        }
        catch (TargetInvocationException failed) when (failed.InnerException is not null)
        {
            throw new InvalidOperationException($"Error binding gRPC service '{typeof(TService).Name}'.", failed.InnerException);
        }
    }

    /// <summary>The static BindService(ServiceBinderBase, XBase) the code generator marks with [BindServiceMethod], and XBase.</summary>
    private static (MethodInfo Bind, Type ServiceBase)? FindBindMethod(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } attribute)
                continue;
            var bind = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type]);
            return bind is null ? null : (bind, type);
        }
        return null;
    }
}
