using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>What an operator notices about the host itself: settings checked at start, log format, stopping cleanly.</summary>
public sealed class ServerHostingTests
{
    [Fact]
    public async Task Start_ChunkSizeOutOfRange_ExitsNamingTheSetting()
    {
        await using var server = await ServerProcess.RunExpectingExitAsync("--Handoff:Upload:ChunkSize=1000");
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains("ChunkSize", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownLogFormat_ExitsNamingTheSetting()
    {
        await using var server = await ServerProcess.RunExpectingExitAsync("--Handoff:Logging:Format=xml");
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains("Handoff:Logging:Format", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLogFormat_EveryLineIsACompactJsonEvent()
    {
        await using var server = await ServerProcess.StartAsync("--Handoff:Logging:Format=json");
        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("@t", out _), line);
        }
    }

    [Fact]
    public async Task Restart_ReadsTheSameOperatorKey()
    {
        await using var server = await ServerProcess.StartAsync();
        var key = server.OperatorKey;
        await server.RestartAsync();
        Assert.Equal(key, server.OperatorKey);
        await HandoffApi.Operator(server).Facilities.ListFacilitiesAsync(new ListFacilitiesRequest());
        Assert.DoesNotContain(key, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_WithAnOpenInboxWatch_EndsTheStreamAsUnavailableAndExitsCleanly()
    {
        await using var server = await ServerProcess.StartAsync();
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(server, "sigterm-a");
        using var watch = facility.Transfers.WatchInbox(new WatchInboxRequest());
        var next = watch.ResponseStream.MoveNext();
        await facility.Transfers.ListTransfersAsync(new ListTransfersRequest()); // the watch call is in flight by now
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {stopping.Elapsed}");
        Assert.Equal(0, exitCode);
        var ended = await Assert.ThrowsAsync<RpcException>(() => next);
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
    }

    [Fact]
    public async Task Tls_CertificateThroughKestrelSettings_ServesGrpcOverHttps()
    {
        using var folder = new TempFolder("tls");
        var pfx = folder.Combine("server.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        }
        await using var server = await ServerProcess.StartAsync(new ServerSettings { Tls = new TlsCertificate(pfx, "test-password") });
        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);
        var facilities = await HandoffApi.Operator(server).Facilities.ListFacilitiesAsync(new ListFacilitiesRequest());
        Assert.Empty(facilities.Facilities);
    }
}
