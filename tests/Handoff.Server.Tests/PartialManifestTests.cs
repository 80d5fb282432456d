using Grpc.Core;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// A receiver that learns of new instances from events asks for the manifest of just those: it gets exactly them,
/// with every study's summary, and a request naming too many or malformed instances is refused naming the field.
/// </summary>
public sealed class PartialManifestTests : IClassFixture<ServerFixture>, IDisposable
{
    private static int s_facilities;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("partial-manifest");

    public PartialManifestTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    private async Task<SentStudy> SendStudyAsync()
    {
        var n = Interlocked.Increment(ref s_facilities);
        return await SentStudy.CreateAsync(_server, $"partial-{n}", _files.Combine($"study-{n}"), seed: 300 + n);
    }

    private static GetTransferManifestRequest Naming(SentStudy sent, params string[] sopInstanceUids)
    {
        var request = new GetTransferManifestRequest { TransferId = sent.TransferId };
        foreach (var uid in sopInstanceUids)
            request.Instances.Add(new InstanceRef { StudyInstanceUid = sent.Study.StudyInstanceUid, SopInstanceUid = uid });
        return request;
    }

    [Fact]
    public async Task NamedInstances_ListsExactlyThoseWithTheirHashes_AndTheStudySummary()
    {
        var sent = await SendStudyAsync();
        var wanted = new[] { sent.Study.Instances[1], sent.Study.Instances[3] };
        var full = await sent.Destination.Downloads.GetTransferManifestAsync(new GetTransferManifestRequest { TransferId = sent.TransferId });

        var partial = await sent.Destination.Downloads.GetTransferManifestAsync(Naming(sent, wanted[0].SopInstanceUid, wanted[1].SopInstanceUid, "1.2.3.999.404"));

        var study = Assert.Single(partial.Studies);
        Assert.True(study.Complete);
        Assert.Equal(sent.Study.Instances.Count, study.InstancesDeclared);
        Assert.Equal(full.State, partial.State);
        var listed = study.Series.SelectMany(s => s.Instances).ToDictionary(i => i.SopInstanceUid);
        Assert.Equal(wanted.Select(i => i.SopInstanceUid).Order(), listed.Keys.Order()); // the unknown UID is left out
        var fullListed = full.Studies[0].Series.SelectMany(s => s.Instances).ToDictionary(i => i.SopInstanceUid);
        foreach (var instance in wanted)
            Assert.Equal(fullListed[instance.SopInstanceUid], listed[instance.SopInstanceUid]);
    }

    [Fact]
    public async Task MoreInstancesThanTheLimit_InvalidArgumentNamingTheField()
    {
        var sent = await SendStudyAsync();
        var uids = Enumerable.Range(0, 1001).Select(i => $"1.2.3.{i}").ToArray();

        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => sent.Destination.Downloads.GetTransferManifestAsync(Naming(sent, uids)));

        Assert.Contains("instances", refused.Status.Detail);
        Assert.Contains("1000", refused.Status.Detail);
    }

    [Fact]
    public async Task MalformedUid_InvalidArgumentNamingTheEntry()
    {
        var sent = await SendStudyAsync();

        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => sent.Destination.Downloads.GetTransferManifestAsync(Naming(sent, sent.Study.Instances[0].SopInstanceUid, "not a uid")));

        Assert.Contains("instances[1].sop_instance_uid", refused.Status.Detail);
    }

    [Fact]
    public async Task AnotherFacility_NamingInstances_GetsNotFound()
    {
        var sent = await SendStudyAsync();
        var (stranger, _) = await HandoffApi.RegisterFacilityAsync(_server, $"partial-stranger-{Interlocked.Increment(ref s_facilities)}");

        await RpcAssert.FailsWith(StatusCode.NotFound, () => stranger.Downloads.GetTransferManifestAsync(Naming(sent, sent.Study.Instances[0].SopInstanceUid)));
    }
}
