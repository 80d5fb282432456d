using Handoff.Server.Auditing;
using Handoff.Server.Federation;
using Handoff.Server.Hosting;
using Handoff.Server.Retention;
using Handoff.Server.Shutdown;
using Handoff.Server.Web;

// One process, two faces: an Orleans silo (grains hold ids, status and metadata) and a gRPC server (bytes go to the
// chunk store). Settings: SETTINGS.md. The operator key is created under the data folder on first start.
// Content root is the application folder, so appsettings.json (the Kestrel endpoint) is found from any working
// directory; relative data paths still resolve against the working directory, where an operator expects them.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddHandoffOptions();
builder.AddHandoffLogging();
// Before the silo, so the data folder and operator key exist when the storage providers start.
builder.Services.AddHostedService<OperatorKeyInitializer>();
builder.Services.AddHandoffAudit();
builder.AddHandoffSilo();
builder.Services.AddHandoffGrpc();
builder.Services.AddHandoffWeb();
builder.Services.AddHandoffTelemetry();
builder.AddHandoffFederation();
builder.Services.AddHandoffRetention();
// After the silo: hosted services stop in reverse order, so gRPC drains before the silo stops (Shutdown/GrpcDrainService).
builder.Services.AddHandoffGracefulShutdown();

try
{
    var app = builder.Build();
    app.MapHandoffWeb();
    app.MapHandoffMetrics();
    app.MapHandoffGrpc();
    app.MapHandoffFederation();
    app.Run();
}
catch (Microsoft.Extensions.Options.OptionsValidationException invalid)
{
    // A setting out of range is the operator's to fix: one line naming it, not a stack trace.
    Console.Error.WriteLine($"handoff-server: invalid configuration: {string.Join("; ", invalid.Failures)}");
    return 2;
}
catch (StorageUnavailableException unavailable)
{
    // Storage the silo cannot reach is the operator's to fix too; exiting beats retrying for minutes while looking alive.
    Console.Error.WriteLine($"handoff-server: {unavailable.Message}");
    return 3;
}
return 0;
