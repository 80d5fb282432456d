using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>Who may call what: the operator key, facility keys, and nothing else.</summary>
public sealed class AuthenticationTests : IClassFixture<ServerFixture>
{
    private readonly ServerProcess _server;

    public AuthenticationTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public void FirstStart_OperatorKeyFile_IsOwnerOnlyAndNeverLogged()
    {
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_server.OperatorKeyPath));
        Assert.Matches("^[0-9a-f]{64}$", _server.OperatorKey);
        Assert.DoesNotContain(_server.OperatorKey, _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterFacility_WithOperatorKey_ReturnsAKeyThatWorks()
    {
        var (api, key) = await HandoffApi.RegisterFacilityAsync(_server, "auth-a");
        Assert.StartsWith("hk_auth-a_", key, StringComparison.Ordinal);
        var facilities = await HandoffApi.Operator(_server).Facilities.ListFacilitiesAsync(new ListFacilitiesRequest());
        Assert.Contains(facilities.Facilities, f => f.Id == "auth-a" && f.PatientIdIssuer == "AUTH-A-MRN");
        var audit = await api.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());
        Assert.NotNull(audit);
        Assert.DoesNotContain(key, _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKeys_AreAudited_InTheClaimedFacilitysLogAndTheOperators_OnceANamedFloodIsThrottled()
    {
        var (api, key) = await HandoffApi.RegisterFacilityAsync(_server, "auth-guessed");
        var guess = key[..^8] + "00000000";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var failure = await RpcAssert.FailsWith(Grpc.Core.StatusCode.Unauthenticated,
                () => new HandoffApi(_server, guess).Transfers.ListTransfersAsync(new ListTransfersRequest()).ResponseAsync);
            Assert.DoesNotContain("auth-guessed", failure.Status.Detail, StringComparison.Ordinal);
        }

        var own = await Poll.ForAsync(async () =>
        {
            var events = (await api.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Actor = "auth-guessed" })).Events
                .Where(e => e.Action == "api.authenticate").ToList();
            return events.Count > 0 ? events : null;
        }, TimeSpan.FromSeconds(30), "the refused key in the facility's audit log");
        var operatorLog = await HandoffApi.Operator(_server).Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Actor = "auth-guessed" });

        // Twenty guesses within seconds: one event (a flood does not flood the log), denied, and nothing of the key.
        var refused = Assert.Single(own);
        Assert.Equal("denied", refused.Outcome);
        Assert.Contains(operatorLog.Events, e => e.Action == "api.authenticate" && e.Outcome == "denied");
        Assert.DoesNotContain(guess, refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(guess, _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facilities_WithFacilityKey_IsPermissionDenied()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "auth-b");
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => api.Facilities.ListFacilitiesAsync(new ListFacilitiesRequest()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => api.Facilities.RegisterFacilityAsync(
            new RegisterFacilityRequest { FacilityId = "auth-intruder", DisplayName = "x" }));
    }

    [Fact]
    public async Task AnyCall_WithoutKeyOrWithAWrongKey_IsUnauthenticated()
    {
        var anonymous = new HandoffApi(_server, null);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => anonymous.Facilities.ListFacilitiesAsync(new ListFacilitiesRequest()));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => anonymous.Transfers.ListTransfersAsync(new ListTransfersRequest()));
        var guessing = new HandoffApi(_server, "hk_auth-a_" + new string('0', 64));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => guessing.Transfers.ListTransfersAsync(new ListTransfersRequest()));
        var garbage = new HandoffApi(_server, "not-a-key");
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => garbage.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest()));
    }

    [Fact]
    public async Task RotateKey_OldKeyStopsAtOnce_NewKeyWorks()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "auth-rotate");
        await api.Transfers.ListTransfersAsync(new ListTransfersRequest()); // cached as verified now
        var rotated = await HandoffApi.Operator(_server).Facilities.RotateFacilityKeyAsync(new RotateFacilityKeyRequest { FacilityId = "auth-rotate" });
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => api.Transfers.ListTransfersAsync(new ListTransfersRequest()));
        var renewed = new HandoffApi(_server, rotated.ApiKey);
        await renewed.Transfers.ListTransfersAsync(new ListTransfersRequest());
    }

    [Fact]
    public async Task Disable_KeyIsRefusedAtOnce()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "auth-disable");
        await api.Transfers.ListTransfersAsync(new ListTransfersRequest());
        var disabled = await HandoffApi.Operator(_server).Facilities.DisableFacilityAsync(new DisableFacilityRequest { FacilityId = "auth-disable" });
        Assert.True(disabled.Disabled);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => api.Transfers.ListTransfersAsync(new ListTransfersRequest()));
    }

    [Fact]
    public async Task RotateKey_UnknownFacility_IsNotFoundNamingIt()
    {
        var failure = await RpcAssert.FailsWith(StatusCode.NotFound, () => HandoffApi.Operator(_server).Facilities.RotateFacilityKeyAsync(
            new RotateFacilityKeyRequest { FacilityId = "no-such-facility" }));
        Assert.Contains("no-such-facility", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterFacility_BadSlugOrTwice_NamesTheProblem()
    {
        var operatorApi = HandoffApi.Operator(_server);
        var bad = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => operatorApi.Facilities.RegisterFacilityAsync(
            new RegisterFacilityRequest { FacilityId = "Bad_Slug", DisplayName = "x" }));
        Assert.Contains("facility_id", bad.Status.Detail, StringComparison.Ordinal);
        await HandoffApi.RegisterFacilityAsync(_server, "auth-twice");
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => operatorApi.Facilities.RegisterFacilityAsync(
            new RegisterFacilityRequest { FacilityId = "auth-twice", DisplayName = "again" }));
    }

    [Fact]
    public async Task Uploads_WithOperatorKey_IsPermissionDenied()
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => HandoffApi.Operator(_server).Transfers.ListTransfersAsync(new ListTransfersRequest()));
    }
}
