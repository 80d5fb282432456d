using Handoff.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Handoff.Server.WebApp.Pages;

/// <summary>
/// The inbox or the outbox, one page of <see cref="PageSize"/> (the server pages: STAT first, under way before ended),
/// kept live by the page's script, which fetches the rows again (<c>?handler=rows</c>) and swaps them when they changed.
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

    public async Task OnGetAsync(string box, string? after) => await LoadAsync(box, after);

    public async Task<IActionResult> OnGetRowsAsync(string box, string? after)
    {
        await LoadAsync(box, after);
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
        RowsUrl = $"/{Box}?handler=rows" + (after is { Length: > 0 } ? "&after=" + Uri.EscapeDataString(after) : "");
    }
}
