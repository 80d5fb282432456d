using System.Text.Encodings.Web;

namespace Handoff.Server.WebApp;

/// <summary>
/// The not-found, not-allowed and not-valid pages, answered in place of the page asked for. One not-found page for a transfer
/// that does not exist and one of another facility: a user learns nothing from the difference.
/// </summary>
internal static class ErrorPages
{
    public static string Render(string page, string? message)
    {
        var (title, text) = page switch
        {
            "/NotFound" => ("Not found", "There is nothing here, or nothing you may see."),
            "/Invalid" => ("Not done", message ?? "The request was not valid."),
            _ => ("Not allowed", message ?? "Your role does not allow this."),
        };
        var encoder = HtmlEncoder.Default;
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{encoder.Encode(title)} · Handoff</title>
            <link rel="stylesheet" href="{WebAssets.UrlOf("app.css")}"></head>
            <body><header class="bar"><a class="brand" href="/inbox">Handoff</a></header>
            <main><h1 id="error-title">{encoder.Encode(title)}</h1><p>{encoder.Encode(text)}</p><p><a href="/inbox">Back to the inbox</a></p></main>
            </body></html>
            """;
    }
}
