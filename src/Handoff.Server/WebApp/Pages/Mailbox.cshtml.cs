using Handoff.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Handoff.Server.WebApp.Pages;

/// <summary>
/// The inbox or the outbox, one page of <see cref="PageSize"/> (the server pages: STAT first, under way before ended),
/// kept live by the page's script, which asks for the rows again (<c>?handler=rows&amp;version=</c>, a long poll answered
/// when something in the mailboxes changed) and swaps them in.
/// </summary>
public sealed class MailboxModel : HandoffPageModel
{
    public const int PageSize = 50;

    public string Box { get; private set; } = "inbox";

    public bool IsInbox => Box == "inbox";

    public string Title => IsInbox ? "Inbox" : "Outbox";

    public IReadOnlyList<Transfer> Transfers { get; private set; } = [];

    public string NextPageToken { get; private set; } = "";

    public string RowsUrl { get; private set; } = "";

    /// <summary>The mailboxes' change version the rows were listed at.</summary>
    public long Version { get; private set; }

    public static readonly TimeSpan LiveWait = TimeSpan.FromSeconds(20);

    public async Task OnGetAsync(string box, string? after) => await LoadAsync(box, after);

    /// <summary>
    /// The rows again once the mailboxes changed after <paramref name="version"/> (a long poll of at most
    /// <see cref="LiveWait"/>): 204 when nothing changed, so an open page costs one listing (and one audit event) per change.
    /// </summary>
    public async Task<IActionResult> OnGetRowsAsync(string box, string? after, long? version)
    {
        if (version is { } seen && await Client.WaitForMailboxChangeAsync(seen, LiveWait, HttpContext.RequestAborted) == seen)
            return new NoContentResult();
        await LoadAsync(box, after);
        Response.Headers["Handoff-Mailbox-Version"] = Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Partial("_TransferRows", this);
    }

    private async Task LoadAsync(string box, string? after)
    {
        Box = box == "outbox" ? "outbox" : "inbox";
        var request = new ListTransfersRequest
        {
            Mailbox = IsInbox ? Mailbox.Inbox : Mailbox.Outbox,
            Limit = PageSize,
            PageToken = after ?? "",
        };
        var response = await Client.ListTransfersAsync(request, HttpContext.RequestAborted);
        Transfers = response.Transfers;
        NextPageToken = response.NextPageToken;
        Version = response.MailboxVersion;
        RowsUrl = $"/{Box}?handler=rows" + (after is { Length: > 0 } ? "&after=" + Uri.EscapeDataString(after) : "");
    }
}
