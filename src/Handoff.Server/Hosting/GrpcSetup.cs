using Grpc.AspNetCore.Server;
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

/// <summary>The gRPC side: services, the three interceptors in their order, the chunk store, health and reflection.</summary>
public static class GrpcSetup
{
    public static IServiceCollection AddHandoffGrpc(this IServiceCollection services)
    {
        // Outermost first: the shutdown gate refuses new calls once SIGTERM arrived; errors are mapped around everything, authentication runs before auditing so the audit
        // knows the caller, and auditing sees the raw outcome of the service.
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<Shutdown.ShutdownGate>(); // outermost: refused calls never reach the services
            grpc.Interceptors.Add<ExceptionMappingInterceptor>();
            grpc.Interceptors.Add<AuthenticationInterceptor>();
            grpc.Interceptors.Add<AuditInterceptor>();
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<UploadOptions>>((grpc, upload) =>
            grpc.MaxReceiveMessageSize = upload.Value.MaxMessageSize);
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<SiloHealthCheck>("silo");

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(OperatorKeyInitializer.LoadOrCreate);
        services.AddSingleton<FacilityKeyCache>();
        services.AddSingleton<AuditLogWriter>();
        services.AddSingleton<AuditBackgroundWriter>();
        services.AddSingleton<AuditTrail>();
        services.AddHandoffChunkStore();
        services.AddSingleton<InstanceVerifier>();
        services.AddSingleton<StudyChunkRecorders>();
        services.AddSingleton<ChunkUploadSessions>();
        services.AddSingleton<StudyDeclarations>();
        services.AddSingleton<TransferAccess>();
        services.AddSingleton<TransferQueries>();
        services.AddSingleton<TransferEventStreams>();
        services.AddSingleton<TransferManifests>();
        services.AddSingleton<VerifiedChunkReader>();
        return services;
    }

    public static WebApplication MapHandoffGrpc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<FacilitiesService>();
        app.MapGrpcService<UploadsService>();
        app.MapGrpcService<TransfersService>();
        app.MapGrpcService<DownloadsService>();
        app.MapGrpcService<AuditService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
