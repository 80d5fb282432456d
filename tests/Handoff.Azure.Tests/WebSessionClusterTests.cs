using System.Net;
using System.Text.RegularExpressions;
using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>
/// Two silos of one cluster behind one address: a person who signed in through one silo's web endpoint is signed in
/// on the other too (the session keys are the cluster's, in the storage account), and a form the first served is
/// accepted by the second; after the first silo restarts, the session still stands.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class WebSessionClusterTests
{
    private readonly AzuriteProcess _azurite;

    public WebSessionClusterTests(AzuriteProcess azurite) => _azurite = azurite;

    [Fact]
    public async Task SignedInThroughOneSilo_TheOtherSiloAcceptsTheSessionAndItsForms()
    {
        var cluster = new ServerSettings { Azure = AzureCluster.New(_azurite.ConnectionString) };
        await using var first = await ServerProcess.StartAsync(cluster);
        await using var second = await ServerProcess.StartAsync(cluster);
        await HandoffApi.RegisterFacilityAsync(first, "web-cluster");
        using var operatorClient = HandoffApi.Operator(first).CreateClient();
        var oneTime = (await operatorClient.Users.AddUserAsync(new AddUserRequest { FacilityId = "web-cluster", Username = "wendy.web", Role = UserRole.Coordinator })).OneTimePassword;

        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        var signIn = await PostFormAsync(http, first.WebAddress, "/", new() { ["username"] = "wendy.web", ["password"] = oneTime });
        Assert.Equal("/password", signIn.Headers.Location?.OriginalString);
        // Both silos listen on 127.0.0.1: the browser's cookie for one host is sent to both, as behind one Service address.
        var changed = await PostFormAsync(http, second.WebAddress, "/password",
            new() { ["current"] = oneTime, ["next"] = "cluster password 123", ["confirm"] = "cluster password 123" }, formFrom: first.WebAddress);
        Assert.Equal("/inbox", changed.Headers.Location?.OriginalString);

        using var onSecond = await http.GetAsync(new Uri(second.WebAddress, "/inbox"));
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Contains("wendy.web", await onSecond.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await first.RestartAsync();
        using var afterRestart = await http.GetAsync(new Uri(first.WebAddress, "/inbox"));
        Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
    }

    /// <summary>Gets the form page (from <paramref name="formFrom"/>, or the same server) for its antiforgery token, then posts the fields.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, Uri server, string path, Dictionary<string, string> fields, Uri? formFrom = null)
    {
        var page = await http.GetStringAsync(new Uri(formFrom ?? server, path));
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await http.PostAsync(new Uri(server, path), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
