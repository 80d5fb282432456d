using System.Text.Json;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>`handoff audit --fhir` after a real transfer: every line a FHIR R4 AuditEvent in the IHE BALP shape, naming no patient.</summary>
public sealed class AuditFhirTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly string[] FhirActions = ["C", "R", "U", "D", "E"];

    private readonly TempFolder _files = new();
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task AuditFhir_AfterATransfer_EveryLineABalpAuditEventWithoutPatientData()
    {
        var sent = await SentStudy.CreateAsync(_server, "fhir-src", _files.Combine("study"), seed: 11);
        await sent.Destination.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });

        var result = await HandoffCli.RunAsync(Deadline, "--server", _server.Address, "--key", _server.OperatorKey, "audit", "--fhir", "--limit", "1000");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 4, result.ToString());
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            AssertBalp(document.RootElement, line);
        }
        Assert.Contains(lines, line => line.Contains("\"urn:handoff:transfer\",\"value\":\"" + sent.TransferId + "\"", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("\"urn:oid:" + sent.Study.StudyInstanceUid + "\"", StringComparison.Ordinal));
        Assert.DoesNotContain(sent.Study.PatientName, result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Study.PatientName.Replace('^', ' '), result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Study.PatientId, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditFhir_WithJson_UsageErrorNamingBoth()
    {
        var result = await HandoffCli.RunAsync(Deadline, "--server", _server.Address, "--key", _server.OperatorKey, "audit", "--fhir", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--json and --fhir", result.StandardError, StringComparison.Ordinal);
    }

    private static void AssertBalp(JsonElement resource, string line)
    {
        Assert.Equal("AuditEvent", resource.GetProperty("resourceType").GetString());
        Assert.Matches("^[A-Za-z0-9.-]{1,64}$", resource.GetProperty("id").GetString()!);
        Assert.StartsWith("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.", resource.GetProperty("meta").GetProperty("profile")[0].GetString(), StringComparison.Ordinal);
        var type = resource.GetProperty("type");
        Assert.Equal(("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest"), (type.GetProperty("system").GetString(), type.GetProperty("code").GetString()));
        Assert.Contains(resource.GetProperty("subtype").EnumerateArray(), s => s.GetProperty("system").GetString() == "http://hl7.org/fhir/restful-interaction");
        Assert.Contains(resource.GetProperty("action").GetString(), FhirActions);
        Assert.True(DateTimeOffset.TryParse(resource.GetProperty("recorded").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), line);
        Assert.Contains(resource.GetProperty("outcome").GetString(), (string[])["0", "4", "8", "12"]);
        var agents = resource.GetProperty("agent").EnumerateArray().ToList();
        var requestor = Assert.Single(agents, a => a.GetProperty("requestor").GetBoolean());
        Assert.False(string.IsNullOrEmpty(requestor.GetProperty("who").GetProperty("identifier").GetProperty("value").GetString()), line);
        Assert.NotEmpty(requestor.GetProperty("type").GetProperty("coding").EnumerateArray());
        if (requestor.TryGetProperty("network", out var network))
            Assert.False(string.IsNullOrEmpty(network.GetProperty("address").GetString()), line);
        var source = resource.GetProperty("source");
        Assert.False(string.IsNullOrEmpty(source.GetProperty("observer").GetProperty("display").GetString()), line);
        Assert.NotEmpty(source.GetProperty("type").EnumerateArray());
        foreach (var entity in resource.GetProperty("entity").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(entity.GetProperty("what").GetProperty("identifier").GetProperty("value").GetString()), line);
            Assert.False(entity.GetProperty("what").TryGetProperty("display", out _), "entities are referenced by identifier only");
        }
    }
}
