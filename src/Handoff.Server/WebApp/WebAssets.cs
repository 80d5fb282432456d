using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Handoff.Server.WebApp;

/// <summary>
/// The page's own script and style, embedded in the server (no CDN: hospital networks, and this one, have no
/// internet; and no content root to lose). Served at /assets/NAME with an ETag; the page links them with
/// <see cref="UrlOf"/>, which carries the content hash so a new version is never mixed with a cached old one.
/// </summary>
public static class WebAssets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType, string Hash)> Assets = Load();

    public static string UrlOf(string name) => $"/assets/{name}?v={Assets[name].Hash}";

    public static void Map(WebApplication app)
    {
        app.MapGet("/assets/{name}", (HttpContext http, string name) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
                return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(asset.Content, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{asset.Hash}\""));
        }).AllowAnonymous();
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("WebApp.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource["WebApp.".Length..];
            var type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            assets[name] = (bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
