using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Handoff.Server.Administration;
using Handoff.Server.Auditing;
using Handoff.Server.Errors;
using Handoff.Server.Health;
using Handoff.Server.Options;
using Handoff.Server.Receiving;
using Handoff.Server.Security;
using Handoff.Server.Sending;
using Handoff.Server.TransferApi;
using Handoff.Storage.Chunks;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Hosting;

/// <summary>
/// The gRPC side: services, the interceptors in their order, request parsing that refuses malformed messages, the
/// chunk store, health and reflection.
/// </summary>
public static class GrpcSetup
{
    public static IServiceCollection AddHandoffGrpc(this IServiceCollection services)
    {
        // Outermost first: the shutdown gate refuses new calls once SIGTERM arrived; errors are mapped around everything;
        // authentication runs first so the rate limit knows whom to count and the audit knows the caller; calls over a
        // caller's limit stop before the audit (they would flood it); auditing sees the raw outcome of the service.
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<Shutdown.ShutdownGate>(); // outermost: refused calls never reach the services
            grpc.Interceptors.Add<ExceptionMappingInterceptor>();
            grpc.Interceptors.Add<AuthenticationInterceptor>();
            grpc.Interceptors.Add<RateLimitInterceptor>();
            grpc.Interceptors.Add<AuditInterceptor>();
            grpc.Interceptors.Add<UserPermissionInterceptor>(); // inside the audit: a user's refused call is audited
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<UploadOptions>>((grpc, upload) =>
            grpc.MaxReceiveMessageSize = upload.Value.MaxMessageSize);
        // An acknowledgement names every instance of the transfer, and a signed one carries its receipt as well: a
        // CT of a few thousand slices is past the chunk-sized limit of the other calls.
        services.AddOptions<GrpcServiceOptions<DownloadsService>>().Configure(grpc => grpc.MaxReceiveMessageSize = UploadOptions.MaxAcknowledgeMessageSize);
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<SiloHealthCheck>("silo");
        GuardRequestParsing(services);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CallerLimits>();
        // A singleton, so its once-a-minute log throttle spans calls (grpc-dotnet otherwise makes one per call).
        services.AddSingleton<RateLimitInterceptor>();
        services.AddSingleton(OperatorKeyInitializer.LoadOrCreate);
        services.AddSingleton<FacilityKeyCache>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<UserTokens>();
        services.AddSingleton<UserSessionCache>();
        services.AddSingleton<AuthenticationFailures>();
        services.AddSingleton<AuditLogWriter>();
        services.AddSingleton<AuditBackgroundWriter>();
        services.AddSingleton<AuditTrail>();
        services.AddHandoffChunkStore();
        services.AddSingleton<InstanceVerifier>();
        services.AddSingleton<StudyChunkRecorders>();
        services.AddSingleton<ChunkUploadSessions>();
        services.AddSingleton<StudyDeclarations>();
        services.AddSingleton<TransferAccess>();
        services.AddSingleton<Receipts.ClusterCountersigner>();
        services.AddSingleton<Receipts.SignedReceiptCheck>();
        services.AddSingleton<TransferQueries>();
        services.AddSingleton<TransferEventStreams>();
        services.AddSingleton<TransferManifests>();
        services.AddSingleton<VerifiedChunkReader>();
        services.AddSingleton(provider => new Scheduling.ChunkScheduler(provider.GetRequiredService<IOptions<UploadOptions>>().Value.EffectiveConcurrentChunks));
        return services;
    }

    public static WebApplication MapHandoffGrpc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Something registered after GuardRequestParsing (another AddGrpc) would bring grpc-dotnet's binder back, and
        // every method would then be bound twice: fail at start rather than at the first call.
        var providers = app.Services.GetServices<IServiceMethodProvider<TransfersService>>().Select(p => p.GetType().Name);
        if (providers.Any(name => name.StartsWith(DefaultBinderName, StringComparison.Ordinal)))
            throw new InvalidOperationException($"grpc-dotnet's {DefaultBinderName} is registered again after GrpcSetup.GuardRequestParsing");
        app.MapGrpcService<FacilitiesService>();
        app.MapGrpcService<UploadsService>();
        app.MapGrpcService<TransfersService>();
        app.MapGrpcService<DownloadsService>();
        app.MapGrpcService<AuditService>();
        app.MapGrpcService<Users.UsersService>();
        app.MapGrpcService<Receipts.ReceiptsService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    private const string DefaultBinderName = "BinderServiceMethodProvider";

    /// <summary>
    /// Swaps grpc-dotnet's service binder for <see cref="GuardedServiceMethodProvider{TService}"/>, which binds the same
    /// methods with request parsers that answer malformed bytes with INVALID_ARGUMENT (<see cref="MalformedMessages"/>).
    /// </summary>
    private static void GuardRequestParsing(IServiceCollection services)
    {
        services.AddSingleton<MalformedMessages>();
        var binder = services.SingleOrDefault(service => !service.IsKeyedService && service.ServiceType == typeof(IServiceMethodProvider<>)
            && service.ImplementationType?.Name.StartsWith(DefaultBinderName, StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException($"grpc-dotnet's {DefaultBinderName} was not found; has its registration changed?");
        services.Remove(binder);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>));
    }
}
