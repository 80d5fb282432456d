using System.Globalization;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Gateway.Delivery;

/// <summary>
/// C-STOREs files into a PACS over one association, opened when first needed. Each file is proposed in its own SOP
/// class and transfer syntax (never converted); a file whose pair the open association did not propose reopens it
/// with every pair seen so far, so a study of a few series needs one or two associations, not one per file.
/// </summary>
internal sealed class PacsStorer(PacsDeliveryOptions options, PacsAddress pacs) : IInstanceStorer
{
    private readonly List<StorageScu.FileToStore> _pairs = [];
    private DicomAssociation? _association;

    /// <summary>
    /// Stores one file: null when the PACS holds it (success or a warning), else why it refused it.
    /// <see cref="PacsUnavailableException"/> when the PACS cannot be reached or breaks the association.
    /// </summary>
    public async Task<string?> StoreAsync(StorageScu.FileToStore file, CancellationToken cancellationToken)
    {
        try
        {
            var association = await AssociationForAsync(file, cancellationToken).ConfigureAwait(false);
            var status = await StorageScu.StoreAsync(association, file, cancellationToken).ConfigureAwait(false);
            return DimseStatus.IsSuccessOrWarning(status)
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"{file.SopInstanceUid} (status 0x{status:X4})");
        }
        catch (StoreRefusedException e)
        {
            return $"{file.SopInstanceUid} ({e.Message})";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await DropAsync().ConfigureAwait(false);
            throw new PacsUnavailableException($"PACS {pacs} cannot be reached or broke the association: {e.Message}", e);
        }
    }

    private async Task<DicomAssociation> AssociationForAsync(StorageScu.FileToStore file, CancellationToken cancellationToken)
    {
        var known = _pairs.Exists(p => p.SopClassUid == file.SopClassUid && p.TransferSyntaxUid == file.TransferSyntaxUid);
        if (_association is not null && known)
            return _association;
        if (!known)
            _pairs.Add(file);
        await ReleaseAsync().ConfigureAwait(false);
        var request = new AssociationParameters
        {
            CalledAeTitle = pacs.AeTitle,
            CallingAeTitle = options.CallingAeTitle,
            Proposals = StorageScu.Proposals(_pairs.Count > 128 ? _pairs[^128..] : _pairs, uncompressedAlternatives: true),
        };
        _association = await DicomAssociation.RequestAsync(pacs.Host, pacs.Port, request, new PduLimits(), options.Timeouts, cancellationToken).ConfigureAwait(false);
        return _association;
    }

    /// <summary>Ends the association politely (the PACS may only file instances once it is released).</summary>
    public async Task ReleaseAsync()
    {
        if (_association is not { } association)
            return;
        _association = null;
        try
        {
            await association.ReleaseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or AssociationAbortedException or TimeoutException or OperationCanceledException)
        {
            // Released or not, what the PACS answered success for it holds.
        }
        finally
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task DropAsync()
    {
        if (_association is { } association)
        {
            _association = null;
            await association.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);
}
