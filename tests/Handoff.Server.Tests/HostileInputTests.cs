using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// Well-formed messages with hostile values: a timestamp no calendar holds, an id a megabyte long. Each is refused
/// with INVALID_ARGUMENT naming the field, in a message short enough for any client to read.
/// </summary>
public sealed class HostileInputTests : IClassFixture<LargeMessageServerFixture>
{
    private const int ShortMessage = 300;

    private static int s_facilities;

    private readonly ServerProcess _server;

    public HostileInputTests(LargeMessageServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Theory]
    [InlineData(253_402_300_800L, 0)] // 10000-01-01T00:00:00Z
    [InlineData(long.MaxValue, 0)]
    [InlineData(-62_135_596_801L, 0)] // a second before 0001-01-01
    [InlineData(1_800_000_000L, -1)]
    [InlineData(1_800_000_000L, 1_000_000_000)]
    public async Task CreateTransfer_ExpectedArrivalOutOfRange_InvalidArgumentNamingTheField(long seconds, int nanos)
    {
        var api = await NewFacilityAsync();
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => api.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "arrival",
            DestinationFacilityId = "some-hospital",
            StudyInstanceUids = { "1.2.826.0.1.3680043.10.9.1" },
            ExpectedArrival = new Timestamp { Seconds = seconds, Nanos = nanos },
        }));
        Assert.Contains("expected_arrival", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("expected_arrival", FieldOf(failure));
    }

    [Theory]
    [InlineData(253_402_300_799L * 1000)] // the end of year 9999: a valid timestamp, but no arrival
    [InlineData(-1)] // 7 days and a minute ahead
    [InlineData(-2)] // 6 minutes in the past
    public async Task CreateTransfer_ExpectedArrivalBeyondTheBounds_InvalidArgumentNamingTheField(long at)
    {
        var api = await NewFacilityAsync();
        var arrival = at switch
        {
            -1 => DateTimeOffset.UtcNow.AddDays(7).AddMinutes(1),
            -2 => DateTimeOffset.UtcNow.AddMinutes(-6),
            _ => DateTimeOffset.FromUnixTimeMilliseconds(at),
        };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => api.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "arrival-far",
            DestinationFacilityId = "some-hospital",
            StudyInstanceUids = { "1.2.826.0.1.3680043.10.9.1" },
            ExpectedArrival = Timestamp.FromDateTimeOffset(arrival),
        }));
        Assert.Equal("expected_arrival", FieldOf(failure));
        Assert.True(failure.Status.Detail.Length < ShortMessage);
    }

    [Fact]
    public async Task CreateTransfer_ExpectedArrivalWithinTheBounds_IsAccepted()
    {
        var api = await NewFacilityAsync();
        // Past every field check: what is missing is the destination facility and the study.
        await RpcAssert.FailsWith(StatusCode.NotFound, () => api.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "arrival-soon",
            DestinationFacilityId = "some-hospital",
            StudyInstanceUids = { "1.2.826.0.1.3680043.10.9.1" },
            ExpectedArrival = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(6)),
        }));
    }

    [Fact]
    public async Task IdFields_OneMegabyteLong_ShortInvalidArgumentNamingTheField()
    {
        var api = await NewFacilityAsync();
        var huge = new string('7', 1_000_000);
        var calls = new (string Field, Func<Task> Call)[]
        {
            ("transfer_id", async () => await api.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = huge })),
            ("study_instance_uid", async () => await api.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = huge })),
            ("destination_facility_id", async () => await api.Transfers.CreateTransferAsync(new CreateTransferRequest
            {
                RequestId = "huge", DestinationFacilityId = huge, StudyInstanceUids = { "1.2.3" },
            })),
        };
        foreach (var (field, call) in calls)
        {
            var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, call);
            Assert.True(failure.Status.Detail.Length < ShortMessage, $"{field}: {failure.Status.Detail.Length} characters of message");
            Assert.StartsWith(field + " '7777", failure.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("(1000000 characters)", failure.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(field, FieldOf(failure));
            var details = failure.GetRpcStatus()!;
            Assert.True(details.CalculateSize() < 2 * ShortMessage, $"{field}: {details.CalculateSize()} bytes of status details");
        }
    }

    private static string? FieldOf(RpcException failure) =>
        failure.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Single().Field;

    private async Task<HandoffApi> NewFacilityAsync()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, $"hostile-{Interlocked.Increment(ref s_facilities)}");
        return api;
    }
}
