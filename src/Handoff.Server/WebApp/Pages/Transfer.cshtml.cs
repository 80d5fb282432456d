using System.Text.Json;
using Handoff.Client;
using Handoff.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Handoff.Server.WebApp.Pages;

/// <summary>
/// One transfer: who, what and where, the live status (state, per-series arrival, timeline, acknowledgement), cancel
/// and reconcile for coordinators, and the images (series thumbnails and a stack viewer over WADO-RS rendered). A
/// transfer of another facility, and an id that is not a transfer, get the one not-found page.
/// </summary>
public sealed class TransferModel : HandoffPageModel
{
    /// <summary>Timeline events the page lists (newest); per-instance arrivals are counted, not listed.</summary>
    public const int TimelineShown = 50;

    public Transfer Transfer { get; private set; } = null!;

    public TransferManifest? Manifest { get; private set; }

    public string? Message { get; private set; }

    public bool IsDestination => string.Equals(Transfer.DestinationFacilityId, Session.FacilityId, StringComparison.Ordinal);

    public bool IsSource => string.Equals(Transfer.SourceFacilityId, Session.FacilityId, StringComparison.Ordinal);

    /// <summary>The sender cancels (the destination declines by not acknowledging).</summary>
    public bool CanCancel => IsCoordinator && IsSource && TransferView.IsUnderWay(Transfer.State);

    public bool CanReconcile => IsCoordinator && IsDestination && TransferView.IsUnderWay(Transfer.State);

    public string DicomWebRoot => $"{Request.Scheme}://{Request.Host}/dicomweb";

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!Guid.TryParse(id, out _))
            return NotFoundPage();
        // The version first (any version differs from -1, so this answers at once): a change while the page is made is not missed.
        Version = await Client.WaitForMailboxChangeAsync(-1, TimeSpan.FromMilliseconds(1), HttpContext.RequestAborted);
        await LoadAsync(id);
        Manifest = await Client.GetManifestAsync(Transfer.Id, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>The signed receipt as a file, the same `handoff receipt TRANSFER --out FILE` saves, to verify offline.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(string id)
    {
        if (!Guid.TryParse(id, out var transferId))
            return NotFoundPage();
        var signed = await Client.GetReceiptAsync(transferId.ToString(), HttpContext.RequestAborted);
        return File(Handoff.Client.Receipts.ReceiptDocument.From(signed).ToJson(), "application/json", $"receipt-{transferId}.json");
    }

    /// <summary>
    /// The live part of the page, once something of the facility's transfers changed after <paramref name="version"/>
    /// (a long poll; 204 when nothing did).
    /// </summary>
    public async Task<IActionResult> OnGetStatusAsync(string id, long? version)
    {
        if (!Guid.TryParse(id, out _))
            return NotFoundPage();
        var now = version ?? 0;
        if (version is { } seen && (now = await Client.WaitForMailboxChangeAsync(seen, MailboxModel.LiveWait, HttpContext.RequestAborted)) == seen)
            return new NoContentResult();
        await LoadAsync(id);
        Response.Headers["Handoff-Mailbox-Version"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Partial("_TransferStatus", this);
    }

    /// <summary>The mailboxes' version when the page was made: the live part waits for changes after it.</summary>
    public long Version { get; private set; }

    public async Task<IActionResult> OnPostCancelAsync(string id, string? reason)
    {
        if (!Guid.TryParse(id, out _))
            return NotFoundPage();
        await Client.CancelTransferAsync(id, (reason ?? "").Trim() is { Length: > 0 } r ? r : "cancelled from the web page", HttpContext.RequestAborted);
        return Redirect($"/transfers/{id}");
    }

    public async Task<IActionResult> OnPostReconcileAsync(string id, string? patientId, string? issuer, string? patientName, string? accessionNumber)
    {
        if (!Guid.TryParse(id, out _))
            return NotFoundPage();
        try
        {
            await Client.ReconcilePatientAsync(id, (patientId ?? "").Trim(), (issuer ?? "").Trim(), Blank(patientName), Blank(accessionNumber), HttpContext.RequestAborted);
        }
        catch (HandoffRefusedException refused) when (refused.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition)
        {
            Message = refused.Detail;
            if (!await LoadAsync(id))
                return NotFoundPage();
            Manifest = await Client.GetManifestAsync(Transfer.Id, HttpContext.RequestAborted);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"/transfers/{id}");
    }

    /// <summary>The series the viewer can page through: each instance's rendered URL in instance number order.</summary>
    public string ViewerJson()
    {
        var series = new List<object>();
        foreach (var study in Manifest?.Studies ?? [])
        {
            foreach (var s in study.Series.OrderBy(s => s.SeriesNumber))
            {
                var images = s.Instances.Where(i => i.Available).OrderBy(i => i.InstanceNumber)
                    .Select(i => $"/dicomweb/studies/{study.StudyInstanceUid}/series/{s.SeriesInstanceUid}/instances/{i.SopInstanceUid}/rendered")
                    .ToArray();
                if (images.Length > 0)
                    series.Add(new { label = $"{s.Modality} {s.SeriesNumber} {s.Description}".Trim(), modality = s.Modality, images });
            }
        }
        return JsonSerializer.Serialize(series);
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (!Guid.TryParse(id, out _))
            return false;
        Transfer = await Client.GetTransferAsync(id, HttpContext.RequestAborted);
        return true;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
