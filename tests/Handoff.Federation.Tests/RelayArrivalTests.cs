using System.Globalization;
using Handoff.Client;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// The link between the two networks is slow (a <see cref="RateLimitedProxy"/> in front of south's federation port):
/// the upload to north is done at once, but the relay's measured rate puts the images at south after the patient, so
/// north's transfer goes at-risk saying so; the link recovers, the relay finishes and the transfer is on-track.
/// </summary>
public sealed class RelayArrivalTests : IClassFixture<ArrivalPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly ArrivalPair _pair;
    private readonly TempFolder _files = new("relay-arrival");

    public RelayArrivalTests(ArrivalPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Relay_LinkToThePeerTooSlowForTheEta_AtRiskOnTheRelayRate_ThenOnTrackWhenTheLinkRecovers()
    {
        var ends = await FederatedFacilities.CreateAsync(_pair, "eta-north", "eta-south");
        await using var link = RateLimitedProxy.To(_pair.South.FederationAddress, 32 * 1000);
        await _pair.NorthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("south",
            string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{new Uri(link.Url).Port}"), _pair.SouthCertificate));
        // About 3 MB: at 32 kB/s the relay needs over a minute and a half; the patient is expected in one minute.
        var study = LocalStudy.Write(_files.Combine("study"), seed: 91, slices: 24, rows: 256, columns: 256);
        using var client = ends.Source.CreateClient();

        var sent = await client.SendAsync(new FolderInstanceSource(study.ToInstanceFiles()), new SendOptions
        {
            DestinationFacilityId = ends.RemoteAddress, ExpectedArrival = DateTimeOffset.UtcNow.AddSeconds(60), Parallel = 2,
        });
        var atRisk = await RelayTimeline.WaitForEventAsync(ends.Source, sent.TransferId, TransferEventType.AtRisk, Deadline);
        var whileAtRisk = await ends.Source.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });
        link.BytesPerSecond = null;
        var onTrack = await RelayTimeline.WaitForEventAsync(ends.Source, sent.TransferId, TransferEventType.OnTrack, Deadline);
        var final = await ends.Source.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });

        // Everything was uploaded here before the relay was judged: what the relay measured (its rate, or that nothing
        // got through for a whole window) made it at risk.
        Assert.Contains("every byte is here", atRisk.Detail, StringComparison.Ordinal);
        Assert.Contains("to relay", atRisk.Detail, StringComparison.Ordinal);
        Assert.True(whileAtRisk.AtRisk, whileAtRisk.ArrivalBasis);
        Assert.True(onTrack.Sequence > atRisk.Sequence);
        Assert.Contains(final.Timeline, e => e.Type == TransferEventType.RemoteAvailable && e.Sequence < onTrack.Sequence);
        Assert.False(final.AtRisk);
        Assert.False(final.Late);
        Assert.DoesNotContain(final.Timeline, e => e.Type == TransferEventType.Late);
    }
}
