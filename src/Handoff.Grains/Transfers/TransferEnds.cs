using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Federation;
using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Transfers;

/// <summary>
/// The two facilities a transfer joins, as far as this cluster has them: a local end must exist and be enabled, gets
/// the transfer in its outbox or inbox, and the destination's inbox log mirrors the timeline. A remote end
/// ("facility@network") is vouched for by the server, which checked the peer before calling, and its mailboxes are
/// in its own network: the relay tells that cluster, so nothing here touches it.
/// </summary>
internal sealed partial class TransferEnds
{
    private readonly Func<string, IFacilityGrain> _facility;
    private readonly Guid _transferId;
    private readonly ILogger _logger;

    public TransferEnds(Func<string, IFacilityGrain> facility, Guid transferId, ILogger logger)
    {
        _facility = facility;
        _transferId = transferId;
        _logger = logger;
    }

    public static bool IsRemote(string facilityAddress) => FacilityAddress.Parse(facilityAddress).IsRemote;

    /// <summary>NOT_FOUND or FAILED_PRECONDITION naming the role of a local end that is unknown or disabled.</summary>
    public async Task RequireUsableAsync(string sourceFacilityId, string destinationFacilityId)
    {
        if (!IsRemote(sourceFacilityId))
            await RequireUsableAsync(_facility(sourceFacilityId), sourceFacilityId, "source");
        if (!IsRemote(destinationFacilityId))
            await RequireUsableAsync(_facility(destinationFacilityId), destinationFacilityId, "destination");
    }

    /// <summary>The transfer goes into the source's outbox and the destination's inbox (idempotent on their side).</summary>
    public async Task AddToMailboxesAsync(string sourceFacilityId, string destinationFacilityId)
    {
        if (!IsRemote(sourceFacilityId))
            await _facility(sourceFacilityId).AddTransfer(Mailbox.Outbox, _transferId);
        if (!IsRemote(destinationFacilityId))
            await _facility(destinationFacilityId).AddTransfer(Mailbox.Inbox, _transferId);
    }

    /// <summary>
    /// Copies events to a local destination's inbox log. Never throws: the transfer's own timeline is the record, and
    /// an inbox watcher missing some events is not worth failing the command that made them.
    /// </summary>
    public async Task MirrorToInboxAsync(string destinationFacilityId, IReadOnlyList<TransferEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || IsRemote(destinationFacilityId))
            return;
        try
        {
            await _facility(destinationFacilityId).AppendInboxEvents(events);
        }
        catch (Exception exception)
        {
            LogMirrorFailed(_logger, exception, _transferId, destinationFacilityId);
        }
    }

    /// <summary>
    /// Tells both local ends that the transfer changed, so their mailbox index and open pages follow. One-way: never
    /// waits, never throws (a lost message leaves a page a change behind until the next one).
    /// </summary>
    public void NotifyChanged(string sourceFacilityId, string destinationFacilityId, TransferListPosition position, TransferStatus state, DateTimeOffset updatedAt)
    {
        foreach (var facilityId in new[] { sourceFacilityId, destinationFacilityId }.Distinct(StringComparer.Ordinal))
        {
            if (IsRemote(facilityId) || facilityId.Length == 0)
                continue;
            try
            {
                _ = _facility(facilityId).OnTransferChanged(position, state, updatedAt);
            }
            catch (Exception exception)
            {
                LogNotifyFailed(_logger, exception, _transferId, facilityId);
            }
        }
    }

    private static async Task RequireUsableAsync(IFacilityGrain facility, string facilityId, string role)
    {
        var info = await facility.GetInfo();
        if (info is null)
            throw DomainException.NotFound($"{role} facility '{facilityId}' not found");
        if (info.Disabled)
            throw DomainException.WrongState($"{role} facility '{facilityId}' is disabled");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: telling {FacilityId} of a change failed")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, Guid transferId, string facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: mirroring events to the inbox of {FacilityId} failed")]
    private static partial void LogMirrorFailed(ILogger logger, Exception exception, Guid transferId, string facilityId);
}
