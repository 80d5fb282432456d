using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Handoff.Server.Errors;
using Microsoft.AspNetCore.Routing;

namespace Handoff.Server.Hosting;

/// <summary>
/// Receives the methods a generated BindService declares and adds each to the service's routes with a guarded
/// request marshaller; the handler is the service's override of the generated base method, found as grpc-dotnet
/// finds it (public instance method of that name and signature overriding the base's).
/// </summary>
internal sealed class GuardedServiceBinder<TService> : ServiceBinderBase
    where TService : class
{
    private readonly ServiceMethodProviderContext<TService> _context;
    private readonly Type _serviceBase;
    private readonly MalformedMessages _malformed;

    public GuardedServiceBinder(ServiceMethodProviderContext<TService> context, Type serviceBase, MalformedMessages malformed)
    {
        _context = context;
        _serviceBase = serviceBase;
        _malformed = malformed;
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(ServerCallContext)]);
        _context.AddUnaryMethod(_malformed.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)]);
        _context.AddClientStreamingMethod(_malformed.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
        _context.AddServerStreamingMethod(_malformed.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
        _context.AddDuplexStreamingMethod(_malformed.Guard(method), metadata, invoker);
    }

    private (TDelegate Invoker, List<object> Metadata) Handler<TDelegate>(string name, Type[] parameters)
        where TDelegate : Delegate
    {
        var handler = FindOverride(name, parameters) ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
        var invoker = (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);
        // As grpc-dotnet: the type's attributes first, the method's last (they win), then POST with CORS preflight allowed.
        List<object> metadata = [.. typeof(TService).GetCustomAttributes(inherit: true), .. handler.GetCustomAttributes(inherit: true)];
        metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
        return (invoker, metadata);
    }

    /// <summary>The public override of the generated base method; a method merely hiding it (same name) is skipped.</summary>
    private MethodInfo? FindOverride(string name, Type[] parameters)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            var candidate = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (candidate is null)
                return null;
            if (candidate.IsVirtual && candidate.GetBaseDefinition().DeclaringType == _serviceBase)
                return candidate;
        }
        return null;
    }
}
