using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// DICOMweb over TLS and HTTP/2 (the Kestrel settings an operator gives the web endpoint): a study stored with STOW-RS
/// over HTTP/2 (its backend calling the server's own gRPC endpoint over TLS, trusting only the configured certificate)
/// is found with QIDO-RS over HTTP/2; a person signing in to the web page over TLS gets a session cookie that is
/// Secure, HttpOnly and SameSite=Strict.
/// </summary>
public sealed class DicomWebTlsTests
{
    [Fact]
    public async Task StowAndQido_OverHttp2WithTls_StoredAndFound()
    {
        using var folder = new TempFolder("dicomweb-tls");
        var pfx = folder.Combine("server.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        }
        var webPort = FreePorts.Take(1)[0];
        var web = new Uri($"https://127.0.0.1:{webPort}");
        await using var server = await ServerProcess.StartAsync(new ServerSettings
        {
            Tls = new TlsCertificate(pfx, "test-password"),
            Arguments = [$"--Kestrel:Endpoints:Web:Url={web}", $"--Kestrel:Endpoints:Web:Certificate:Path={pfx}", "--Kestrel:Endpoints:Web:Certificate:Password=test-password"],
        });
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(server, "tls-src");
        var (_, destinationKey) = await HandoffApi.RegisterFacilityAsync(server, "tls-dst");
        var study = LocalStudy.Write(folder.Combine("study"), seed: 981, slices: 2);
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var http = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var stored = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path)).PostAsync(http, web, "/dicomweb/to/tls-dst/studies?priority=urgent", sourceKey);
        using var search = new HttpRequestMessage(HttpMethod.Get, new Uri(web, $"/dicomweb/studies?PatientID={study.PatientId}")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        search.Headers.Authorization = new AuthenticationHeaderValue("Bearer", destinationKey);
        using var found = await http.SendAsync(search);

        Assert.True(stored.StatusCode == HttpStatusCode.OK, await stored.Content.ReadAsStringAsync());
        Assert.Equal(HttpVersion.Version20, stored.Version);
        Assert.Equal(HttpVersion.Version20, found.Version);
        var studies = JsonDocument.Parse(await found.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(study.StudyInstanceUid, studies[0].GetProperty("0020000D").GetProperty("Value")[0].GetString());

        using var operatorClient = HandoffApi.Operator(server).CreateClient();
        var oneTime = (await operatorClient.Users.AddUserAsync(new Protos.V1.AddUserRequest { FacilityId = "tls-dst", Username = "tess.tls", Role = Protos.V1.UserRole.Clinician })).OneTimePassword;
        using var cookieHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var browser = new HttpClient(cookieHandler);
        using var form = await browser.GetAsync(new Uri(web, "/"));
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("handoff_antiforgery=", StringComparison.Ordinal));
        var antiforgery = antiforgeryCookie.Split(';')[0];
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(web, "/"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "tess.tls", ["password"] = oneTime, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var signedIn = await browser.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("handoff_session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; secure", session, StringComparison.Ordinal);
        Assert.Contains("; httponly", session, StringComparison.Ordinal);
        Assert.Contains("; samesite=strict", session, StringComparison.Ordinal);
        Assert.Contains("; secure", antiforgeryCookie.ToLowerInvariant(), StringComparison.Ordinal);
    }
}
