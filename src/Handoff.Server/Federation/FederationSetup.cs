using Handoff.Contracts.Federation;
using Handoff.Server.Federation.Relay;

namespace Handoff.Server.Federation;

/// <summary>Federation's services: peer identity on the federation endpoint, the registry cache, outbound channels, the two gRPC services.</summary>
public static class FederationSetup
{
    public static WebApplicationBuilder AddHandoffFederation(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<FederationOptions>().BindConfiguration(FederationOptions.Section).ValidateDataAnnotations()
            .Validate(f => !f.Enabled || (!string.IsNullOrEmpty(f.CertificatePath) && !string.IsNullOrEmpty(f.KeyPath)),
                "Handoff:Federation:CertificatePath and Handoff:Federation:KeyPath are required when Handoff:Federation:Network is set")
            .ValidateOnStart();
        builder.Services.AddSingleton<FederationCertificate>();
        builder.Services.AddSingleton<PeerDirectory>();
        builder.Services.AddSingleton<PeerAuthenticator>();
        builder.Services.AddSingleton<PeerChannels>();
        builder.Services.AddSingleton<FederatedTransfers>();
        builder.Services.AddSingleton<RelayAudit>();
        builder.Services.AddSingleton<RelayWorker>();
        builder.Services.AddSingleton<RelayRunner>();
        builder.Services.AddSingleton<IRelayRunner>(services => services.GetRequiredService<RelayRunner>());
        builder.Services.AddHostedService<RelaySupervisor>();
        builder.AddHandoffFederationEndpoint();
        return builder;
    }

    public static WebApplication MapHandoffFederation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<PeersService>();
        app.MapGrpcService<FederationService>();
        return app;
    }
}
